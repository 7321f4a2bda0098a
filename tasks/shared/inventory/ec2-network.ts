/**
 * EC2 security groups, subnets and VPCs of one account-region as AWS Config configuration items, with
 * the property paths of awslabs/aws-config-resource-schema (`AWS::EC2::SecurityGroup`,
 * `AWS::EC2::Subnet`, `AWS::EC2::VPC`).
 *
 * Security groups are rebuilt the way Config records them, which differs from the API: each
 * permission carries `ipRanges` (the IPv4 CIDRs as plain strings, the legacy form) *and*
 * `ipv4Ranges: [{cidrIp, description}]`, next to `ipv6Ranges: [{cidrIpv6, description}]`.
 */
import {
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcsCommand,
  type EC2Client,
  type IpPermission,
  type SecurityGroup,
  type Subnet,
  type Vpc,
} from '@aws-sdk/client-ec2';
import { collectPages } from '../aws/pager';
import type { ConfigurationItem, Relationship } from '../model';
import { partitionOf, tagMap, toConfigCase } from './config-case';

/** Largest page DescribeSecurityGroups / DescribeSubnets / DescribeVpcs allow. */
const PAGE_SIZE = 1000;

/** IAM actions of these collectors' calls, by what they collect. */
const SECURITY_GROUP_READS = ['ec2:DescribeSecurityGroups'] as const;
const SUBNET_READS = ['ec2:DescribeSubnets'] as const;
const VPC_READS = ['ec2:DescribeVpcs'] as const;

interface Account {
  readonly accountId: string;
}

function ec2Arn(region: string, accountId: string, type: string, id: string): string {
  return `arn:${partitionOf(region)}:ec2:${region}:${accountId}:${type}/${id}`;
}

/** Config's `tags` list inside `configuration` (`[{key, value}]`). */
function configTags(
  tags: ReadonlyArray<{ Key?: string; Value?: string }> | undefined,
): { key: string; value: string }[] {
  return (tags ?? []).filter((t) => t.Key !== undefined).map((t) => ({ key: t.Key as string, value: t.Value ?? '' }));
}

/** One API permission in Config's shape (legacy `ipRanges` strings and `ipv4Ranges` objects). */
function permissionToConfig(p: IpPermission): Record<string, unknown> {
  const ipv4 = p.IpRanges ?? [];
  return {
    ipProtocol: p.IpProtocol,
    ...(p.FromPort === undefined ? {} : { fromPort: p.FromPort }),
    ...(p.ToPort === undefined ? {} : { toPort: p.ToPort }),
    ipRanges: ipv4.map((r) => r.CidrIp).filter((c): c is string => c !== undefined),
    ipv4Ranges: ipv4.map((r) => toConfigCase(r)),
    ipv6Ranges: (p.Ipv6Ranges ?? []).map((r) => toConfigCase(r)),
    prefixListIds: (p.PrefixListIds ?? []).map((r) => toConfigCase(r)),
    userIdGroupPairs: (p.UserIdGroupPairs ?? []).map((r) => toConfigCase(r)),
  };
}

function securityGroupToCi(sg: SecurityGroup, accountId: string, region: string): ConfigurationItem | undefined {
  const groupId = sg.GroupId;
  if (groupId === undefined) return undefined;
  const configuration: Record<string, unknown> = {
    description: sg.Description,
    groupName: sg.GroupName,
    groupId,
    ownerId: sg.OwnerId,
    ipPermissions: (sg.IpPermissions ?? []).map(permissionToConfig),
    ipPermissionsEgress: (sg.IpPermissionsEgress ?? []).map(permissionToConfig),
    ...(sg.VpcId === undefined ? {} : { vpcId: sg.VpcId }),
    tags: configTags(sg.Tags),
  };
  for (const key of Object.keys(configuration)) if (configuration[key] === undefined) delete configuration[key];
  return {
    resourceType: 'AWS::EC2::SecurityGroup',
    resourceId: groupId,
    ...(sg.GroupName === undefined ? {} : { resourceName: sg.GroupName }),
    arn: ec2Arn(region, accountId, 'security-group', groupId),
    accountId,
    region,
    availabilityZone: 'Not Applicable',
    status: 'OK',
    configuration,
    supplementaryConfiguration: {},
    tags: tagMap(sg.Tags),
    relationships:
      sg.VpcId === undefined
        ? []
        : [{ resourceType: 'AWS::EC2::VPC', resourceId: sg.VpcId, name: 'Is contained in Vpc' }],
  };
}

