import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DescribeInstancesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { configCaseKey } from '../../../../tasks/shared/inventory/config-case';
import { collectEc2Instances, toConfigCase } from '../../../../tasks/shared/inventory/ec2-instances';
import type { ConfigurationItem } from '../../../../tasks/shared/model';
import { stubPlacebo } from '../../../support/placebo';

const ACCOUNT = { accountId: '644160558196' };
const ec2 = mockClient(EC2Client);
afterEach(() => ec2.reset());

async function collect(recording: string, region: string): Promise<ConfigurationItem[]> {
  stubPlacebo(ec2.on(DescribeInstancesCommand), recording);
  return collectEc2Instances(new EC2Client({ region }), ACCOUNT, region);
}

function byId(items: readonly ConfigurationItem[], id: string): ConfigurationItem {
  const ci = items.find((item) => item.resourceId === id);
  if (ci === undefined) throw new Error(`${id} not collected`);
  return ci;
}

describe('toConfigCase', () => {
  it.each([
    ['InstanceId', 'instanceId'],
    ['VpcId', 'vpcId'],
    ['KMSMasterKeyID', 'kmsMasterKeyID'],
    ['SSEAlgorithm', 'sseAlgorithm'],
    ['ID', 'id'],
    ['Arn', 'arn'],
    ['EbsOptimized', 'ebsOptimized'],
    ['Ipv6Addresses', 'ipv6Addresses'],
    ['AmiLaunchIndex', 'amiLaunchIndex'],
    ['HttpPutResponseHopLimit', 'httpPutResponseHopLimit'],
    ['EnableResourceNameDnsAAAARecord', 'enableResourceNameDnsAAAARecord'],
    ['BlockPublicAcls', 'blockPublicAcls'],
    ['EC2InstanceId', 'ec2InstanceId'],
    ['S3Bucket', 's3Bucket'],
    ['alreadyCamel', 'alreadyCamel'],
  ])('%s -> %s', (key, expected) => {
    expect(configCaseKey(key)).toBe(expected);
  });

  it('converts deeply, keeps values, turns Dates into ISO strings and drops undefined and $metadata', () => {
    expect(
      toConfigCase({
        $metadata: { httpStatusCode: 200 },
        State: { Code: 16, Name: 'running' },
        Tags: [{ Key: 'Owner', Value: 'TeamA' }],
        LaunchTime: new Date('2016-07-23T21:16:58Z'),
        KernelId: undefined,
        ProductCodes: [],
      }),
    ).toEqual({
      state: { code: 16, name: 'running' },
      tags: [{ key: 'Owner', value: 'TeamA' }],
      launchTime: '2016-07-23T21:16:58.000Z',
      productCodes: [],
    });
  });

  it('passes scalars and null through', () => {
    expect(toConfigCase(null)).toBe(null);
    expect(toConfigCase('AES256')).toBe('AES256');
    expect(toConfigCase(3)).toBe(3);
  });
});

