import {
  ConfigServiceClient,
  DescribeConfigurationRecorderStatusCommand,
  SelectAggregateResourceConfigCommand,
  SelectResourceConfigCommand,
} from '@aws-sdk/client-config-service';
import {
  DescribeInstancesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVolumesCommand,
  DescribeVpcsCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import { DescribeDBInstancesCommand, RDSClient } from '@aws-sdk/client-rds';
import {
  GetBucketAclCommand,
  GetBucketEncryptionCommand,
  GetBucketLocationCommand,
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
import type { AwsCredentialIdentity } from '@smithy/types';
import { type AwsClientStub, mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { createCredentialCache } from '../../../../tasks/shared/aws/credentials';
import { AccountUnreachableError } from '../../../../tasks/shared/errors';
import {
  collectAccountLive,
  defaultClientFactories,
  defaultLiveCollectorDeps,
  type LiveCollectorDeps,
} from '../../../../tasks/shared/inventory/index';
import type { AccountTarget } from '../../../../tasks/shared/model';
import { AccountTargetSchema } from '../../../../tasks/shared/schemas';
import { S3_EC2_RDS_TYPES } from '../../../support/collected-types';
import { PlaceboServiceError, placeboResponse, stubPlacebo } from '../../../support/placebo';

const ACCOUNT_ID = '644160558196';
const TARGET: AccountTarget = { accountId: ACCOUNT_ID, alias: 'sandbox', regions: ['us-west-2', 'eu-west-1'] };
const UNAUTHORIZED = () =>
  new PlaceboServiceError('UnauthorizedOperation', 'You are not authorized to perform this operation.', 403, {});
const ACCESS_DENIED = () => new PlaceboServiceError('AccessDenied', 'Access Denied', 403, {});
const EC2_READS = [
  DescribeInstancesCommand,
  DescribeSecurityGroupsCommand,
  DescribeVolumesCommand,
  DescribeSubnetsCommand,
  DescribeVpcsCommand,
] as const;

const sts = mockClient(STSClient);
const restorers: (() => void)[] = [];
afterEach(() => {
  sts.reset();
  for (const restore of restorers.splice(0)) restore();
});

type Service = 's3' | 'ec2' | 'rds' | 's3control' | 'config';
type Client = S3Client | EC2Client | RDSClient | S3ControlClient | ConfigServiceClient;

/**
 * Deps whose clients are mocked per service and region, every read answering "nothing" until a test
 * stubs it; records every factory call.
 */
function mockedDeps(regions: readonly string[]) {
  const clients = new Map<string, { client: Client; mock: AwsClientStub<never> }>();
  const make = (service: Service, region: string): Client => {
    switch (service) {
      case 's3':
        return new S3Client({ region });
      case 'ec2':
        return new EC2Client({ region });
      case 'rds':
        return new RDSClient({ region });
      case 's3control':
        return new S3ControlClient({ region });
      case 'config':
        return new ConfigServiceClient({ region });
    }
  };
  for (const region of regions) {
    for (const service of ['s3', 'ec2', 'rds', 's3control', 'config'] as const) {
      const client = make(service, region);
      // One stub per client instance; the cast only erases which client it is.
      const mock = mockClient(client as S3Client);
      restorers.push(() => mock.restore());
      clients.set(`${service}|${region}`, { client, mock: mock as unknown as AwsClientStub<never> });
    }
  }
  const mock = <C>(service: Service, region: string): AwsClientStub<C> => {
    const entry = clients.get(`${service}|${region}`);
    if (entry === undefined) throw new Error(`no ${service} mock for ${region}`);
    return entry.mock as unknown as AwsClientStub<C>;
  };
  for (const region of regions) {
    const ec2 = mock<EC2Client>('ec2', region);
    ec2.on(DescribeInstancesCommand).resolves({ Reservations: [] });
    ec2.on(DescribeSecurityGroupsCommand).resolves({ SecurityGroups: [] });
    ec2.on(DescribeVolumesCommand).resolves({ Volumes: [] });
    ec2.on(DescribeSubnetsCommand).resolves({ Subnets: [] });
    ec2.on(DescribeVpcsCommand).resolves({ Vpcs: [] });
    mock<RDSClient>('rds', region).on(DescribeDBInstancesCommand).resolves({ DBInstances: [] });
    mock<S3Client>('s3', region).on(ListBucketsCommand).resolves({ Buckets: [] });
    mock<S3ControlClient>('s3control', region)
      .on(GetAccountPublicAccessBlockCommand)
      .rejects(new PlaceboServiceError('NoSuchPublicAccessBlockConfiguration', 'not configured', 404, {}));
  }
  const factoryCalls: { service: Service; region: string; credentials: AwsCredentialIdentity }[] = [];
  const factory =
    <C extends Client>(service: Service) =>
    (region: string, credentials: AwsCredentialIdentity): C => {
      factoryCalls.push({ service, region, credentials });
      const entry = clients.get(`${service}|${region}`);
      if (entry === undefined) throw new Error(`unexpected ${service} region ${region}`);
      return entry.client as C;
    };
  const deps: LiveCollectorDeps = {
    credentials: createCredentialCache({
      sts: new STSClient({ region: 'us-east-1' }),
      roleName: 'WardenAudit',
      now: () => new Date('2019-09-29T21:07:46Z'),
    }),
    s3: factory<S3Client>('s3'),
    ec2: factory<EC2Client>('ec2'),
    rds: factory<RDSClient>('rds'),
    s3control: factory<S3ControlClient>('s3control'),
    config: factory<ConfigServiceClient>('config'),
    client: () => {
      throw new Error('this test stubs only the S3, EC2, RDS and Config clients');
    },
    resourceTypes: S3_EC2_RDS_TYPES,
  };
  return { deps, mock, factoryCalls };
}

type Mocks = ReturnType<typeof mockedDeps>;

/** One bucket (mypublicblock) located in us-west-2, unencrypted, AccessDenied on its public access block. */
function oneBucketInUsWest2({ mock }: Mocks): void {
  const listing = mock<S3Client>('s3', 'us-west-2');
  stubPlacebo(listing.on(ListBucketsCommand), 'test_s3_public_block_throws_errors__s3.ListBuckets_1.json');
  listing.on(GetBucketLocationCommand).resolves({ LocationConstraint: 'us-west-2' });
  stubPlacebo(
    listing.on(GetBucketEncryptionCommand),
    'test_s3_bucket_encryption_disabled__s3.GetBucketEncryption_1.json',
  );
  stubPlacebo(listing.on(GetPublicAccessBlockCommand), 'test_s3_check_public_block__s3.GetPublicAccessBlock_3.json');
  stubPlacebo(listing.on(GetBucketTaggingCommand), 'test_s3_normalize_initstate__s3.GetBucketTagging_1.json');
  stubPlacebo(listing.on(GetBucketPolicyCommand), 'test_s3_normalize_initstate__s3.GetBucketPolicy_1.json');
  stubPlacebo(listing.on(GetBucketAclCommand), 'test_s3_normalize_initstate__s3.GetBucketAcl_1.json');
  stubPlacebo(listing.on(GetBucketLoggingCommand), 'test_s3_normalize_initstate__s3.GetBucketLogging_1.json');
  stubPlacebo(listing.on(GetBucketVersioningCommand), 'test_s3_normalize_initstate__s3.GetBucketVersioning_1.json');
}

/** Every read of `region` refused with `error()`. */
function refuseRegion({ mock }: Mocks, region: string, error: () => Error): void {
  const ec2 = mock<EC2Client>('ec2', region);
  for (const command of EC2_READS) ec2.on(command as never).rejects(error());
  mock<RDSClient>('rds', region).on(DescribeDBInstancesCommand).rejects(error());
}

const ids = (items: readonly { resourceType: string; region: string; resourceId: string }[]) =>
  items.map((ci) => `${ci.resourceType} ${ci.region} ${ci.resourceId}`);

describe('collectAccountLive (source api)', () => {
  it('assumes the role once for every read; a refusing region is recorded per API while the other goes on', async () => {
    stubPlacebo(sts.on(AssumeRoleCommand), 'test_credential_sts__sts.AssumeRole_1.json');
    const mocks = mockedDeps(TARGET.regions);
    oneBucketInUsWest2(mocks);
    const west = mocks.mock<EC2Client>('ec2', 'us-west-2');
    stubPlacebo(west.on(DescribeInstancesCommand), 'test_ec2_resize__ec2.DescribeInstances_1.json');
    stubPlacebo(west.on(DescribeSecurityGroupsCommand), 'sg_used_cross_ref__ec2.DescribeSecurityGroups_1.json');
    stubPlacebo(west.on(DescribeVolumesCommand), 'test_ebs_aws_managed_kms_keys__ec2.DescribeVolumes_1.json');
    stubPlacebo(west.on(DescribeVpcsCommand), 'test_ec2_default_vpc__ec2.DescribeVpcs_1.json');
    refuseRegion(mocks, 'eu-west-1', UNAUTHORIZED);

    const result = await collectAccountLive(TARGET, mocks.deps);

    expect(sts.commandCalls(AssumeRoleCommand)).toHaveLength(1);
    expect(sts.commandCalls(AssumeRoleCommand)[0]?.args[0].input.RoleArn).toBe(
      'arn:aws:iam::644160558196:role/WardenAudit',
    );
    expect(new Set(mocks.factoryCalls.map((c) => c.credentials.accessKeyId))).toEqual(
      new Set(['ASIAZL6XWCR2MIB6XHU7']),
    );
    const denied = 'UnauthorizedOperation: You are not authorized to perform this operation.';
    expect(result.regionErrors).toEqual([
      { region: 'eu-west-1', error: `ec2:DescribeInstances: ${denied}` },
      { region: 'eu-west-1', error: `ec2:DescribeSecurityGroups: ${denied}` },
      { region: 'eu-west-1', error: `ec2:DescribeVolumes: ${denied}` },
      { region: 'eu-west-1', error: `ec2:DescribeSubnets: ${denied}` },
      { region: 'eu-west-1', error: `ec2:DescribeVpcs: ${denied}` },
      { region: 'eu-west-1', error: `rds:DescribeDBInstances: ${denied}` },
    ]);
    expect(ids(result.items)).toEqual([
      'AWS::S3::Bucket us-west-2 mypublicblock',
      'AWS::S3::AccountPublicAccessBlock us-west-2 644160558196',
      'AWS::EC2::Instance us-west-2 i-057d29d8349b3f25c',
      'AWS::EC2::Instance us-west-2 i-0fd6bd23de18b49b0',
      'AWS::EC2::Instance us-west-2 i-049325e1e22630e7f',
      'AWS::EC2::Instance us-west-2 i-0336e7446f541800c',
      'AWS::EC2::Instance us-west-2 i-0860ad18bd798339e',
      'AWS::EC2::Instance us-west-2 i-0e2a65fcc30f05c39',
      'AWS::EC2::SecurityGroup us-west-2 sg-01ba3c57af54ef22c',
      'AWS::EC2::SecurityGroup us-west-2 sg-073c8f4fb3b58731d',
      'AWS::EC2::SecurityGroup us-west-2 sg-0574847ed3b27389b',
      'AWS::EC2::SecurityGroup us-west-2 sg-0d1564b340cac910f',
      'AWS::EC2::Volume us-west-2 vol-37e189b7',
      'AWS::EC2::Volume us-west-2 vol-cc3fc645',
      'AWS::EC2::Volume us-west-2 vol-14a3cd9d',
      'AWS::EC2::VPC us-west-2 vpc-4a9ff72e',
    ]);
    const bucket = result.items[0];
    expect(Object.keys(bucket?.supplementaryConfiguration ?? {}).sort()).toEqual([
      'AccessControlList',
      'BucketLoggingConfiguration',
      'BucketPolicy',
      'BucketVersioningConfiguration',
    ]);
    expect(bucket?.unknown).toEqual({ PublicAccessBlockConfiguration: 'AccessDenied' });
    // Not configured (404) at account level: all four off, known.
    expect(result.items[1]?.configuration).toEqual({
      blockPublicAcls: false,
      ignorePublicAcls: false,
      blockPublicPolicy: false,
      restrictPublicBuckets: false,
    });
    expect(result.unknownCount).toBe(1);
    expect(result.resourceErrors).toEqual([]);
    // The account-level block is read once, in the first target region.
    expect(mocks.factoryCalls.filter((c) => c.service === 's3control').map((c) => c.region)).toEqual(['us-west-2']);
  });

  it('links each VPC to the subnets, groups and instances collected in its region', async () => {
    stubPlacebo(sts.on(AssumeRoleCommand), 'test_credential_sts__sts.AssumeRole_1.json');
    const mocks = mockedDeps(['us-west-2']);
    const west = mocks.mock<EC2Client>('ec2', 'us-west-2');
    stubPlacebo(west.on(DescribeVpcsCommand), 'test_vpc_delete_flow_logs__ec2.DescribeVpcs_1.json');
    stubPlacebo(
      west.on(DescribeSecurityGroupsCommand),
      'test_appelb_add_security_group__ec2.DescribeSecurityGroups_1.json',
    );
    west.on(DescribeSubnetsCommand).resolves({
      Subnets: [
        { SubnetId: 'subnet-0a1', VpcId: 'vpc-f1516b97', CidrBlock: '10.0.42.0/28', AvailableIpAddressCount: 11 },
      ],
    });
    const result = await collectAccountLive({ ...TARGET, regions: ['us-west-2'] }, mocks.deps);
    const vpc = result.items.find((ci) => ci.resourceId === 'vpc-f1516b97');
    expect(vpc?.relationships).toEqual([
      { resourceType: 'AWS::EC2::Subnet', resourceId: 'subnet-0a1', name: 'Contains Subnet' },
    ]);
    // The SGs of the recording are in vpc-3d05f145, which DescribeVpcs did not return: no dangling link either way.
    expect(
      result.items.filter((ci) => ci.resourceType === 'AWS::EC2::VPC').flatMap((ci) => ci.relationships),
    ).toHaveLength(1);
  });

  it('an opt-in region that is not enabled (AuthFailure) is a region error for each of its reads', async () => {
    stubPlacebo(sts.on(AssumeRoleCommand), 'test_credential_sts__sts.AssumeRole_1.json');
    const target: AccountTarget = { ...TARGET, regions: ['us-west-2', 'ap-east-1'] };
    const mocks = mockedDeps(target.regions);
    oneBucketInUsWest2(mocks);
    refuseRegion(
      mocks,
      'ap-east-1',
      () =>
        new PlaceboServiceError('AuthFailure', 'AWS was not able to validate the provided access credentials', 401, {}),
    );
    const result = await collectAccountLive(target, mocks.deps);
    expect(result.regionErrors.map((e) => e.region)).toEqual(Array(6).fill('ap-east-1'));
    expect(result.regionErrors[0]).toEqual({
      region: 'ap-east-1',
      error: 'ec2:DescribeInstances: AuthFailure: AWS was not able to validate the provided access credentials',
    });
    expect(ids(result.items)).toEqual([
      'AWS::S3::Bucket us-west-2 mypublicblock',
      'AWS::S3::AccountPublicAccessBlock us-west-2 644160558196',
    ]);
  });

  it('ListBuckets refused while the rest answers: a global region error', async () => {
    stubPlacebo(sts.on(AssumeRoleCommand), 'test_credential_sts__sts.AssumeRole_1.json');
    const mocks = mockedDeps(TARGET.regions);
    mocks.mock<S3Client>('s3', 'us-west-2').on(ListBucketsCommand).rejects(ACCESS_DENIED());
    const result = await collectAccountLive(TARGET, mocks.deps);
    expect(result.regionErrors).toEqual([{ region: 'global', error: 's3:ListBuckets: AccessDenied: Access Denied' }]);
    expect(ids(result.items)).toEqual(['AWS::S3::AccountPublicAccessBlock us-west-2 644160558196']);
  });

  it('the account-level block refused (AccessDenied) is an unknown item, not a failed read', async () => {
    stubPlacebo(sts.on(AssumeRoleCommand), 'test_credential_sts__sts.AssumeRole_1.json');
    const mocks = mockedDeps(['us-west-2']);
    mocks
      .mock<S3ControlClient>('s3control', 'us-west-2')
      .on(GetAccountPublicAccessBlockCommand)
      .rejects(ACCESS_DENIED());
    const result = await collectAccountLive({ ...TARGET, regions: ['us-west-2'] }, mocks.deps);
    expect(result.regionErrors).toEqual([]);
    expect(result.items).toEqual([
      {
        resourceType: 'AWS::S3::AccountPublicAccessBlock',
        resourceId: ACCOUNT_ID,
        arn: `arn:aws:s3::${ACCOUNT_ID}:account-public-access-block`,
        accountId: ACCOUNT_ID,
        region: 'us-west-2',
        availabilityZone: 'Not Applicable',
        status: 'OK',
        configuration: {},
        supplementaryConfiguration: {},
        tags: {},
        relationships: [],
        unknown: { configuration: 'AccessDenied' },
      },
    ]);
    expect(result.unknownCount).toBe(1);
  });

  it('every read refused -> AccountUnreachableError listing each', async () => {
    stubPlacebo(sts.on(AssumeRoleCommand), 'test_credential_sts__sts.AssumeRole_1.json');
    const mocks = mockedDeps(['us-west-2']);
    mocks.mock<S3Client>('s3', 'us-west-2').on(ListBucketsCommand).rejects(ACCESS_DENIED());
    refuseRegion(mocks, 'us-west-2', UNAUTHORIZED);
    // A client factory that throws fails its read too.
    const deps: LiveCollectorDeps = {
      ...mocks.deps,
      s3control: () => {
        throw new Error('no s3control here');
      },
    };
    const error = await collectAccountLive({ ...TARGET, regions: ['us-west-2'] }, deps).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AccountUnreachableError);
    expect(error).toMatchObject({ name: 'AccountUnreachableError', accountId: ACCOUNT_ID });
    const message = (error as Error).message;
    expect(
      message.startsWith(
        'Every read in account 644160558196 failed: global: s3:ListBuckets: AccessDenied: Access Denied; ',
      ),
    ).toBe(true);
    expect(message).toContain('global: s3control:GetPublicAccessBlock: Error: no s3control here');
    expect(message).toContain('us-west-2: rds:DescribeDBInstances: UnauthorizedOperation');
    expect(message.split('; ')).toHaveLength(8);
  });

  it('AssumeRole AccessDenied -> AccountUnreachableError, and no member-account call', async () => {
    sts
      .on(AssumeRoleCommand)
      .rejects(new PlaceboServiceError('AccessDenied', 'not authorized to perform: sts:AssumeRole', 403, {}));
    const mocks = mockedDeps(TARGET.regions);
    await expect(collectAccountLive(TARGET, mocks.deps)).rejects.toMatchObject({
      name: 'AccountUnreachableError',
      accountId: ACCOUNT_ID,
      message: expect.stringContaining('arn:aws:iam::644160558196:role/WardenAudit'),
    });
    expect(mocks.factoryCalls).toEqual([]);
  });

  it('throttling in one read propagates (Step Functions Retry)', async () => {
    stubPlacebo(sts.on(AssumeRoleCommand), 'test_credential_sts__sts.AssumeRole_1.json');
    const mocks = mockedDeps(TARGET.regions);
    const throttled = new PlaceboServiceError('RequestLimitExceeded', 'Request limit exceeded.', 503, {});
    mocks.mock<EC2Client>('ec2', 'eu-west-1').on(DescribeVolumesCommand).rejects(throttled);
    await expect(collectAccountLive(TARGET, mocks.deps)).rejects.toBe(throttled);
  });

  it('a region listed twice is read once', async () => {
    stubPlacebo(sts.on(AssumeRoleCommand), 'test_credential_sts__sts.AssumeRole_1.json');
    const mocks = mockedDeps(['us-west-2']);
    await collectAccountLive({ ...TARGET, regions: ['us-west-2', 'us-west-2'] }, mocks.deps);
    const ec2 = mocks.mock<EC2Client>('ec2', 'us-west-2');
    for (const command of EC2_READS) expect(ec2.commandCalls(command as never)).toHaveLength(1);
  });
});

describe('collectAccountLive (source config)', () => {
  /**
   * The recorded SelectResourceConfig row (Custodian selected only configuration and
   * supplementaryConfiguration) with the identity fields Warden's query also selects.
   */
  const sgRow = () => {
    const response = placeboResponse('test_security_group_config_source__config.SelectResourceConfig_1.json');
    if (!response.ok) throw new Error('expected output');
    return (response.output.Results as string[]).map((row) =>
      JSON.stringify({
        resourceId: 'sg-6c7fa917',
        resourceType: 'AWS::EC2::SecurityGroup',
        accountId: ACCOUNT_ID,
        awsRegion: 'us-west-2',
        configurationItemStatus: 'OK',
        ...(JSON.parse(row) as object),
      }),
    );
  };

  it('schema: source is api or config, and optional', () => {
    expect(AccountTargetSchema.parse({ ...TARGET, source: 'config' }).source).toBe('config');
    expect(AccountTargetSchema.parse(TARGET).source).toBeUndefined();
    expect(AccountTargetSchema.safeParse({ ...TARGET, source: 'snapshot' }).success).toBe(false);
  });

  it('per region with the assumed role: checks the recorder, pages SelectResourceConfig, normalizes rows', async () => {
    stubPlacebo(sts.on(AssumeRoleCommand), 'test_credential_sts__sts.AssumeRole_1.json');
    const mocks = mockedDeps(TARGET.regions);
    for (const region of TARGET.regions) {
      mocks
        .mock<ConfigServiceClient>('config', region)
        .on(DescribeConfigurationRecorderStatusCommand)
        .resolves({ ConfigurationRecordersStatus: [{ name: 'default', recording: true }] });
    }
    const west = mocks.mock<ConfigServiceClient>('config', 'us-west-2');
    west
      .on(SelectResourceConfigCommand)
      .resolvesOnce({ Results: sgRow(), NextToken: 'page-2' })
      .resolvesOnce({ Results: [] });
    stubPlacebo(
      mocks.mock<ConfigServiceClient>('config', 'eu-west-1').on(SelectResourceConfigCommand),
      'test_ecs_service_config__config.SelectResourceConfig_1.json',
    );

    const result = await collectAccountLive({ ...TARGET, source: 'config' }, mocks.deps);

    expect(sts.commandCalls(AssumeRoleCommand)).toHaveLength(1);
    expect(ids(result.items)).toEqual(['AWS::EC2::SecurityGroup us-west-2 sg-6c7fa917']);
    expect(result.items[0]?.arn).toBe('arn:aws:ec2:us-west-2:644160558196:security-group/sg-6c7fa917');
    expect(result.regionErrors).toEqual([]);
    const calls = west.commandCalls(SelectResourceConfigCommand).map((c) => c.args[0].input);
    expect(calls.map((c) => c.NextToken)).toEqual([undefined, 'page-2']);
    expect(calls[0]?.Limit).toBe(100);
    expect(calls[0]?.Expression).toMatch(/^SELECT resourceId, .* WHERE resourceType IN \('AWS::S3::Bucket', /);
    // No service API was called.
    expect(mocks.factoryCalls.map((c) => c.service)).toEqual(['config', 'config']);
  });

  it('a region where Config does not record is a region error, never an empty region', async () => {
    stubPlacebo(sts.on(AssumeRoleCommand), 'test_credential_sts__sts.AssumeRole_1.json');
    const mocks = mockedDeps(TARGET.regions);
    mocks
      .mock<ConfigServiceClient>('config', 'us-west-2')
      .on(DescribeConfigurationRecorderStatusCommand)
      .resolves({ ConfigurationRecordersStatus: [{ name: 'default', recording: true }] });
    mocks
      .mock<ConfigServiceClient>('config', 'us-west-2')
      .on(SelectResourceConfigCommand)
      .resolves({ Results: sgRow() });
    mocks
      .mock<ConfigServiceClient>('config', 'eu-west-1')
      .on(DescribeConfigurationRecorderStatusCommand)
      .resolves({ ConfigurationRecordersStatus: [{ name: 'default', recording: false }] });
    const result = await collectAccountLive({ ...TARGET, source: 'config' }, mocks.deps);
    expect(result.regionErrors).toEqual([
      {
        region: 'eu-west-1',
        error:
          "config:SelectResourceConfig: ConfigNotRecording: AWS Config is not recording in eu-west-1 (recorder default is stopped); use the API collectors (source 'api') for this account",
      },
    ]);
    expect(
      mocks.mock<ConfigServiceClient>('config', 'eu-west-1').commandCalls(SelectResourceConfigCommand),
    ).toHaveLength(0);
  });

  it('with an aggregator: one SelectAggregateResourceConfig query for the account, no AssumeRole', async () => {
    const mocks = mockedDeps([]);
    const central = new ConfigServiceClient({ region: 'us-east-1' });
    const aggregator = mockClient(central);
    restorers.push(() => aggregator.restore());
    aggregator.on(SelectAggregateResourceConfigCommand).resolves({ Results: sgRow() });
    const result = await collectAccountLive(
      { ...TARGET, source: 'config' },
      { ...mocks.deps, aggregator: { client: central, name: 'org-aggregator' } },
    );
    expect(sts.commandCalls(AssumeRoleCommand)).toHaveLength(0);
    expect(ids(result.items)).toEqual(['AWS::EC2::SecurityGroup us-west-2 sg-6c7fa917']);
    const [call] = aggregator.commandCalls(SelectAggregateResourceConfigCommand).map((c) => c.args[0].input);
    expect(call?.ConfigurationAggregatorName).toBe('org-aggregator');
    expect(call?.Expression).toMatch(
      / AND accountId = '644160558196' AND awsRegion IN \('us-west-2', 'eu-west-1', 'global'\)$/,
    );
  });

  it('an aggregator with nothing for the account makes it unreachable (not an empty, compliant account)', async () => {
    const mocks = mockedDeps([]);
    const central = new ConfigServiceClient({ region: 'us-east-1' });
    const aggregator = mockClient(central);
    restorers.push(() => aggregator.restore());
    stubPlacebo(
      aggregator.on(SelectAggregateResourceConfigCommand),
      'test_ecs_service_config__config.SelectResourceConfig_1.json',
    );
    await expect(
      collectAccountLive(
        { ...TARGET, source: 'config' },
        { ...mocks.deps, aggregator: { client: central, name: 'org-aggregator' } },
      ),
    ).rejects.toMatchObject({
      name: 'AccountUnreachableError',
      message:
        'Configuration aggregator org-aggregator has no configuration items for account 644160558196 in us-west-2, eu-west-1',
    });
  });

  it('an aggregator that refuses makes the account unreachable; throttling propagates', async () => {
    const mocks = mockedDeps([]);
    const central = new ConfigServiceClient({ region: 'us-east-1' });
    const aggregator = mockClient(central);
    restorers.push(() => aggregator.restore());
    const deps = { ...mocks.deps, aggregator: { client: central, name: 'org-aggregator' } };
    aggregator
      .on(SelectAggregateResourceConfigCommand)
      .rejects(new PlaceboServiceError('NoSuchConfigurationAggregatorException', 'not found', 400, {}));
    await expect(collectAccountLive({ ...TARGET, source: 'config' }, deps)).rejects.toBeInstanceOf(
      AccountUnreachableError,
    );
    const throttled = new PlaceboServiceError('ThrottlingException', 'Rate exceeded', 400, {});
    aggregator.on(SelectAggregateResourceConfigCommand).rejects(throttled);
    await expect(collectAccountLive({ ...TARGET, source: 'config' }, deps)).rejects.toBe(throttled);
  });
});

describe('defaultClientFactories / defaultLiveCollectorDeps', () => {
  it('builds clients in the region, with the credentials and adaptive retries', async () => {
    const credentials = { accessKeyId: 'AKID', secretAccessKey: 'SECRET', sessionToken: 'TOKEN' };
    const factories = defaultClientFactories();
    for (const client of [
      factories.s3('eu-west-1', credentials),
      factories.ec2('eu-west-1', credentials),
      factories.rds('eu-west-1', credentials),
      factories.s3control('eu-west-1', credentials),
      factories.config('eu-west-1', credentials),
    ]) {
      expect(await client.config.region()).toBe('eu-west-1');
      expect(client.config.retryMode).toBe('adaptive');
      const strategy = (await client.config.retryStrategy()) as { mode?: string };
      expect(strategy.mode).toBe('adaptive');
      const resolved = await client.config.credentials();
      expect(resolved).toMatchObject(credentials);
      client.destroy();
    }
  });

  it('configures the aggregator only when named', () => {
    expect(defaultLiveCollectorDeps({ roleName: 'WardenAudit' }).aggregator).toBeUndefined();
    expect(defaultLiveCollectorDeps({ roleName: 'WardenAudit', aggregatorName: '' }).aggregator).toBeUndefined();
    expect(defaultLiveCollectorDeps({ roleName: 'WardenAudit', aggregatorName: 'org' }).aggregator?.name).toBe('org');
  });
});