function subnetToCi(subnet: Subnet, accountId: string, region: string): ConfigurationItem | undefined {
  const subnetId = subnet.SubnetId;
  if (subnetId === undefined) return undefined;
  const { Tags, ...rest } = subnet;
  return {
    resourceType: 'AWS::EC2::Subnet',
    resourceId: subnetId,
    arn: subnet.SubnetArn ?? ec2Arn(region, accountId, 'subnet', subnetId),
    accountId,
    region,
    ...(subnet.AvailabilityZone === undefined ? {} : { availabilityZone: subnet.AvailabilityZone }),
    status: 'OK',
    configuration: { ...(toConfigCase(rest) as Record<string, unknown>), tags: configTags(Tags) },
    supplementaryConfiguration: {},
    tags: tagMap(Tags),
    relationships:
      subnet.VpcId === undefined
        ? []
        : [{ resourceType: 'AWS::EC2::VPC', resourceId: subnet.VpcId, name: 'Is contained in Vpc' }],
  };
}

function vpcToCi(vpc: Vpc, accountId: string, region: string): ConfigurationItem | undefined {
  const vpcId = vpc.VpcId;
  if (vpcId === undefined) return undefined;
  const { Tags, ...rest } = vpc;
  return {
    resourceType: 'AWS::EC2::VPC',
    resourceId: vpcId,
    arn: ec2Arn(region, accountId, 'vpc', vpcId),
    accountId,
    region,
    availabilityZone: 'Multiple Availability Zones',
    status: 'OK',
    configuration: { ...(toConfigCase(rest) as Record<string, unknown>), tags: configTags(Tags) },
    supplementaryConfiguration: {},
    tags: tagMap(Tags),
    relationships: [],
  };
}

/** Every security group of the region (all pages). Errors propagate (see `collectAccountLive`). */
async function collectSecurityGroups(ec2: EC2Client, account: Account, region: string): Promise<ConfigurationItem[]> {
  const groups = await collectPages('DescribeSecurityGroups', async (token) => {
    const page = await ec2.send(
      new DescribeSecurityGroupsCommand({
        MaxResults: PAGE_SIZE,
        ...(token === undefined ? {} : { NextToken: token }),
      }),
    );
    return { items: page.SecurityGroups ?? [], nextToken: page.NextToken };
  });
  return groups.map((sg) => securityGroupToCi(sg, account.accountId, region)).filter((ci) => ci !== undefined);
}

async function collectSubnets(ec2: EC2Client, account: Account, region: string): Promise<ConfigurationItem[]> {
  const subnets = await collectPages('DescribeSubnets', async (token) => {
    const page = await ec2.send(
      new DescribeSubnetsCommand({ MaxResults: PAGE_SIZE, ...(token === undefined ? {} : { NextToken: token }) }),
    );
    return { items: page.Subnets ?? [], nextToken: page.NextToken };
  });
  return subnets.map((s) => subnetToCi(s, account.accountId, region)).filter((ci) => ci !== undefined);
}

async function collectVpcs(ec2: EC2Client, account: Account, region: string): Promise<ConfigurationItem[]> {
  const vpcs = await collectPages('DescribeVpcs', async (token) => {
    const page = await ec2.send(
      new DescribeVpcsCommand({ MaxResults: PAGE_SIZE, ...(token === undefined ? {} : { NextToken: token }) }),
    );
    return { items: page.Vpcs ?? [], nextToken: page.NextToken };
  });
  return vpcs.map((v) => vpcToCi(v, account.accountId, region)).filter((ci) => ci !== undefined);
}

/** What a VPC contains, named as Config names the relationships (`Contains Subnet`, …). */
const CONTAINED: Readonly<Record<string, string>> = {
  'AWS::EC2::Subnet': 'Contains Subnet',
  'AWS::EC2::SecurityGroup': 'Contains SecurityGroup',
  'AWS::EC2::Instance': 'Contains Instance',
};

/**
 * The VPC items of `items` with their `Contains …` relationships to the subnets, security groups and
 * instances collected in the same account-region (DescribeVpcs does not say what a VPC contains).
 * Other items are returned unchanged, in order.
 */
function linkVpcs(items: readonly ConfigurationItem[]): ConfigurationItem[] {
  const contained = new Map<string, Relationship[]>();
  for (const ci of items) {
    const name = CONTAINED[ci.resourceType];
    const vpcId = ci.configuration.vpcId;
    if (name === undefined || typeof vpcId !== 'string') continue;
    const key = `${ci.accountId}|${ci.region}|${vpcId}`;
    const list = contained.get(key) ?? [];
    list.push({ resourceType: ci.resourceType, resourceId: ci.resourceId, name });
    contained.set(key, list);
  }
  return items.map((ci) => {
    if (ci.resourceType !== 'AWS::EC2::VPC') return ci;
    const relationships = contained.get(`${ci.accountId}|${ci.region}|${ci.resourceId}`);
    return relationships === undefined ? ci : { ...ci, relationships: [...ci.relationships, ...relationships] };
  });
}

export {
  collectSecurityGroups,
  collectSubnets,
  collectVpcs,
  linkVpcs,
  permissionToConfig,
  SECURITY_GROUP_READS,
  SUBNET_READS,
  securityGroupToCi,
  subnetToCi,
  VPC_READS,
  vpcToCi,
};
