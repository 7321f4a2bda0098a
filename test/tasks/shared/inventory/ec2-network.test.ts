import {
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcsCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { PaginationError } from '../../../../tasks/shared/aws/pager';
import {
  collectSecurityGroups,
  collectSubnets,
  collectVpcs,
  linkVpcs,
} from '../../../../tasks/shared/inventory/ec2-network';
import type { ConfigurationItem } from '../../../../tasks/shared/model';
import { stubPlacebo } from '../../../support/placebo';

const ACCOUNT = { accountId: '644160558196' };
const ec2 = mockClient(EC2Client);
afterEach(() => ec2.reset());
const client = () => new EC2Client({ region: 'us-east-1' });

function byId(items: readonly ConfigurationItem[], id: string): ConfigurationItem {
  const ci = items.find((item) => item.resourceId === id);
  if (ci === undefined) throw new Error(`${id} not collected`);
  return ci;
}

describe('collectSecurityGroups', () => {
  it('builds the Config shape: legacy ipRanges strings next to ipv4Ranges objects, prefix lists, peers (test_appelb)', async () => {
    stubPlacebo(
      ec2.on(DescribeSecurityGroupsCommand),
      'test_appelb_add_security_group__ec2.DescribeSecurityGroups_1.json',
    );
    const items = await collectSecurityGroups(client(), ACCOUNT, 'us-east-1');
    expect(items.map((ci) => ci.resourceId)).toEqual(['sg-01a19f602ecaf25f4', 'sg-0b650189861ce4f6c', 'sg-c573e6b3']);
    expect(byId(items, 'sg-01a19f602ecaf25f4')).toEqual({
      resourceType: 'AWS::EC2::SecurityGroup',
      resourceId: 'sg-01a19f602ecaf25f4',
      resourceName: 'test-isolation-group',
      arn: 'arn:aws:ec2:us-east-1:644160558196:security-group/sg-01a19f602ecaf25f4',
      accountId: '644160558196',
      region: 'us-east-1',
      availabilityZone: 'Not Applicable',
      status: 'OK',
      configuration: {
        description: 'Isolation SG',
        groupName: 'test-isolation-group',
        groupId: 'sg-01a19f602ecaf25f4',
        ownerId: '123412341234',
        ipPermissions: [
          {
            ipProtocol: 'tcp',
            fromPort: 80,
            toPort: 80,
            ipRanges: ['192.168.0.1/31'],
            ipv4Ranges: [{ cidrIp: '192.168.0.1/31', description: 'testcidr' }],
            ipv6Ranges: [],
            prefixListIds: [{ prefixListId: 'pl-63a5400b' }],
            userIdGroupPairs: [],
          },
        ],
        ipPermissionsEgress: [
          {
            ipProtocol: 'tcp',
            fromPort: 80,
            toPort: 80,
            ipRanges: ['20.0.0.0/8'],
            ipv4Ranges: [{ cidrIp: '20.0.0.0/8' }],
            ipv6Ranges: [],
            prefixListIds: [],
            userIdGroupPairs: [],
          },
        ],
        vpcId: 'vpc-3d05f145',
        tags: [],
      },
      supplementaryConfiguration: {},
      tags: {},
      relationships: [{ resourceType: 'AWS::EC2::VPC', resourceId: 'vpc-3d05f145', name: 'Is contained in Vpc' }],
    });
  });

  it('a group without a Tags key and an all-traffic egress rule without ports (sg_controllers)', async () => {
    stubPlacebo(
      ec2.on(DescribeSecurityGroupsCommand),
      'test_appelb_add_security_group__ec2.DescribeSecurityGroups_1.json',
    );
    const ci = byId(await collectSecurityGroups(client(), ACCOUNT, 'us-east-1'), 'sg-c573e6b3');
    expect(ci.tags).toEqual({});
    expect(ci.configuration.tags).toEqual([]);
    expect(ci.configuration.ipPermissionsEgress).toEqual([
      {
        ipProtocol: '-1',
        ipRanges: ['10.0.0.0/8'],
        ipv4Ranges: [{ cidrIp: '10.0.0.0/8' }],
        ipv6Ranges: [],
        prefixListIds: [],
        userIdGroupPairs: [{ groupId: 'sg-c573e6b3', userId: '123412341234' }],
      },
    ]);
  });

  it('collects all 42 groups of the real sweep, tagged or not', async () => {
    stubPlacebo(
      ec2.on(DescribeSecurityGroupsCommand),
      'test_security_group_self_reference__ec2.DescribeSecurityGroups_2.json',
    );
    const items = await collectSecurityGroups(client(), ACCOUNT, 'us-east-1');
    expect(items).toHaveLength(42);
    // 32 of the 42 have no Tags key at all: an empty map, never a missing one.
    expect(items.filter((ci) => Object.keys(ci.tags).length === 0)).toHaveLength(32);
    expect(byId(items, 'sg-f8c78787').tags).toEqual({ Name: 'FancyTestGroupPublic', NetworkLocation: 'Public' });
    expect(new Set(items.map((ci) => ci.configuration.vpcId))).toEqual(
      new Set(['vpc-d2d616b5', 'vpc-b2c27acb', 'vpc-f1516b97']),
    );
    expect(ec2.commandCalls(DescribeSecurityGroupsCommand).map((c) => c.args[0].input)).toEqual([{ MaxResults: 1000 }]);
  });

  it('follows NextToken with a fresh input per page', async () => {
    ec2
      .on(DescribeSecurityGroupsCommand)
      .resolvesOnce({ SecurityGroups: [{ GroupId: 'sg-1', GroupName: 'a', VpcId: 'vpc-1' }], NextToken: 't2' })
      .resolvesOnce({ SecurityGroups: [{ GroupId: 'sg-2', GroupName: 'b', VpcId: 'vpc-1' }], NextToken: '' });
    const items = await collectSecurityGroups(client(), ACCOUNT, 'us-east-1');
    expect(items.map((ci) => ci.resourceId)).toEqual(['sg-1', 'sg-2']);
    expect(ec2.commandCalls(DescribeSecurityGroupsCommand).map((c) => c.args[0].input)).toEqual([
      { MaxResults: 1000 },
      { MaxResults: 1000, NextToken: 't2' },
    ]);
  });

  it('a repeated NextToken is an error, not an endless loop', async () => {
    ec2.on(DescribeSecurityGroupsCommand).resolves({ SecurityGroups: [], NextToken: 'same' });
    await expect(collectSecurityGroups(client(), ACCOUNT, 'us-east-1')).rejects.toBeInstanceOf(PaginationError);
    expect(ec2.commandCalls(DescribeSecurityGroupsCommand)).toHaveLength(2);
  });

  it('an error answer (the recorded InvalidGroup.NotFound) propagates to the caller', async () => {
    stubPlacebo(ec2.on(DescribeSecurityGroupsCommand), 'test_security_group_delete__ec2.DescribeSecurityGroups_2.json');
    await expect(collectSecurityGroups(client(), ACCOUNT, 'us-east-1')).rejects.toMatchObject({
      name: 'InvalidGroup.NotFound',
      $metadata: { httpStatusCode: 400 },
    });
  });
});

describe('collectVpcs', () => {
  it('the default VPC without Tags, camelCase configuration (test_ec2_default_vpc)', async () => {
    stubPlacebo(ec2.on(DescribeVpcsCommand), 'test_ec2_default_vpc__ec2.DescribeVpcs_1.json');
    expect(await collectVpcs(client(), ACCOUNT, 'us-west-2')).toEqual([
      {
        resourceType: 'AWS::EC2::VPC',
        resourceId: 'vpc-4a9ff72e',
        arn: 'arn:aws:ec2:us-west-2:644160558196:vpc/vpc-4a9ff72e',
        accountId: '644160558196',
        region: 'us-west-2',
        availabilityZone: 'Multiple Availability Zones',
        status: 'OK',
        configuration: {
          vpcId: 'vpc-4a9ff72e',
          instanceTenancy: 'default',
          state: 'available',
          dhcpOptionsId: 'dopt-78ab4f1c',
          cidrBlock: '172.31.0.0/16',
          isDefault: true,
          tags: [],
        },
        supplementaryConfiguration: {},
        tags: {},
        relationships: [],
      },
    ]);
  });

  it('IPv6 association sets keep the schema paths (ipv6CidrBlockAssociationSet.ipv6CidrBlockState.state)', async () => {
    stubPlacebo(ec2.on(DescribeVpcsCommand), 'test_vpc_delete_flow_logs__ec2.DescribeVpcs_1.json');
    const items = await collectVpcs(client(), ACCOUNT, 'us-east-1');
    expect(items.map((ci) => ci.resourceId)).toEqual([
      'vpc-f1516b97',
      'vpc-f8c6d983',
      'vpc-03005fb9b8740263d',
      'vpc-d2d616b5',
    ]);
    const ipv6 = byId(items, 'vpc-f8c6d983');
    expect(ipv6.configuration.ipv6CidrBlockAssociationSet).toEqual([
      {
        ipv6CidrBlock: '2600:1f18:2466:4b00::/56',
        associationId: 'vpc-cidr-assoc-caff12a6',
        ipv6CidrBlockState: { state: 'associated' },
      },
    ]);
    expect(ipv6.configuration.cidrBlockAssociationSet).toEqual([
      { associationId: 'vpc-cidr-assoc-c9ff12a5', cidrBlock: '10.0.0.0/16', cidrBlockState: { state: 'associated' } },
    ]);
    expect(byId(items, 'vpc-f1516b97').tags).toEqual({ Name: 'FancyTestVPC', tagfancykey: 'tagfanncyvalue' });
  });

  it('an empty region (the recorded Vpcs: []) yields nothing', async () => {
    stubPlacebo(ec2.on(DescribeVpcsCommand), 'test_vpc_delete__ec2.DescribeVpcs_2.json');
    expect(await collectVpcs(client(), ACCOUNT, 'us-east-1')).toEqual([]);
  });
});

describe('collectSubnets', () => {
  // No DescribeSubnets recording in the corpus: SDK-shaped output as the API documents it.
  it('availableIpAddressCount and cidrBlock at the schema paths; SubnetArn as the ARN', async () => {
    ec2.on(DescribeSubnetsCommand).resolves({
      Subnets: [
        {
          AvailabilityZone: 'us-east-1a',
          AvailabilityZoneId: 'use1-az2',
          AvailableIpAddressCount: 9,
          CidrBlock: '10.16.16.0/24',
          DefaultForAz: false,
          MapPublicIpOnLaunch: false,
          State: 'available',
          SubnetId: 'subnet-0b1a2c3d4e5f60004',
          VpcId: 'vpc-0990dc6d',
          OwnerId: '644160558196',
          AssignIpv6AddressOnCreation: false,
          Ipv6CidrBlockAssociationSet: [],
          Tags: [{ Key: 'Name', Value: 'payments-private-b' }],
          SubnetArn: 'arn:aws:ec2:us-east-1:644160558196:subnet/subnet-0b1a2c3d4e5f60004',
          Ipv6Native: false,
        },
      ],
    });
    const [ci] = await collectSubnets(client(), ACCOUNT, 'us-east-1');
    expect(ci).toMatchObject({
      resourceType: 'AWS::EC2::Subnet',
      resourceId: 'subnet-0b1a2c3d4e5f60004',
      arn: 'arn:aws:ec2:us-east-1:644160558196:subnet/subnet-0b1a2c3d4e5f60004',
      availabilityZone: 'us-east-1a',
      tags: { Name: 'payments-private-b' },
      relationships: [{ resourceType: 'AWS::EC2::VPC', resourceId: 'vpc-0990dc6d', name: 'Is contained in Vpc' }],
    });
    expect(ci?.configuration).toMatchObject({
      availableIpAddressCount: 9,
      cidrBlock: '10.16.16.0/24',
      state: 'available',
      ipv6Native: false,
      tags: [{ key: 'Name', value: 'payments-private-b' }],
    });
  });
});

describe('linkVpcs', () => {
  it('adds Contains relationships for the subnets, groups and instances of each VPC, in the same region only', () => {
    const ci = (resourceType: string, resourceId: string, region: string, vpcId?: string): ConfigurationItem => ({
      resourceType,
      resourceId,
      arn: resourceId,
      accountId: '644160558196',
      region,
      status: 'OK',
      configuration: vpcId === undefined ? {} : { vpcId },
      supplementaryConfiguration: {},
      tags: {},
      relationships: [],
    });
    const linked = linkVpcs([
      ci('AWS::EC2::VPC', 'vpc-1', 'us-east-1'),
      ci('AWS::EC2::Subnet', 'subnet-1', 'us-east-1', 'vpc-1'),
      ci('AWS::EC2::SecurityGroup', 'sg-1', 'us-east-1', 'vpc-1'),
      ci('AWS::EC2::Instance', 'i-1', 'us-east-1', 'vpc-1'),
      ci('AWS::EC2::Volume', 'vol-1', 'us-east-1', 'vpc-1'),
      ci('AWS::EC2::Subnet', 'subnet-2', 'eu-west-1', 'vpc-1'),
    ]);
    expect(linked[0]?.relationships).toEqual([
      { resourceType: 'AWS::EC2::Subnet', resourceId: 'subnet-1', name: 'Contains Subnet' },
      { resourceType: 'AWS::EC2::SecurityGroup', resourceId: 'sg-1', name: 'Contains SecurityGroup' },
      { resourceType: 'AWS::EC2::Instance', resourceId: 'i-1', name: 'Contains Instance' },
    ]);
    expect(linked.slice(1).every((item) => item.relationships.length === 0)).toBe(true);
  });
});
