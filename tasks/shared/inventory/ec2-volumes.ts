/**
 * EBS volumes of one account-region as AWS Config `AWS::EC2::Volume` configuration items
 * (`configuration.{encrypted, kmsKeyId, state, attachments[]…}`, awslabs/aws-config-resource-schema).
 */
import { DescribeVolumesCommand, type EC2Client, type Volume } from '@aws-sdk/client-ec2';
import { collectPages } from '../aws/pager';
import type { ConfigurationItem, Relationship } from '../model';
import { partitionOf, tagMap, toConfigCase } from './config-case';

/** The page size the AWS CLI uses for DescribeVolumes. */
const PAGE_SIZE = 1000;

/** IAM actions of this collector's calls. */
const EC2_VOLUME_READS = ['ec2:DescribeVolumes'] as const;

function volumeToCi(volume: Volume, accountId: string, region: string): ConfigurationItem | undefined {
  const volumeId = volume.VolumeId;
  if (volumeId === undefined) return undefined;
  const { Tags, ...rest } = volume;
  const relationships: Relationship[] = [];
  for (const attachment of volume.Attachments ?? []) {
    const instanceId = attachment.InstanceId;
    if (instanceId !== undefined && !relationships.some((r) => r.resourceId === instanceId)) {
      relationships.push({
        resourceType: 'AWS::EC2::Instance',
        resourceId: instanceId,
        name: 'Is attached to Instance',
      });
    }
  }
  return {
    resourceType: 'AWS::EC2::Volume',
    resourceId: volumeId,
    arn: `arn:${partitionOf(region)}:ec2:${region}:${accountId}:volume/${volumeId}`,
    accountId,
    region,
    ...(volume.AvailabilityZone === undefined ? {} : { availabilityZone: volume.AvailabilityZone }),
    status: 'OK',
    configuration: {
      ...(toConfigCase(rest) as Record<string, unknown>),
      tags: (Tags ?? []).filter((t) => t.Key !== undefined).map((t) => ({ key: t.Key, value: t.Value ?? '' })),
    },
    supplementaryConfiguration: {},
    tags: tagMap(Tags),
    relationships,
  };
}

/** Every volume of the region (all pages, every state). Errors propagate (see `collectAccountLive`). */
async function collectVolumes(
  ec2: EC2Client,
  account: { readonly accountId: string },
  region: string,
): Promise<ConfigurationItem[]> {
  const volumes = await collectPages('DescribeVolumes', async (token) => {
    const page = await ec2.send(
      new DescribeVolumesCommand({ MaxResults: PAGE_SIZE, ...(token === undefined ? {} : { NextToken: token }) }),
    );
    return { items: page.Volumes ?? [], nextToken: page.NextToken };
  });
  return volumes.map((v) => volumeToCi(v, account.accountId, region)).filter((ci) => ci !== undefined);
}

export { collectVolumes, EC2_VOLUME_READS, volumeToCi };
