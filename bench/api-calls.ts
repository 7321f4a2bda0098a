/**
 * `apiCalls`: the live collectors (what `Collect resources` runs in AWS) against recorded responses
 * (aws-sdk-client-mock) for one account-region holding 5,000 EC2 resources (instances, volumes,
 * security groups, subnets, VPCs), plus what the instances and volumes come with (one network
 * interface per instance, one snapshot per volume, 20 of them public, a flow log per VPC), and 200 S3
 * buckets. The responses honour `MaxResults` and
 * `NextToken` as EC2 does, so the figure is the number of calls the collectors really make.
 * `assumeRolePerAccount` is measured on the same account swept in four regions (the three others
 * empty): one AssumeRole serves them all.
 */
import {
  DescribeFlowLogsCommand,
  DescribeInstancesCommand,
  DescribeNetworkInterfacesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSnapshotsCommand,
  DescribeSubnetsCommand,
  DescribeVolumesCommand,
  DescribeVpcsCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import { DescribeDBInstancesCommand, DescribeDBSnapshotsCommand, RDSClient } from '@aws-sdk/client-rds';
import {
  GetBucketAclCommand,
  GetBucketEncryptionCommand,
  GetBucketLoggingCommand,
  GetBucketPolicyCommand,
  GetBucketTaggingCommand,
  GetBucketVersioningCommand,
  GetPublicAccessBlockCommand,
  ListBucketsCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import {
  GetPublicAccessBlockCommand as GetAccountPublicAccessBlockCommand,
  S3ControlClient,
} from '@aws-sdk/client-s3-control';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { createCredentialCache } from '../tasks/shared/aws/credentials';
import { collectAccountLive, defaultClientFactories } from '../tasks/shared/inventory/index';
import { IAM_ESTATE, stubBaseline, stubDataServices, stubIam } from './api-calls-more';

const ACCOUNT = '123456789012';
const REGION = 'us-east-1';
/** The account-region's EC2 estate: 5,000 resources. */
const EC2_ESTATE = { instances: 3000, volumes: 1500, securityGroups: 400, subnets: 80, vpcs: 20 } as const;
/** What comes with it: an ENI per instance, a snapshot per volume (`PUBLIC_SNAPSHOTS` of them public), a flow log per VPC. */
const EC2_ATTACHED = { networkInterfaces: 3000, snapshots: 1500, flowLogs: 20 } as const;
const PUBLIC_SNAPSHOTS = 20;
const BUCKETS = 200;

interface ApiCallFigures {
  readonly ec2Resources: number;
  readonly buckets: number;
  readonly resourcesCollected: number;
  readonly calls: Record<string, number>;
  readonly ec2Calls: number;
  readonly ec2CallsPer1kResources: number;
  readonly s3CallsPerBucket: number;
  readonly assumeRolePerAccount: number;
  readonly regionsSwept: number;
  readonly iamUsers: number;
  /** IAM calls per user (the per-user reads dominate: policies, groups, keys and their last use, MFA, login profile). */
  readonly iamCallsPerUser: number;
  /** Reads that failed in the one-region sweep (0: every call of every collector was answered). */
  readonly readErrors: number;
}

/** A page of `all` as EC2 answers `MaxResults`/`NextToken` (the token is the next offset). */
function page<T>(all: readonly T[], input: { MaxResults?: number; NextToken?: string }) {
  const start = input.NextToken === undefined ? 0 : Number(input.NextToken);
  const size = Math.min(input.MaxResults ?? 1000, 1000);
  const end = Math.min(all.length, start + size);
  return { items: all.slice(start, end), ...(end < all.length ? { NextToken: String(end) } : {}) };
}

function ec2Estate(region: string, empty: boolean) {
  const n = (count: number) => (empty ? 0 : count);
  const id = (prefix: string, i: number) => `${prefix}-${(i + 0x10000000).toString(16).padStart(17, '0')}`;
  const vpcs = Array.from({ length: n(EC2_ESTATE.vpcs) }, (_, i) => ({
    VpcId: id('vpc', i),
    CidrBlock: '10.0.0.0/16',
    State: 'available' as const,
    OwnerId: ACCOUNT,
  }));
  const subnets = Array.from({ length: n(EC2_ESTATE.subnets) }, (_, i) => ({
    SubnetId: id('subnet', i),
    VpcId: id('vpc', i % EC2_ESTATE.vpcs),
    CidrBlock: `10.0.${i}.0/24`,
    AvailableIpAddressCount: 200,
    AvailabilityZone: `${region}a`,
    OwnerId: ACCOUNT,
  }));
  const securityGroups = Array.from({ length: n(EC2_ESTATE.securityGroups) }, (_, i) => ({
    GroupId: id('sg', i),
    GroupName: `group-${i}`,
    VpcId: id('vpc', i % EC2_ESTATE.vpcs),
    OwnerId: ACCOUNT,
    IpPermissions: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '10.0.0.0/8' }] }],
  }));
  const volumes = Array.from({ length: n(EC2_ESTATE.volumes) }, (_, i) => ({
    VolumeId: id('vol', i),
    Size: 8,
    State: 'in-use' as const,
    Encrypted: true,
    AvailabilityZone: `${region}a`,
    VolumeType: 'gp3' as const,
  }));
  const instances = Array.from({ length: n(EC2_ESTATE.instances) }, (_, i) => ({
    InstanceId: id('i', i),
    InstanceType: 't3.micro' as const,
    State: { Code: 16, Name: 'running' as const },
    SubnetId: id('subnet', i % EC2_ESTATE.subnets),
    VpcId: id('vpc', i % EC2_ESTATE.vpcs),
    SecurityGroups: [{ GroupId: id('sg', i % EC2_ESTATE.securityGroups), GroupName: 'g' }],
    Tags: [
      { Key: 'Owner', Value: 'team' },
      { Key: 'CostCenter', Value: 'cc-1' },
    ],
  }));
  const networkInterfaces = instances.map((instance, i) => ({
    NetworkInterfaceId: id('eni', i),
    SubnetId: instance.SubnetId,
    VpcId: instance.VpcId,
    Groups: instance.SecurityGroups,
    Attachment: { InstanceId: instance.InstanceId, Status: 'attached' as const, DeviceIndex: 0 },
    InterfaceType: 'interface' as const,
    Status: 'in-use' as const,
  }));
  const snapshots = volumes.map((volume, i) => ({
    SnapshotId: id('snap', i),
    VolumeId: volume.VolumeId,
    VolumeSize: volume.Size,
    State: 'completed' as const,
    Encrypted: i >= PUBLIC_SNAPSHOTS,
    OwnerId: ACCOUNT,
  }));
  const flowLogs = vpcs.map((vpc, i) => ({
    FlowLogId: id('fl', i),
    ResourceId: vpc.VpcId,
    TrafficType: 'ALL' as const,
    FlowLogStatus: 'ACTIVE',
  }));
  return { vpcs, subnets, securityGroups, volumes, instances, networkInterfaces, snapshots, flowLogs };
}

