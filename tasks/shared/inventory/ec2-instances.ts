/**
 * EC2 instances of one account-region as AWS Config `AWS::EC2::Instance` configuration items.
 */
import { type EC2Client, type Instance, paginateDescribeInstances } from '@aws-sdk/client-ec2';
import type { ConfigurationItem, Relationship } from '../model';
import { partitionOf, tagMap, toConfigCase } from './config-case';

const RESOURCE_TYPE = 'AWS::EC2::Instance';

/** IAM actions of this collector's calls. */
const EC2_INSTANCE_READS = ['ec2:DescribeInstances'] as const;

/** The relationships AWS Config records for an instance (names exactly as Config writes them). */
function instanceRelationships(instance: Instance): Relationship[] {
  const relationships: Relationship[] = [];
  const seen = new Set<string>();
  const add = (resourceType: string, resourceId: string | undefined, name: string): void => {
    if (resourceId === undefined || resourceId === '') return;
    const key = `${resourceType}|${resourceId}|${name}`;
    if (seen.has(key)) return;
    seen.add(key);
    relationships.push({ resourceType, resourceId, name });
  };
  for (const eni of instance.NetworkInterfaces ?? []) {
    add('AWS::EC2::NetworkInterface', eni.NetworkInterfaceId, 'Contains NetworkInterface');
  }
  for (const group of instance.SecurityGroups ?? []) {
    add('AWS::EC2::SecurityGroup', group.GroupId, 'Is associated with SecurityGroup');
  }
  for (const eni of instance.NetworkInterfaces ?? []) {
    for (const group of eni.Groups ?? [])
      add('AWS::EC2::SecurityGroup', group.GroupId, 'Is associated with SecurityGroup');
  }
  add('AWS::EC2::Subnet', instance.SubnetId, 'Is contained in Subnet');
  for (const mapping of instance.BlockDeviceMappings ?? []) {
    add('AWS::EC2::Volume', mapping.Ebs?.VolumeId, 'Is attached to Volume');
  }
  add('AWS::EC2::VPC', instance.VpcId, 'Is contained in Vpc');
  return relationships;
}

/** One DescribeInstances instance -> its configuration item. Terminated instances lack most fields; all are optional here. */
function instanceToCi(instance: Instance, accountId: string, region: string): ConfigurationItem | undefined {
  const instanceId = instance.InstanceId;
  if (instanceId === undefined) return undefined;
  const availabilityZone = instance.Placement?.AvailabilityZone;
  return {
    resourceType: RESOURCE_TYPE,
    resourceId: instanceId,
    arn: `arn:${partitionOf(region)}:ec2:${region}:${accountId}:instance/${instanceId}`,
    accountId,
    region,
    ...(availabilityZone === undefined || availabilityZone === '' ? {} : { availabilityZone }),
    status: 'OK',
    configuration: toConfigCase(instance) as Record<string, unknown>,
    supplementaryConfiguration: {},
    tags: tagMap(instance.Tags),
    relationships: instanceRelationships(instance),
  };
}

/**
 * Every instance (all states) in `region`. Errors propagate: the caller decides what a failing
 * region means (see `collectAccountLive`).
 */
async function collectEc2Instances(
  ec2: EC2Client,
  account: { readonly accountId: string },
  region: string,
): Promise<ConfigurationItem[]> {
  const items: ConfigurationItem[] = [];
  for await (const page of paginateDescribeInstances({ client: ec2 }, { MaxResults: 1000 })) {
    for (const reservation of page.Reservations ?? []) {
      for (const instance of reservation.Instances ?? []) {
        const ci = instanceToCi(instance, account.accountId, region);
        if (ci !== undefined) items.push(ci);
      }
    }
  }
  return items;
}

export { collectEc2Instances, EC2_INSTANCE_READS, instanceRelationships, instanceToCi, toConfigCase };
