/**
 * Elastic network interfaces of one account-region as AWS Config `AWS::EC2::NetworkInterface` items,
 * read with DescribeNetworkInterfaces (paged, 1,000 a page). They say what a security group is used
 * by: instances, Lambda functions in a VPC, RDS instances, load balancers, VPC endpoints and NAT
 * gateways all reach the network through an ENI, and each ENI lists its `groups`.
 *
 * Config's paths (awslabs/aws-config-resource-schema): `configuration.{networkInterfaceId,
 * groups[].{groupId, groupName}, attachment.{instanceId, status}, interfaceType, requesterId,
 * requesterManaged, description, status, subnetId, vpcId, …}`; the tags (`TagSet` in the API) go to the
 * top-level `tags`. Relationships as Config records them for an ENI: the security groups, subnet, VPC
 * and attached instance. No per-resource read: a failing listing propagates (the read's region error).
 */
import { DescribeNetworkInterfacesCommand, EC2Client, type NetworkInterface } from '@aws-sdk/client-ec2';
import { errorName } from '../aws/aws-errors';
import { collectPages } from '../aws/pager';
import type { ConfigurationItem, Relationship } from '../model';
import { defineCollector } from './collector';
import { partitionOf, tagMap, toConfigCase } from './config-case';

const RESOURCE_TYPE = 'AWS::EC2::NetworkInterface';

/** Largest page DescribeNetworkInterfaces allows (5–1000). */
const PAGE_SIZE = 1000;

/** What EC2 answers for an ENI id that does not exist (any more). */
const NOT_FOUND = new Set(['InvalidNetworkInterfaceID.NotFound', 'InvalidNetworkInterfaceID.Malformed']);

function relationshipsOf(eni: NetworkInterface): Relationship[] {
  const relationships: Relationship[] = (eni.Groups ?? [])
    .map((g) => g.GroupId)
    .filter((id): id is string => id !== undefined)
    .map((id) => ({
      resourceType: 'AWS::EC2::SecurityGroup',
      resourceId: id,
      name: 'Is associated with SecurityGroup',
    }));
  if (eni.SubnetId !== undefined) {
    relationships.push({ resourceType: 'AWS::EC2::Subnet', resourceId: eni.SubnetId, name: 'Is contained in Subnet' });
  }
  if (eni.VpcId !== undefined) {
    relationships.push({ resourceType: 'AWS::EC2::VPC', resourceId: eni.VpcId, name: 'Is contained in Vpc' });
  }
  const instanceId = eni.Attachment?.InstanceId;
  if (instanceId !== undefined) {
    relationships.push({ resourceType: 'AWS::EC2::Instance', resourceId: instanceId, name: 'Is attached to Instance' });
  }
  return relationships;
}

function networkInterfaceToCi(eni: NetworkInterface, accountId: string, region: string): ConfigurationItem | undefined {
  const id = eni.NetworkInterfaceId;
  if (id === undefined) return undefined;
  const { TagSet, ...rest } = eni;
  return {
    resourceType: RESOURCE_TYPE,
    resourceId: id,
    arn: `arn:${partitionOf(region)}:ec2:${region}:${accountId}:network-interface/${id}`,
    accountId,
    region,
    availabilityZone: eni.AvailabilityZone ?? 'Not Applicable',
    status: 'OK',
    configuration: toConfigCase(rest) as Record<string, unknown>,
    supplementaryConfiguration: {},
    tags: tagMap(TagSet),
    relationships: relationshipsOf(eni),
  };
}

const ec2NetworkInterfacesCollector = defineCollector({
  resourceTypes: [RESOURCE_TYPE],
  scope: 'region',
  api: 'ec2:DescribeNetworkInterfaces',
  reads: ['ec2:DescribeNetworkInterfaces'],
  recordedByConfig: true,
  async collect(ctx) {
    const ec2 = ctx.client(EC2Client, ctx.region);
    const enis = await collectPages('DescribeNetworkInterfaces', async (token) => {
      const page = await ec2.send(
        new DescribeNetworkInterfacesCommand({
          MaxResults: PAGE_SIZE,
          ...(token === undefined ? {} : { NextToken: token }),
        }),
      );
      return { items: page.NetworkInterfaces ?? [], nextToken: page.NextToken };
    });
    return {
      items: enis.map((eni) => networkInterfaceToCi(eni, ctx.accountId, ctx.region)).filter((ci) => ci !== undefined),
    };
  },
  async readOne(ctx, ref) {
    if (ref.resourceId === undefined) return undefined;
    try {
      const out = await ctx
        .client(EC2Client, ctx.region)
        .send(new DescribeNetworkInterfacesCommand({ NetworkInterfaceIds: [ref.resourceId] }));
      const [eni] = out.NetworkInterfaces ?? [];
      return eni === undefined ? undefined : networkInterfaceToCi(eni, ctx.accountId, ctx.region);
    } catch (error) {
      if (NOT_FOUND.has(errorName(error))) return undefined;
      throw error;
    }
  },
});

export { ec2NetworkInterfacesCollector, networkInterfaceToCi };