describe('collectEc2Instances', () => {
  it('an empty region yields no items', async () => {
    expect(await collect('test_ec2_augment_tag_empty__ec2.DescribeInstances_1.json', 'us-east-1')).toEqual([]);
    expect(ec2.commandCalls(DescribeInstancesCommand).map((c) => c.args[0].input)).toEqual([{ MaxResults: 1000 }]);
  });

  it('collects every instance of every reservation, terminated ones included (test_ec2_resize)', async () => {
    const items = await collect('test_ec2_resize__ec2.DescribeInstances_1.json', 'us-west-2');
    expect(items.map((ci) => [ci.resourceId, (ci.configuration.state as { name: string }).name])).toEqual([
      ['i-057d29d8349b3f25c', 'terminated'],
      ['i-0fd6bd23de18b49b0', 'running'],
      ['i-049325e1e22630e7f', 'stopped'],
      ['i-0336e7446f541800c', 'terminated'],
      ['i-0860ad18bd798339e', 'terminated'],
      ['i-0e2a65fcc30f05c39', 'running'],
    ]);
  });

  it('builds a terminated instance from the few fields it has', async () => {
    const ci = byId(await collect('test_ec2_resize__ec2.DescribeInstances_1.json', 'us-west-2'), 'i-057d29d8349b3f25c');
    expect(ci).toEqual({
      resourceType: 'AWS::EC2::Instance',
      resourceId: 'i-057d29d8349b3f25c',
      arn: 'arn:aws:ec2:us-west-2:644160558196:instance/i-057d29d8349b3f25c',
      accountId: '644160558196',
      region: 'us-west-2',
      availabilityZone: 'us-west-2c',
      status: 'OK',
      configuration: {
        monitoring: { state: 'disabled' },
        publicDnsName: '',
        rootDeviceType: 'ebs',
        state: { code: 48, name: 'terminated' },
        ebsOptimized: true,
        launchTime: '2016-07-23T20:50:23.000Z',
        productCodes: [],
        stateTransitionReason: 'User initiated (2016-07-23 20:53:39 GMT)',
        instanceId: 'i-057d29d8349b3f25c',
        imageId: 'ami-d732f0b7',
        privateDnsName: '',
        keyName: 'c7n-recorder',
        securityGroups: [],
        clientToken: 'wVUgU1469305185773',
        instanceType: 'm3.medium',
        networkInterfaces: [],
        placement: { tenancy: 'default', groupName: '', availabilityZone: 'us-west-2c' },
        hypervisor: 'xen',
        blockDeviceMappings: [],
        architecture: 'x86_64',
        stateReason: {
          message: 'Client.UserInitiatedShutdown: User initiated shutdown',
          code: 'Client.UserInitiatedShutdown',
        },
        rootDeviceName: '/dev/sda1',
        virtualizationType: 'hvm',
        amiLaunchIndex: 0,
      },
      supplementaryConfiguration: {},
      tags: {},
      relationships: [],
    });
    expect(ci.configuration).not.toHaveProperty('subnetId');
    expect(ci.configuration).not.toHaveProperty('vpcId');
  });

  it('relates a running instance to its ENI, security group, subnet, volume and VPC as Config names them', async () => {
    const ci = byId(await collect('test_ec2_resize__ec2.DescribeInstances_1.json', 'us-west-2'), 'i-0fd6bd23de18b49b0');
    expect(ci.relationships).toEqual([
      { resourceType: 'AWS::EC2::NetworkInterface', resourceId: 'eni-d24cf88d', name: 'Contains NetworkInterface' },
      { resourceType: 'AWS::EC2::SecurityGroup', resourceId: 'sg-f9cc4d9f', name: 'Is associated with SecurityGroup' },
      { resourceType: 'AWS::EC2::Subnet', resourceId: 'subnet-5fb47507', name: 'Is contained in Subnet' },
      { resourceType: 'AWS::EC2::Volume', resourceId: 'vol-939af313', name: 'Is attached to Volume' },
      { resourceType: 'AWS::EC2::VPC', resourceId: 'vpc-4a9ff72e', name: 'Is contained in Vpc' },
    ]);
    expect(ci.tags).toEqual({});
    expect(ci.configuration.subnetId).toBe('subnet-5fb47507');
    expect(ci.configuration.vpcId).toBe('vpc-4a9ff72e');
    expect(ci.configuration.blockDeviceMappings).toEqual([
      {
        deviceName: '/dev/sda1',
        ebs: {
          status: 'attached',
          deleteOnTermination: true,
          volumeId: 'vol-939af313',
          attachTime: '2016-07-23T21:00:45.000Z',
        },
      },
    ]);
    expect((ci.configuration.networkInterfaces as Record<string, unknown>[])[0]?.attachment).toEqual({
      status: 'attached',
      deviceIndex: 0,
      deleteOnTermination: true,
      attachmentId: 'eni-attach-c643a765',
      attachTime: '2016-07-23T21:00:44.000Z',
    });
  });

  it('maps Tags to the top-level tags map and to configuration.tags [{key, value}]', async () => {
    const items = await collect('test_iam_instance_profile_inuse__ec2.DescribeInstances_1.json', 'us-east-1');
    expect(items.map((ci) => [ci.resourceId, ci.tags])).toEqual([
      ['i-094bc87c84d56c589', { Name: 'Mandeep-portworx' }],
      ['i-0bc6dcda399bbb39a', { Name: 'Mandeep-portworx' }],
      ['i-015739b967104bdb7', { Name: 'Mandeep-portworx' }],
      ['i-05329d73456d367f5', { Name: 'c7n-test' }],
      ['i-051ddfa43d1b9f4f6', { Name: 'Test-EC2' }],
    ]);
    const ci = byId(items, 'i-051ddfa43d1b9f4f6');
    expect(ci.configuration.tags).toEqual([{ key: 'Name', value: 'Test-EC2' }]);
    expect(ci.configuration.iamInstanceProfile).toEqual({
      arn: expect.stringMatching(/^arn:aws:iam::644160558196:instance-profile\//),
      id: expect.stringMatching(/^AIP/),
    });
    expect(ci.configuration.publicIpAddress).toEqual(expect.any(String));
    const stopped = byId(items, 'i-094bc87c84d56c589');
    expect(stopped.relationships.filter((r) => r.resourceType === 'AWS::EC2::Volume').map((r) => r.resourceId)).toEqual(
      ['vol-1eefcfcc', 'vol-aac9e978'],
    );
  });

  it('records IMDS settings, CloudFormation tags and both security groups (test_ec2_set_md_access)', async () => {
    const items = await collect('test_ec2_set_md_access__ec2.DescribeInstances_1.json', 'us-east-1');
    expect(items).toHaveLength(4);
    const ci = byId(items, 'i-04af9cf7218a61430');
    expect(ci.configuration.metadataOptions).toEqual({
      state: 'applied',
      httpTokens: 'optional',
      httpPutResponseHopLimit: 1,
      httpEndpoint: 'enabled',
      httpProtocolIpv6: 'disabled',
      instanceMetadataTags: 'disabled',
    });
    expect(ci.configuration.privateDnsNameOptions).toEqual({
      hostnameType: 'ip-name',
      enableResourceNameDnsARecord: false,
      enableResourceNameDnsAAAARecord: false,
    });
    expect(ci.configuration.usageOperationUpdateTime).toBe('2022-08-16T19:41:57.000Z');
    expect(ci.tags['aws:cloudformation:stack-name']).toBe('awseb-e-2fs3xmpxw9-stack');
    expect(ci.tags['aws:cloudformation:logical-id']).toBe('AWSEBAutoScalingGroup');
    expect(Object.keys(ci.tags)).toHaveLength(8);
    expect(ci.relationships.filter((r) => r.name === 'Is associated with SecurityGroup')).toEqual([
      {
        resourceType: 'AWS::EC2::SecurityGroup',
        resourceId: 'sg-00664ada4aba04455',
        name: 'Is associated with SecurityGroup',
      },
      {
        resourceType: 'AWS::EC2::SecurityGroup',
        resourceId: 'sg-08fbe5b2a86689769',
        name: 'Is associated with SecurityGroup',
      },
    ]);
    expect(ci.availabilityZone).toBe('us-east-1a');
  });

  it("uses the member names Config uses wherever Config's own CI has the same member", async () => {
    const config = JSON.parse(
      readFileSync(path.resolve(process.cwd(), '../shared/corpus/aws-config-rdk/AWS_EC2_Instance.json'), 'utf8'),
    ) as { configuration: unknown };
    const names = (value: unknown, into = new Set<string>()): Set<string> => {
      if (Array.isArray(value)) for (const item of value) names(item, into);
      else if (typeof value === 'object' && value !== null) {
        for (const [key, member] of Object.entries(value)) {
          into.add(key);
          names(member, into);
        }
      }
      return into;
    };
    const configNames = names(config.configuration);
    const byLowerCase = new Map([...configNames].map((n) => [n.toLowerCase(), n]));
    const ours = names(
      (await collect('test_ec2_set_md_access__ec2.DescribeInstances_1.json', 'us-east-1')).map(
        (ci) => ci.configuration,
      ),
    );
    const shared = [...ours].filter((n) => byLowerCase.has(n.toLowerCase()));
    expect(shared.length).toBeGreaterThan(40);
    for (const name of shared) expect(name).toBe(byLowerCase.get(name.toLowerCase()));
  });

  it('follows NextToken through every page', async () => {
    // Inputs are copied when sent: the SDK paginator reuses one input object between pages.
    const sent: unknown[] = [];
    const pages = [
      {
        Reservations: [{ Instances: [{ InstanceId: 'i-1', State: { Code: 16, Name: 'running' } }] }],
        NextToken: 'page-2',
      },
      { Reservations: [{ Instances: [{ InstanceId: 'i-2' }, { InstanceId: 'i-3' }] }] },
    ];
    ec2.on(DescribeInstancesCommand).callsFake((input: object) => {
      sent.push({ ...input });
      return pages[sent.length - 1];
    });
    const items = await collectEc2Instances(new EC2Client({ region: 'eu-west-1' }), ACCOUNT, 'eu-west-1');
    expect(items.map((ci) => ci.resourceId)).toEqual(['i-1', 'i-2', 'i-3']);
    expect(sent).toEqual([{ MaxResults: 1000 }, { MaxResults: 1000, NextToken: 'page-2' }]);
  });

  it('uses the region partition in ARNs', async () => {
    ec2.on(DescribeInstancesCommand).resolves({ Reservations: [{ Instances: [{ InstanceId: 'i-0abc' }] }] });
    const [ci] = await collectEc2Instances(new EC2Client({ region: 'cn-north-1' }), ACCOUNT, 'cn-north-1');
    expect(ci?.arn).toBe('arn:aws-cn:ec2:cn-north-1:644160558196:instance/i-0abc');
    expect(ci).not.toHaveProperty('availabilityZone');
  });

  it('propagates errors (the caller decides what a failing region means)', async () => {
    ec2
      .on(DescribeInstancesCommand)
      .rejects(Object.assign(new Error('not authorized'), { name: 'UnauthorizedOperation' }));
    await expect(
      collectEc2Instances(new EC2Client({ region: 'us-east-1' }), ACCOUNT, 'us-east-1'),
    ).rejects.toMatchObject({
      name: 'UnauthorizedOperation',
    });
  });
});