function stubAws(regions: readonly string[]) {
  const ec2 = mockClient(EC2Client);
  const s3 = mockClient(S3Client);
  const s3control = mockClient(S3ControlClient);
  const rds = mockClient(RDSClient);
  const sts = mockClient(STSClient);
  const estates = new Map(regions.map((r, i) => [r, ec2Estate(r, i > 0)]));
  const estateOf = async (client: { config: { region: unknown } }) => {
    const region = typeof client.config.region === 'function' ? await client.config.region() : client.config.region;
    return estates.get(String(region)) ?? ec2Estate(String(region), true);
  };
  // aws-sdk-client-mock passes (input, getClient); the client says which region it was built for.
  ec2.on(DescribeInstancesCommand).callsFake(async (input, getClient) => {
    const p = page((await estateOf(getClient())).instances, input);
    return { Reservations: p.items.length > 0 ? [{ Instances: p.items }] : [], NextToken: p.NextToken };
  });
  ec2.on(DescribeVolumesCommand).callsFake(async (input, getClient) => {
    const p = page((await estateOf(getClient())).volumes, input);
    return { Volumes: p.items, NextToken: p.NextToken };
  });
  ec2.on(DescribeSecurityGroupsCommand).callsFake(async (input, getClient) => {
    const p = page((await estateOf(getClient())).securityGroups, input);
    return { SecurityGroups: p.items, NextToken: p.NextToken };
  });
  ec2.on(DescribeSubnetsCommand).callsFake(async (input, getClient) => {
    const p = page((await estateOf(getClient())).subnets, input);
    return { Subnets: p.items, NextToken: p.NextToken };
  });
  ec2.on(DescribeVpcsCommand).callsFake(async (input, getClient) => {
    const p = page((await estateOf(getClient())).vpcs, input);
    return { Vpcs: p.items, NextToken: p.NextToken };
  });
  ec2.on(DescribeNetworkInterfacesCommand).callsFake(async (input, getClient) => {
    const p = page((await estateOf(getClient())).networkInterfaces, input);
    return { NetworkInterfaces: p.items, NextToken: p.NextToken };
  });
  ec2.on(DescribeSnapshotsCommand).callsFake(async (input, getClient) => {
    const all = (await estateOf(getClient())).snapshots;
    // RestorableByUserIds=[all] answers only the public ones, as EC2 does.
    const p = page(input.RestorableByUserIds?.includes('all') ? all.slice(0, PUBLIC_SNAPSHOTS) : all, input);
    return { Snapshots: p.items, NextToken: p.NextToken };
  });
  ec2.on(DescribeFlowLogsCommand).callsFake(async (input, getClient) => {
    const p = page((await estateOf(getClient())).flowLogs, input);
    return { FlowLogs: p.items, NextToken: p.NextToken };
  });
  rds.on(DescribeDBInstancesCommand).resolves({ DBInstances: [] });
  rds.on(DescribeDBSnapshotsCommand).resolves({ DBSnapshots: [] });
  const buckets = Array.from({ length: BUCKETS }, (_, i) => ({
    Name: `bench-bucket-${i}`,
    CreationDate: new Date('2024-01-01T00:00:00Z'),
    BucketRegion: REGION,
  }));
  s3.on(ListBucketsCommand).resolves({ Buckets: buckets, Owner: { ID: 'owner' } });
  s3.on(GetBucketEncryptionCommand).resolves({
    ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
  });
  s3.on(GetPublicAccessBlockCommand).resolves({
    PublicAccessBlockConfiguration: {
      BlockPublicAcls: true,
      IgnorePublicAcls: true,
      BlockPublicPolicy: true,
      RestrictPublicBuckets: true,
    },
  });
  s3.on(GetBucketTaggingCommand).resolves({ TagSet: [{ Key: 'Owner', Value: 'team' }] });
  s3.on(GetBucketPolicyCommand).resolves({ Policy: '{"Version":"2012-10-17","Statement":[]}' });
  s3.on(GetBucketAclCommand).resolves({
    Owner: { ID: 'owner' },
    Grants: [{ Grantee: { Type: 'CanonicalUser', ID: 'owner' }, Permission: 'FULL_CONTROL' }],
  });
  s3.on(GetBucketLoggingCommand).resolves({});
  s3.on(GetBucketVersioningCommand).resolves({ Status: 'Enabled' });
  s3control.on(GetAccountPublicAccessBlockCommand).resolves({
    PublicAccessBlockConfiguration: {
      BlockPublicAcls: true,
      IgnorePublicAcls: true,
      BlockPublicPolicy: true,
      RestrictPublicBuckets: true,
    },
  });
  sts.on(AssumeRoleCommand).resolves({
    Credentials: {
      AccessKeyId: 'AKIA',
      SecretAccessKey: 'secret',
      SessionToken: 'token',
      Expiration: new Date(Date.now() + 3600_000),
    },
  });
  const iam = stubIam(ACCOUNT);
  return {
    ec2,
    s3,
    s3control,
    rds,
    sts,
    iam,
    ...stubBaseline(ACCOUNT, REGION, ec2),
    ...stubDataServices(ACCOUNT, REGION),
  };
}

