import { DescribeInstancesCommand, EC2Client } from '@aws-sdk/client-ec2';
import {
  GetBucketEncryptionCommand,
  GetBucketLocationCommand,
  GetBucketTaggingCommand,
  GetPublicAccessBlockCommand,
  ListBucketsCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity } from '@smithy/types';
import { type AwsClientStub, mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { createCredentialCache } from '../../../../tasks/collect/live/credentials';
import {
  collectAccountLive,
  defaultClientFactories,
  type LiveCollectorDeps,
} from '../../../../tasks/collect/live/index';
import { AccountUnreachableError } from '../../../../tasks/shared/errors';
import type { AccountTarget } from '../../../../tasks/shared/model';
import { PlaceboServiceError, stubPlacebo } from '../../../support/placebo';

const ACCOUNT_ID = '644160558196';
const TARGET: AccountTarget = { accountId: ACCOUNT_ID, alias: 'sandbox', regions: ['us-west-2', 'eu-west-1'] };
const UNAUTHORIZED = () =>
  new PlaceboServiceError('UnauthorizedOperation', 'You are not authorized to perform this operation.', 403, {});

const sts = mockClient(STSClient);
const restorers: (() => void)[] = [];
afterEach(() => {
  sts.reset();
  for (const restore of restorers.splice(0)) restore();
});

/** Deps whose clients are mocked per service and region; records every factory call. */
function mockedDeps(regions: readonly string[]) {
  const s3 = new Map<string, { client: S3Client; mock: AwsClientStub<S3Client> }>();
  const ec2 = new Map<string, { client: EC2Client; mock: AwsClientStub<EC2Client> }>();
  for (const region of regions) {
    const s3Client = new S3Client({ region });
    const ec2Client = new EC2Client({ region });
    const s3Mock = mockClient(s3Client);
    const ec2Mock = mockClient(ec2Client);
    restorers.push(
      () => s3Mock.restore(),
      () => ec2Mock.restore(),
    );
    s3.set(region, { client: s3Client, mock: s3Mock });
    ec2.set(region, { client: ec2Client, mock: ec2Mock });
  }
  const factoryCalls: { service: string; region: string; credentials: AwsCredentialIdentity }[] = [];
  const deps: LiveCollectorDeps = {
    credentials: createCredentialCache({
      sts: new STSClient({ region: 'us-east-1' }),
      roleName: 'WardenAudit',
      now: () => new Date('2019-09-29T21:07:46Z'),
    }),
    s3: (region, credentials) => {
      factoryCalls.push({ service: 's3', region, credentials });
      const entry = s3.get(region);
      if (entry === undefined) throw new Error(`unexpected s3 region ${region}`);
      return entry.client;
    },
    ec2: (region, credentials) => {
      factoryCalls.push({ service: 'ec2', region, credentials });
      const entry = ec2.get(region);
      if (entry === undefined) throw new Error(`unexpected ec2 region ${region}`);
      return entry.client;
    },
  };
  const s3Mock = (region: string): AwsClientStub<S3Client> => {
    const entry = s3.get(region);
    if (entry === undefined) throw new Error(`no s3 mock for ${region}`);
    return entry.mock;
  };
  const ec2Mock = (region: string): AwsClientStub<EC2Client> => {
    const entry = ec2.get(region);
    if (entry === undefined) throw new Error(`no ec2 mock for ${region}`);
    return entry.mock;
  };
  return { deps, s3Mock, ec2Mock, factoryCalls };
}

/** One bucket (mypublicblock) located in us-west-2, unencrypted, AccessDenied on its public access block. */
function oneBucketInUsWest2(s3Mock: (region: string) => AwsClientStub<S3Client>): void {
  const listing = s3Mock('us-west-2');
  stubPlacebo(listing.on(ListBucketsCommand), 'test_s3_public_block_throws_errors__s3.ListBuckets_1.json');
  listing.on(GetBucketLocationCommand).resolves({ LocationConstraint: 'us-west-2' });
  stubPlacebo(
    listing.on(GetBucketEncryptionCommand),
    'test_s3_bucket_encryption_disabled__s3.GetBucketEncryption_1.json',
  );
  stubPlacebo(listing.on(GetPublicAccessBlockCommand), 'test_s3_check_public_block__s3.GetPublicAccessBlock_3.json');
  stubPlacebo(listing.on(GetBucketTaggingCommand), 'test_s3_normalize_initstate__s3.GetBucketTagging_1.json');
}

describe('collectAccountLive', () => {
  it('assumes the role once for both regions; a failing region is recorded while the other goes on', async () => {
    stubPlacebo(sts.on(AssumeRoleCommand), 'test_credential_sts__sts.AssumeRole_1.json');
    const { deps, s3Mock, ec2Mock, factoryCalls } = mockedDeps(TARGET.regions);
    oneBucketInUsWest2(s3Mock);
    stubPlacebo(ec2Mock('us-west-2').on(DescribeInstancesCommand), 'test_ec2_resize__ec2.DescribeInstances_1.json');
    ec2Mock('eu-west-1').on(DescribeInstancesCommand).rejects(UNAUTHORIZED());

    const result = await collectAccountLive(TARGET, deps);

    expect(sts.commandCalls(AssumeRoleCommand)).toHaveLength(1);
    expect(sts.commandCalls(AssumeRoleCommand)[0]?.args[0].input.RoleArn).toBe(
      'arn:aws:iam::644160558196:role/WardenAudit',
    );
    expect(new Set(factoryCalls.map((c) => c.credentials.accessKeyId))).toEqual(new Set(['ASIAZL6XWCR2MIB6XHU7']));
    expect(factoryCalls.filter((c) => c.service === 'ec2').map((c) => c.region)).toEqual(['us-west-2', 'eu-west-1']);

    expect(result.regionErrors).toEqual([
      { region: 'eu-west-1', error: 'ec2: UnauthorizedOperation: You are not authorized to perform this operation.' },
    ]);
    expect(result.items.map((ci) => `${ci.resourceType} ${ci.region} ${ci.resourceId}`)).toEqual([
      'AWS::S3::Bucket us-west-2 mypublicblock',
      'AWS::EC2::Instance us-west-2 i-057d29d8349b3f25c',
      'AWS::EC2::Instance us-west-2 i-0fd6bd23de18b49b0',
      'AWS::EC2::Instance us-west-2 i-049325e1e22630e7f',
      'AWS::EC2::Instance us-west-2 i-0336e7446f541800c',
      'AWS::EC2::Instance us-west-2 i-0860ad18bd798339e',
      'AWS::EC2::Instance us-west-2 i-0e2a65fcc30f05c39',
    ]);
    const bucket = result.items[0];
    expect(bucket?.supplementaryConfiguration).toEqual({});
    expect(bucket?.unknown).toEqual({ PublicAccessBlockConfiguration: 'AccessDenied' });
    expect(result.unknownCount).toBe(1);
    expect(result.resourceErrors).toEqual([]);
  });

  it('an opt-in region that is not enabled (AuthFailure) is a region error', async () => {
    stubPlacebo(sts.on(AssumeRoleCommand), 'test_credential_sts__sts.AssumeRole_1.json');
    const target: AccountTarget = { ...TARGET, regions: ['us-west-2', 'ap-east-1'] };
    const { deps, s3Mock, ec2Mock } = mockedDeps(target.regions);
    oneBucketInUsWest2(s3Mock);
    stubPlacebo(
      ec2Mock('us-west-2').on(DescribeInstancesCommand),
      'test_ec2_augment_tag_empty__ec2.DescribeInstances_1.json',
    );
    ec2Mock('ap-east-1')
      .on(DescribeInstancesCommand)
      .rejects(
        new PlaceboServiceError('AuthFailure', 'AWS was not able to validate the provided access credentials', 401, {}),
      );
    const result = await collectAccountLive(target, deps);
    expect(result.regionErrors).toEqual([
      { region: 'ap-east-1', error: 'ec2: AuthFailure: AWS was not able to validate the provided access credentials' },
    ]);
    expect(result.items.map((ci) => ci.resourceId)).toEqual(['mypublicblock']);
  });

  it('ListBuckets refused while EC2 answers: a global region error', async () => {
    stubPlacebo(sts.on(AssumeRoleCommand), 'test_credential_sts__sts.AssumeRole_1.json');
    const { deps, s3Mock, ec2Mock } = mockedDeps(TARGET.regions);
    s3Mock('us-west-2')
      .on(ListBucketsCommand)
      .rejects(new PlaceboServiceError('AccessDenied', 'Access Denied', 403, {}));
    stubPlacebo(
      ec2Mock('us-west-2').on(DescribeInstancesCommand),
      'test_ec2_augment_tag_empty__ec2.DescribeInstances_1.json',
    );
    stubPlacebo(
      ec2Mock('eu-west-1').on(DescribeInstancesCommand),
      'test_ec2_augment_tag_empty__ec2.DescribeInstances_1.json',
    );
    const result = await collectAccountLive(TARGET, deps);
    expect(result).toEqual({
      items: [],
      regionErrors: [{ region: 'global', error: 's3: AccessDenied: Access Denied' }],
      unknownCount: 0,
      resourceErrors: [],
    });
  });

  it('every read refused -> AccountUnreachableError', async () => {
    stubPlacebo(sts.on(AssumeRoleCommand), 'test_credential_sts__sts.AssumeRole_1.json');
    const { deps, s3Mock, ec2Mock } = mockedDeps(TARGET.regions);
    s3Mock('us-west-2')
      .on(ListBucketsCommand)
      .rejects(new PlaceboServiceError('AccessDenied', 'Access Denied', 403, {}));
    ec2Mock('us-west-2').on(DescribeInstancesCommand).rejects(UNAUTHORIZED());
    ec2Mock('eu-west-1').on(DescribeInstancesCommand).rejects(UNAUTHORIZED());
    const error = await collectAccountLive(TARGET, deps).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AccountUnreachableError);
    expect(error).toMatchObject({ name: 'AccountUnreachableError', accountId: ACCOUNT_ID });
    expect((error as Error).message).toBe(
      'Every read in account 644160558196 failed: global: s3: AccessDenied: Access Denied; ' +
        'us-west-2: ec2: UnauthorizedOperation: You are not authorized to perform this operation.; ' +
        'eu-west-1: ec2: UnauthorizedOperation: You are not authorized to perform this operation.',
    );
  });

  it('AssumeRole AccessDenied -> AccountUnreachableError, and no member-account call', async () => {
    sts
      .on(AssumeRoleCommand)
      .rejects(new PlaceboServiceError('AccessDenied', 'not authorized to perform: sts:AssumeRole', 403, {}));
    const { deps, factoryCalls } = mockedDeps(TARGET.regions);
    await expect(collectAccountLive(TARGET, deps)).rejects.toMatchObject({
      name: 'AccountUnreachableError',
      accountId: ACCOUNT_ID,
      message: expect.stringContaining('arn:aws:iam::644160558196:role/WardenAudit'),
    });
    expect(factoryCalls).toEqual([]);
  });

  it('throttling in one region propagates (Step Functions Retry)', async () => {
    stubPlacebo(sts.on(AssumeRoleCommand), 'test_credential_sts__sts.AssumeRole_1.json');
    const { deps, s3Mock, ec2Mock } = mockedDeps(TARGET.regions);
    oneBucketInUsWest2(s3Mock);
    stubPlacebo(
      ec2Mock('us-west-2').on(DescribeInstancesCommand),
      'test_ec2_augment_tag_empty__ec2.DescribeInstances_1.json',
    );
    const throttled = new PlaceboServiceError('RequestLimitExceeded', 'Request limit exceeded.', 503, {});
    ec2Mock('eu-west-1').on(DescribeInstancesCommand).rejects(throttled);
    await expect(collectAccountLive(TARGET, deps)).rejects.toBe(throttled);
  });

  it('a client factory that throws fails that read only', async () => {
    stubPlacebo(sts.on(AssumeRoleCommand), 'test_credential_sts__sts.AssumeRole_1.json');
    const { deps, s3Mock, ec2Mock } = mockedDeps(['us-west-2']);
    oneBucketInUsWest2(s3Mock);
    stubPlacebo(
      ec2Mock('us-west-2').on(DescribeInstancesCommand),
      'test_ec2_augment_tag_empty__ec2.DescribeInstances_1.json',
    );
    const result = await collectAccountLive({ ...TARGET, regions: ['us-west-2', 'eu-west-1'] }, deps);
    expect(result.regionErrors).toEqual([
      { region: 'eu-west-1', error: 'ec2: Error: unexpected ec2 region eu-west-1' },
    ]);
    expect(result.items.map((ci) => ci.resourceId)).toEqual(['mypublicblock']);
  });

  it('a region listed twice is read once', async () => {
    stubPlacebo(sts.on(AssumeRoleCommand), 'test_credential_sts__sts.AssumeRole_1.json');
    const { deps, s3Mock, ec2Mock } = mockedDeps(['us-west-2']);
    oneBucketInUsWest2(s3Mock);
    stubPlacebo(
      ec2Mock('us-west-2').on(DescribeInstancesCommand),
      'test_ec2_augment_tag_empty__ec2.DescribeInstances_1.json',
    );
    await collectAccountLive({ ...TARGET, regions: ['us-west-2', 'us-west-2'] }, deps);
    expect(ec2Mock('us-west-2').commandCalls(DescribeInstancesCommand)).toHaveLength(1);
  });
});

describe('defaultClientFactories', () => {
  it('builds clients in the region, with the credentials and adaptive retries', async () => {
    const credentials = { accessKeyId: 'AKID', secretAccessKey: 'SECRET', sessionToken: 'TOKEN' };
    const factories = defaultClientFactories();
    for (const client of [factories.s3('eu-west-1', credentials), factories.ec2('eu-west-1', credentials)]) {
      expect(await client.config.region()).toBe('eu-west-1');
      expect(client.config.retryMode).toBe('adaptive');
      const strategy = (await client.config.retryStrategy()) as { mode?: string };
      expect(strategy.mode).toBe('adaptive');
      const resolved = await client.config.credentials();
      expect(resolved).toMatchObject(credentials);
      client.destroy();
    }
  });
});