interface RecordedCalls {
  calls(): { readonly args: readonly unknown[] }[];
}

function callsByApi(mocks: Record<string, RecordedCalls>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [service, mock] of Object.entries(mocks)) {
    for (const call of mock.calls()) {
      const name = `${service}:${(call.args[0] as { constructor: { name: string } }).constructor.name.replace(/Command$/, '')}`;
      out[name] = (out[name] ?? 0) + 1;
    }
  }
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
}

async function sweep(regions: readonly string[]) {
  const mocks = stubAws(regions);
  try {
    const result = await collectAccountLive(
      { accountId: ACCOUNT, alias: 'bench', regions: [...regions] },
      {
        credentials: createCredentialCache({ sts: new STSClient({ region: REGION }), roleName: 'WardenAudit' }),
        ...defaultClientFactories(),
      },
    );
    return { result, calls: callsByApi(mocks as unknown as Record<string, RecordedCalls>) };
  } finally {
    for (const mock of Object.values(mocks)) mock.restore();
  }
}

async function apiCallsBench(): Promise<ApiCallFigures> {
  const one = await sweep([REGION]);
  const ec2Resources = [...Object.values(EC2_ESTATE), ...Object.values(EC2_ATTACHED)].reduce((a, b) => a + b, 0);
  const ec2Calls = Object.entries(one.calls)
    .filter(([api]) => api.startsWith('ec2:'))
    .reduce((n, [, c]) => n + c, 0);
  const s3Calls = Object.entries(one.calls)
    .filter(([api]) => api.startsWith('s3:'))
    .reduce((n, [, c]) => n + c, 0);
  const four = await sweep([REGION, 'eu-west-1', 'us-west-2', 'ap-southeast-2']);
  return {
    ec2Resources,
    buckets: BUCKETS,
    resourcesCollected: one.result.items.length,
    calls: one.calls,
    ec2Calls,
    ec2CallsPer1kResources: Math.round((ec2Calls / ec2Resources) * 1000 * 100) / 100,
    s3CallsPerBucket: Math.round((s3Calls / BUCKETS) * 100) / 100,
    assumeRolePerAccount: four.calls['sts:AssumeRole'] ?? 0,
    regionsSwept: 4,
    iamUsers: IAM_ESTATE.users,
    iamCallsPerUser:
      Math.round(
        (Object.entries(one.calls)
          .filter(([api]) => api.startsWith('iam:'))
          .reduce((n, [, c]) => n + c, 0) /
          IAM_ESTATE.users) *
          100,
      ) / 100,
    readErrors: one.result.regionErrors.length + (one.result.resourceErrors?.length ?? 0),
  };
}

export type { ApiCallFigures };
export { apiCallsBench };
