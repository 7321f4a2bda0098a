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
import { type AwsClientStub, mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { collectS3Buckets, regionFromLocationConstraint } from '../../../../tasks/shared/inventory/s3-buckets';
import type { ConfigurationItem } from '../../../../tasks/shared/model';
import { PlaceboServiceError, placeboResponse, stubPlacebo } from '../../../support/placebo';

const ACCOUNT = { accountId: '644160558196' };
type S3Stub = AwsClientStub<S3Client>;

const ENCRYPTION_404 = 'test_s3_bucket_encryption_disabled__s3.GetBucketEncryption_1.json';
const AES256 = 'test_s3_enable_bucket_encryption_aes256__s3.GetBucketEncryption_2.json';
const PAB_404 = 'test_s3_check_public_block__s3.GetPublicAccessBlock_1.json';
const PAB_PARTIAL = 'test_s3_check_public_block__s3.GetPublicAccessBlock_2.json';
const TAGS_404 = 'test_s3_normalize_initstate__s3.GetBucketTagging_1.json';
const TAGS = 'test_s3_get_resources__s3.GetBucketTagging_1.json';
const ONE_BUCKET = 'test_s3_public_block_throws_errors__s3.ListBuckets_1.json';
const FORTY_SEVEN = 'test_distribution_check_s3_origin_missing_bucket_region__s3.ListBuckets_1.json';
// Recordings copied into test/fixtures/placebo (same Custodian commit).
const POLICY_404 = 'test_s3_normalize_initstate__s3.GetBucketPolicy_1.json';
const POLICY_DATA_ACCESS_POINT = 'test_s3_dataaccesspointaccount_cross_account__s3.GetBucketPolicy_2.json';
const POLICY_DENY_HTTP = 'test_s3_set_statements_add_remove__s3.GetBucketPolicy_2.json';
const ACL_OWNER_ONLY = 'test_s3_normalize_initstate__s3.GetBucketAcl_1.json';
const ACL_ALL_USERS_WRITE = 'test_s3_global_grants_filter__s3.GetBucketAcl_3.json';
const ACL_GROUPS = 'test_s3_normalize__s3.GetBucketAcl_1.json';
const LOGGING_OFF = 'test_s3_normalize_initstate__s3.GetBucketLogging_1.json';
const LOGGING_ON = 'test_s3_log_target__s3.GetBucketLogging_3.json';
const VERSIONING_NEVER = 'test_s3_normalize_initstate__s3.GetBucketVersioning_1.json';
const VERSIONING_ENABLED = 'test_s3_enable_versioning__s3.GetBucketVersioning_13.json';
const VERSIONING_SUSPENDED = 'test_s3_enable_versioning__s3.GetBucketVersioning_14.json';

/** What the four access reads of a bucket with none of them configured give (Config's "none" values). */
const NOTHING_CONFIGURED = {
  BucketPolicy: { policyText: null },
  AccessControlList: {
    grantSet: null,
    grantList: [
      {
        grantee: { id: '929724ecab8ae5995c68a684b2d1382ebee878c5f3d75526decf7a86e14e2468', displayName: 'vpc' },
        permission: 'FullControl',
      },
    ],
    owner: { displayName: 'vpc', id: '929724ecab8ae5995c68a684b2d1382ebee878c5f3d75526decf7a86e14e2468' },
    isRequesterCharged: false,
  },
  BucketLoggingConfiguration: { destinationBucketName: null, logFilePrefix: null },
  BucketVersioningConfiguration: { status: 'Off', isMfaDeleteEnabled: null },
};

interface AccessRecordings {
  policy?: string;
  acl?: string;
  logging?: string;
  versioning?: string;
}

/** GetBucketPolicy, GetBucketAcl, GetBucketLogging, GetBucketVersioning replayed (default: none configured). */
function stubAccessReads(mock: S3Stub, recordings: AccessRecordings = {}): void {
  stubPlacebo(mock.on(GetBucketPolicyCommand), recordings.policy ?? POLICY_404);
  stubPlacebo(mock.on(GetBucketAclCommand), recordings.acl ?? ACL_OWNER_ONLY);
  stubPlacebo(mock.on(GetBucketLoggingCommand), recordings.logging ?? LOGGING_OFF);
  stubPlacebo(mock.on(GetBucketVersioningCommand), recordings.versioning ?? VERSIONING_NEVER);
}

/** One mocked S3Client per region, as `s3ForRegion` hands them out. */
function regionalClients(regions: readonly string[]) {
  const clients = new Map<string, S3Client>();
  const mocks = new Map<string, S3Stub>();
  const requested: string[] = [];
  for (const region of regions) {
    const client = new S3Client({ region });
    clients.set(region, client);
    mocks.set(region, mockClient(client));
  }
  return {
    s3ForRegion: (region: string): S3Client => {
      requested.push(region);
      const client = clients.get(region);
      if (client === undefined) throw new Error(`no client for ${region}`);
      return client;
    },
    mock: (region: string): S3Stub => {
      const mock = mocks.get(region);
      if (mock === undefined) throw new Error(`no mock for ${region}`);
      return mock;
    },
    requested,
    restore: () => {
      for (const mock of mocks.values()) mock.restore();
    },
  };
}

let cleanup: (() => void) | undefined;
afterEach(() => {
  cleanup?.();
  cleanup = undefined;
});

/** The one-bucket account ("mypublicblock", us-east-1) with the given per-bucket recordings. */
async function oneBucket(recordings: { encryption?: string; pab?: string; tagging?: string } & AccessRecordings) {
  const s3 = regionalClients(['us-east-1']);
  cleanup = s3.restore;
  const east = s3.mock('us-east-1');
  stubPlacebo(east.on(ListBucketsCommand), ONE_BUCKET);
  east.on(GetBucketLocationCommand).resolves({});
  stubPlacebo(east.on(GetBucketEncryptionCommand), recordings.encryption ?? AES256);
  stubPlacebo(east.on(GetPublicAccessBlockCommand), recordings.pab ?? PAB_PARTIAL);
  stubPlacebo(east.on(GetBucketTaggingCommand), recordings.tagging ?? TAGS_404);
  stubAccessReads(east, recordings);
  const result = await collectS3Buckets(s3.s3ForRegion, ACCOUNT, ['us-east-1']);
  expect(result.errors).toEqual([]);
  expect(result.items).toHaveLength(1);
  return { ci: result.items[0] as ConfigurationItem, east };
}

describe('collectS3Buckets', () => {
  it('collects the 47 listed buckets in their own regions, only in the target regions', async () => {
    const s3 = regionalClients(['us-east-1', 'eu-west-1']);
    cleanup = s3.restore;
    const east = s3.mock('us-east-1');
    const west = s3.mock('eu-west-1');
    stubPlacebo(east.on(ListBucketsCommand), FORTY_SEVEN);
    east.on(GetBucketLocationCommand).callsFake((input: { Bucket: string }) => {
      if (input.Bucket === 'c7n-test-1') return { LocationConstraint: 'EU' };
      if (input.Bucket === 'nicnoc-logs') return { LocationConstraint: 'us-west-2' };
      if (input.Bucket === 'gamestonk') throw new PlaceboServiceError('AccessDenied', 'Access Denied', 403, {});
      return {};
    });
    stubPlacebo(east.on(GetBucketEncryptionCommand), AES256);
    stubPlacebo(east.on(GetPublicAccessBlockCommand), PAB_404);
    stubPlacebo(east.on(GetBucketTaggingCommand), TAGS_404);
    stubPlacebo(
      west.on(GetBucketEncryptionCommand),
      'test_s3_enable_bucket_encryption_kms__s3.GetBucketEncryption_2.json',
    );
    stubPlacebo(west.on(GetPublicAccessBlockCommand), PAB_PARTIAL);
    stubPlacebo(west.on(GetBucketTaggingCommand), TAGS);
    stubAccessReads(east);
    stubAccessReads(west, { policy: POLICY_DENY_HTTP, logging: LOGGING_ON, versioning: VERSIONING_ENABLED });

    const { items, errors } = await collectS3Buckets(s3.s3ForRegion, ACCOUNT, ['us-east-1', 'eu-west-1']);

    expect(items).toHaveLength(45);
    expect(items.map((ci) => ci.resourceId)).not.toContain('nicnoc-logs');
    expect(items.map((ci) => ci.resourceId)).not.toContain('gamestonk');
    expect(errors).toEqual([
      { resource: 'arn:aws:s3:::gamestonk', error: 'GetBucketLocation: AccessDenied: Access Denied' },
    ]);
    expect(east.commandCalls(ListBucketsCommand).map((c) => c.args[0].input)).toEqual([{ MaxBuckets: 1000 }]);
    expect(east.commandCalls(GetBucketLocationCommand)).toHaveLength(47);
    expect(east.commandCalls(GetBucketLocationCommand)[0]?.args[0].input).toEqual({
      Bucket: 'airflow-test-c7n',
      ExpectedBucketOwner: '644160558196',
    });

    expect(items[0]).toEqual({
      resourceType: 'AWS::S3::Bucket',
      resourceId: 'airflow-test-c7n',
      resourceName: 'airflow-test-c7n',
      arn: 'arn:aws:s3:::airflow-test-c7n',
      accountId: '644160558196',
      region: 'us-east-1',
      availabilityZone: 'Regional',
      status: 'OK',
      configuration: {
        name: 'airflow-test-c7n',
        owner: {
          displayName: 'mandeep.bal',
          id: 'e7c8bb65a5fc49cf906715eae09de9e4bb7861a96361ba79b833aa45f6833b15',
        },
        creationDate: '2021-07-14T15:34:22.000Z',
      },
      supplementaryConfiguration: {
        ServerSideEncryptionConfiguration: {
          rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' } }],
        },
        ...NOTHING_CONFIGURED,
      },
      tags: {},
      relationships: [],
    });

    // The EU bucket is read with the eu-west-1 client, and only there.
    const eu = items.find((ci) => ci.resourceId === 'c7n-test-1');
    expect(eu?.region).toBe('eu-west-1');
    expect(eu?.supplementaryConfiguration).toEqual({
      ServerSideEncryptionConfiguration: {
        rules: [
          {
            applyServerSideEncryptionByDefault: {
              sseAlgorithm: 'aws:kms',
              kmsMasterKeyID: 'arn:aws:kms:us-east-1:644160558196:key/2192ecc0-3991-4dac-b479-cc08bda8a4de',
            },
            bucketKeyEnabled: true,
          },
        ],
      },
      PublicAccessBlockConfiguration: {
        blockPublicAcls: true,
        ignorePublicAcls: false,
        blockPublicPolicy: true,
        restrictPublicBuckets: true,
      },
      BucketPolicy: {
        policyText:
          '{"Version":"2012-10-17","Statement":[{"Sid":"CustodianTest","Effect":"Deny","Principal":{"AWS":"*"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::custodian-policy-test/*","Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}',
      },
      AccessControlList: NOTHING_CONFIGURED.AccessControlList,
      BucketLoggingConfiguration: { destinationBucketName: 'custodian-log-test', logFilePrefix: 's3-logs/' },
      BucketVersioningConfiguration: { status: 'Enabled', isMfaDeleteEnabled: null },
    });
    expect(west.commandCalls(GetBucketPolicyCommand).map((c) => c.args[0].input)).toEqual([
      { Bucket: 'c7n-test-1', ExpectedBucketOwner: '644160558196' },
    ]);
    expect(east.commandCalls(GetBucketAclCommand)).toHaveLength(44);
    expect(eu?.tags).toEqual({
      Retention2: '3',
      Owner: 'nicholase',
      test: 'test',
      Env: 'Dev',
      Retention: '2',
      Application: 'test',
    });
    const perBucketInputs = (mock: S3Stub) => [
      ...mock.commandCalls(GetBucketEncryptionCommand).map((c) => ['encryption', c.args[0].input] as const),
      ...mock.commandCalls(GetPublicAccessBlockCommand).map((c) => ['pab', c.args[0].input] as const),
      ...mock.commandCalls(GetBucketTaggingCommand).map((c) => ['tagging', c.args[0].input] as const),
    ];
    expect(perBucketInputs(west)).toEqual(
      ['encryption', 'pab', 'tagging'].map((op) => [op, { Bucket: 'c7n-test-1', ExpectedBucketOwner: '644160558196' }]),
    );
    const eastInputs = perBucketInputs(east);
    expect(eastInputs).toHaveLength(3 * 44);
    const eastBuckets = eastInputs.map(([, input]) => input.Bucket);
    expect(eastBuckets).not.toContain('c7n-test-1');
    expect(eastBuckets).not.toContain('nicnoc-logs');
    expect(eastBuckets).not.toContain('gamestonk');
    for (const [, input] of eastInputs) expect(input.ExpectedBucketOwner).toBe('644160558196');
    expect(new Set(s3.requested)).toEqual(new Set(['us-east-1', 'eu-west-1']));
  });

  it('an account without buckets yields nothing and makes no per-bucket call', async () => {
    const s3 = regionalClients(['us-east-1']);
    cleanup = s3.restore;
    const east = s3.mock('us-east-1');
    stubPlacebo(east.on(ListBucketsCommand), 'test_s3_hosts_website__s3.ListBuckets_2.json');
    expect(await collectS3Buckets(s3.s3ForRegion, ACCOUNT, ['us-east-1'])).toEqual({ items: [], errors: [] });
    expect(east.calls()).toHaveLength(1);
  });

  it('no target region: no call at all', async () => {
    const s3 = regionalClients(['us-east-1']);
    cleanup = s3.restore;
    expect(await collectS3Buckets(s3.s3ForRegion, ACCOUNT, [])).toEqual({ items: [], errors: [] });
    expect(s3.mock('us-east-1').calls()).toHaveLength(0);
  });

  it('reads the recording whose CreationDate is an ISO string', async () => {
    const { ci } = await oneBucket({});
    expect(ci.configuration).toEqual({
      name: 'mypublicblock',
      owner: { displayName: 'pikachu', id: '50b875c3f7a799a2ee2281c11dec0f4ec7679cee45273cbf7514cdf908e77c0a' },
      creationDate: '2020-04-09T02:14:46.000Z',
    });
  });

  it('follows ListBuckets pagination and uses BucketRegion instead of GetBucketLocation', async () => {
    const s3 = regionalClients(['us-east-1', 'eu-central-1']);
    cleanup = s3.restore;
    const east = s3.mock('us-east-1');
    const central = s3.mock('eu-central-1');
    east
      .on(ListBucketsCommand)
      .resolvesOnce({
        Buckets: [{ Name: 'a-bucket', CreationDate: new Date('2024-10-01T00:00:00Z'), BucketRegion: 'eu-central-1' }],
        Owner: { ID: 'owner-id' },
        ContinuationToken: 'next-page',
      })
      .resolvesOnce({
        Buckets: [{ Name: 'b-bucket', CreationDate: new Date('2024-10-02T00:00:00Z'), BucketRegion: 'us-east-1' }],
        Owner: { ID: 'owner-id' },
      });
    for (const mock of [east, central]) {
      mock.on(GetBucketEncryptionCommand).resolves({
        ServerSideEncryptionConfiguration: {
          Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms:dsse' } }],
        },
      });
      stubPlacebo(mock.on(GetPublicAccessBlockCommand), PAB_404);
      stubPlacebo(mock.on(GetBucketTaggingCommand), TAGS_404);
    }
    const { items } = await collectS3Buckets(s3.s3ForRegion, ACCOUNT, ['us-east-1', 'eu-central-1']);
    expect(items.map((ci) => [ci.resourceId, ci.region, ci.configuration.owner])).toEqual([
      ['a-bucket', 'eu-central-1', { id: 'owner-id' }],
      ['b-bucket', 'us-east-1', { id: 'owner-id' }],
    ]);
    expect(east.commandCalls(ListBucketsCommand).map((c) => c.args[0].input)).toEqual([
      { MaxBuckets: 1000 },
      { MaxBuckets: 1000, ContinuationToken: 'next-page' },
    ]);
    expect(east.commandCalls(GetBucketLocationCommand)).toHaveLength(0);
    expect(central.commandCalls(GetBucketEncryptionCommand).map((c) => c.args[0].input)).toEqual([
      { Bucket: 'a-bucket', ExpectedBucketOwner: '644160558196' },
    ]);
  });

  describe('GetBucketEncryption -> supplementaryConfiguration.ServerSideEncryptionConfiguration', () => {
    const kms = (kmsMasterKeyID?: string) => ({
      rules: [
        {
          applyServerSideEncryptionByDefault: {
            sseAlgorithm: 'aws:kms',
            ...(kmsMasterKeyID ? { kmsMasterKeyID } : {}),
          },
          bucketKeyEnabled: false,
        },
      ],
    });
    it.each([
      [AES256, { rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' } }] }],
      [
        'test_s3_enable_bucket_encryption_kms__s3.GetBucketEncryption_2.json',
        {
          rules: [
            {
              applyServerSideEncryptionByDefault: {
                sseAlgorithm: 'aws:kms',
                kmsMasterKeyID: 'arn:aws:kms:us-east-1:644160558196:key/2192ecc0-3991-4dac-b479-cc08bda8a4de',
              },
              bucketKeyEnabled: true,
            },
          ],
        },
      ],
      ['test_s3_bucket_encryption_filter_kms__s3.GetBucketEncryption_1.json', kms('alias/aws/s3')],
      [
        'test_s3_bucket_encryption_filter_kms__s3.GetBucketEncryption_2.json',
        kms('arn:aws:kms:us-east-1:644160558196:alias/aws/s3'),
      ],
      ['test_s3_bucket_encryption_filter_kms__s3.GetBucketEncryption_3.json', kms()],
      [
        'test_s3_bucket_encryption_filter_kms__s3.GetBucketEncryption_4.json',
        kms('arn:aws:kms:us-east-1:644160558196:key/e1d7c355-8b0d-4adf-8a26-f9e88d17b5a6'),
      ],
      [
        'test_s3_bucket_encryption_filter_kms__s3.GetBucketEncryption_5.json',
        kms('e1d7c355-8b0d-4adf-8a26-f9e88d17b5a6'),
      ],
      [
        'test_s3_filter_bucket_encryption_disabled_malformed_statement__s3.GetBucketEncryption_1.json',
        { rules: [{ bucketKeyEnabled: true }] },
      ],
    ])('%s', async (recording, expected) => {
      const { ci } = await oneBucket({ encryption: recording });
      expect(ci.supplementaryConfiguration.ServerSideEncryptionConfiguration).toEqual(expected);
      expect(ci.unknown).toBeUndefined();
    });

    it.each([ENCRYPTION_404, 'test_s3_encryption_audit__s3.GetBucketEncryption_3.json'])(
      '%s (404 ServerSideEncryptionConfigurationNotFoundError) -> not configured: no key, not unknown',
      async (recording) => {
        const { ci } = await oneBucket({ encryption: recording });
        expect(ci.supplementaryConfiguration).not.toHaveProperty('ServerSideEncryptionConfiguration');
        expect(ci.unknown).toBeUndefined();
      },
    );
  });

  describe('GetPublicAccessBlock -> supplementaryConfiguration.PublicAccessBlockConfiguration', () => {
    it('404 NoSuchPublicAccessBlockConfiguration -> not configured', async () => {
      const { ci } = await oneBucket({ pab: PAB_404 });
      expect(ci.supplementaryConfiguration).not.toHaveProperty('PublicAccessBlockConfiguration');
      expect(ci.unknown).toBeUndefined();
    });

    it('partial', async () => {
      const { ci } = await oneBucket({ pab: PAB_PARTIAL });
      expect(ci.supplementaryConfiguration.PublicAccessBlockConfiguration).toEqual({
        blockPublicAcls: true,
        ignorePublicAcls: false,
        blockPublicPolicy: true,
        restrictPublicBuckets: true,
      });
    });

    it('all false (configured, distinct from not configured)', async () => {
      const { ci } = await oneBucket({ pab: 'test_s3_public_block_disable_all__s3.GetPublicAccessBlock_2.json' });
      expect(ci.supplementaryConfiguration.PublicAccessBlockConfiguration).toEqual({
        blockPublicAcls: false,
        ignorePublicAcls: false,
        blockPublicPolicy: false,
        restrictPublicBuckets: false,
      });
    });

    it('403 AccessDenied -> unknown, never "not configured"', async () => {
      const { ci } = await oneBucket({ pab: 'test_s3_check_public_block__s3.GetPublicAccessBlock_3.json' });
      expect(ci.supplementaryConfiguration).not.toHaveProperty('PublicAccessBlockConfiguration');
      expect(ci.unknown).toEqual({ PublicAccessBlockConfiguration: 'AccessDenied' });
      // The other properties are still read.
      expect(ci.supplementaryConfiguration.ServerSideEncryptionConfiguration).toEqual({
        rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' } }],
      });
    });
  });

  describe('GetBucketTagging -> tags', () => {
    it('404 NoSuchTagSet -> {}', async () => {
      expect((await oneBucket({ tagging: TAGS_404 })).ci.tags).toEqual({});
    });
    it('TagSet [] -> {}', async () => {
      const { ci } = await oneBucket({
        tagging: 'test_s3_dataaccesspointaccount_cross_account__s3.GetBucketTagging_1.json',
      });
      expect(ci.tags).toEqual({});
      expect(ci.unknown).toBeUndefined();
    });
    it('tags -> map', async () => {
      expect((await oneBucket({ tagging: TAGS })).ci.tags).toEqual({
        Retention2: '3',
        Owner: 'nicholase',
        test: 'test',
        Env: 'Dev',
        Retention: '2',
        Application: 'test',
      });
    });
  });

  describe('GetBucketPolicy -> supplementaryConfiguration.BucketPolicy', () => {
    it('404 NoSuchBucketPolicy -> {policyText: null}, as Config records a bucket without a policy', async () => {
      const { ci } = await oneBucket({ policy: POLICY_404 });
      expect(ci.supplementaryConfiguration.BucketPolicy).toEqual({ policyText: null });
      expect(ci.unknown).toBeUndefined();
    });
    it('a policy -> its text, unchanged', async () => {
      const { ci } = await oneBucket({ policy: POLICY_DATA_ACCESS_POINT });
      const text = (ci.supplementaryConfiguration.BucketPolicy as { policyText: string }).policyText;
      expect(JSON.parse(text)).toMatchObject({ Id: 'NONCOMPLIANTPOLICY', Statement: [{ Principal: { AWS: '*' } }] });
    });
    it('403 AccessDenied -> unknown, never "no policy"', async () => {
      const { ci } = await oneBucket({ policy: 'test_s3_check_public_block__s3.GetPublicAccessBlock_3.json' });
      expect(ci.supplementaryConfiguration).not.toHaveProperty('BucketPolicy');
      expect(ci.unknown).toEqual({ BucketPolicy: 'AccessDenied' });
    });
  });

  describe('GetBucketAcl -> supplementaryConfiguration.AccessControlList', () => {
    it('group grantees by name, permissions in Config case', async () => {
      const { ci } = await oneBucket({ acl: ACL_GROUPS });
      expect(ci.supplementaryConfiguration.AccessControlList).toEqual({
        grantSet: null,
        grantList: [
          { grantee: 'AuthenticatedUsers', permission: 'Read' },
          { grantee: 'LogDelivery', permission: 'Write' },
          { grantee: 'LogDelivery', permission: 'ReadAcp' },
        ],
        owner: { displayName: 'mandeep.bal', id: 'e7c8bb65a5fc49cf906715eae09de9e4bb7861a96361ba79b833aa45f6833b15' },
        isRequesterCharged: false,
      });
    });
    it('AllUsers WRITE', async () => {
      const { ci } = await oneBucket({ acl: ACL_ALL_USERS_WRITE });
      expect((ci.supplementaryConfiguration.AccessControlList as { grantList: unknown[] }).grantList).toEqual([
        { grantee: 'AllUsers', permission: 'Write' },
      ]);
    });
    it('the owner only (a canonical user as {id, displayName})', async () => {
      const { ci } = await oneBucket({ acl: ACL_OWNER_ONLY });
      expect(ci.supplementaryConfiguration.AccessControlList).toEqual(NOTHING_CONFIGURED.AccessControlList);
    });
  });

  describe('GetBucketLogging and GetBucketVersioning', () => {
    it('logging off (an empty answer) -> both null; on -> target bucket and prefix', async () => {
      expect(
        (await oneBucket({ logging: LOGGING_OFF })).ci.supplementaryConfiguration.BucketLoggingConfiguration,
      ).toEqual({ destinationBucketName: null, logFilePrefix: null });
      expect(
        (await oneBucket({ logging: LOGGING_ON })).ci.supplementaryConfiguration.BucketLoggingConfiguration,
      ).toEqual({
        destinationBucketName: 'custodian-log-test',
        logFilePrefix: 's3-logs/',
      });
    });
    it.each([
      [VERSIONING_NEVER, 'Off'],
      [VERSIONING_ENABLED, 'Enabled'],
      [VERSIONING_SUSPENDED, 'Suspended'],
    ])('%s -> status %s', async (recording, status) => {
      const { ci } = await oneBucket({ versioning: recording });
      expect(ci.supplementaryConfiguration.BucketVersioningConfiguration).toEqual({ status, isMfaDeleteEnabled: null });
    });
    it('MFA delete, when S3 reports it', async () => {
      const s3 = regionalClients(['us-east-1']);
      cleanup = s3.restore;
      const east = s3.mock('us-east-1');
      stubPlacebo(east.on(ListBucketsCommand), ONE_BUCKET);
      east.on(GetBucketLocationCommand).resolves({});
      stubPlacebo(east.on(GetBucketEncryptionCommand), AES256);
      stubPlacebo(east.on(GetPublicAccessBlockCommand), PAB_404);
      stubPlacebo(east.on(GetBucketTaggingCommand), TAGS_404);
      stubAccessReads(east);
      // The API reference's GetBucketVersioning response (no recording has MFADelete).
      east.on(GetBucketVersioningCommand).resolves({ Status: 'Enabled', MFADelete: 'Disabled' });
      const { items } = await collectS3Buckets(s3.s3ForRegion, ACCOUNT, ['us-east-1']);
      expect(items[0]?.supplementaryConfiguration.BucketVersioningConfiguration).toEqual({
        status: 'Enabled',
        isMfaDeleteEnabled: false,
      });
    });
  });

  it('AccessDenied on encryption and tagging -> unknown, with the names rules ask for', async () => {
    const denied = placeboResponse('test_s3_check_public_block__s3.GetPublicAccessBlock_3.json');
    if (denied.ok) throw new Error('expected an error recording');
    const s3 = regionalClients(['us-east-1']);
    cleanup = s3.restore;
    const east = s3.mock('us-east-1');
    stubPlacebo(east.on(ListBucketsCommand), ONE_BUCKET);
    east.on(GetBucketLocationCommand).resolves({ LocationConstraint: undefined });
    east.on(GetBucketEncryptionCommand).rejects(denied.error);
    east
      .on(GetPublicAccessBlockCommand)
      .rejects(new PlaceboServiceError('InternalError', 'We encountered an internal error.', 500, {}));
    east.on(GetBucketTaggingCommand).rejects(denied.error);
    for (const command of [GetBucketPolicyCommand, GetBucketAclCommand, GetBucketLoggingCommand]) {
      east.on(command as never).rejects(denied.error);
    }
    east.on(GetBucketVersioningCommand).rejects(new PlaceboServiceError('MethodNotAllowed', 'Not allowed', 405, {}));
    const { items } = await collectS3Buckets(s3.s3ForRegion, ACCOUNT, ['us-east-1']);
    expect(items[0]?.unknown).toEqual({
      ServerSideEncryptionConfiguration: 'AccessDenied',
      PublicAccessBlockConfiguration: 'InternalError',
      BucketPolicy: 'AccessDenied',
      AccessControlList: 'AccessDenied',
      BucketLoggingConfiguration: 'AccessDenied',
      BucketVersioningConfiguration: 'MethodNotAllowed',
      tags: 'AccessDenied',
    });
    expect(items[0]?.supplementaryConfiguration).toEqual({});
    expect(items[0]?.tags).toEqual({});
  });

  it.each(['SlowDown', 'ThrottlingException', 'Throttling'])('%s propagates (Step Functions Retry)', async (name) => {
    const s3 = regionalClients(['us-east-1']);
    cleanup = s3.restore;
    const east = s3.mock('us-east-1');
    stubPlacebo(east.on(ListBucketsCommand), ONE_BUCKET);
    east.on(GetBucketLocationCommand).resolves({});
    const throttled = new PlaceboServiceError(name, 'Please reduce your request rate.', 503, {});
    east.on(GetBucketEncryptionCommand).rejects(throttled);
    stubPlacebo(east.on(GetPublicAccessBlockCommand), PAB_404);
    stubPlacebo(east.on(GetBucketTaggingCommand), TAGS_404);
    await expect(collectS3Buckets(s3.s3ForRegion, ACCOUNT, ['us-east-1'])).rejects.toBe(throttled);
  });

  it.each([
    ['GetBucketPolicy', GetBucketPolicyCommand],
    ['GetBucketAcl', GetBucketAclCommand],
    ['GetBucketLogging', GetBucketLoggingCommand],
    ['GetBucketVersioning', GetBucketVersioningCommand],
  ] as const)('throttling on %s propagates, never "unknown"', async (_name, command) => {
    const s3 = regionalClients(['us-east-1']);
    cleanup = s3.restore;
    const east = s3.mock('us-east-1');
    stubPlacebo(east.on(ListBucketsCommand), ONE_BUCKET);
    east.on(GetBucketLocationCommand).resolves({});
    stubPlacebo(east.on(GetBucketEncryptionCommand), AES256);
    stubPlacebo(east.on(GetPublicAccessBlockCommand), PAB_404);
    stubPlacebo(east.on(GetBucketTaggingCommand), TAGS_404);
    stubAccessReads(east);
    const throttled = new PlaceboServiceError('SlowDown', 'Please reduce your request rate.', 503, {});
    east.on(command as never).rejects(throttled);
    await expect(collectS3Buckets(s3.s3ForRegion, ACCOUNT, ['us-east-1'])).rejects.toBe(throttled);
  });

  it('throttling on GetBucketLocation propagates too', async () => {
    const s3 = regionalClients(['us-east-1']);
    cleanup = s3.restore;
    const east = s3.mock('us-east-1');
    stubPlacebo(east.on(ListBucketsCommand), FORTY_SEVEN);
    const throttled = new PlaceboServiceError('SlowDown', 'Please reduce your request rate.', 503, {});
    east.on(GetBucketLocationCommand).rejects(throttled);
    await expect(collectS3Buckets(s3.s3ForRegion, ACCOUNT, ['us-east-1'])).rejects.toBe(throttled);
    // It stops scheduling buckets after the first failure: at most one batch was started.
    expect(east.commandCalls(GetBucketLocationCommand).length).toBeLessThanOrEqual(8);
  });

  it('a bucket deleted while being read is dropped and reported', async () => {
    const s3 = regionalClients(['us-east-1']);
    cleanup = s3.restore;
    const east = s3.mock('us-east-1');
    stubPlacebo(east.on(ListBucketsCommand), ONE_BUCKET);
    east.on(GetBucketLocationCommand).resolves({});
    east
      .on(GetBucketEncryptionCommand)
      .rejects(new PlaceboServiceError('NoSuchBucket', 'The specified bucket does not exist', 404, {}));
    stubPlacebo(east.on(GetPublicAccessBlockCommand), PAB_404);
    stubPlacebo(east.on(GetBucketTaggingCommand), TAGS_404);
    expect(await collectS3Buckets(s3.s3ForRegion, ACCOUNT, ['us-east-1'])).toEqual({
      items: [],
      errors: [
        {
          resource: 'arn:aws:s3:::mypublicblock',
          error: 'bucket deleted during collection (NoSuchBucket: The specified bucket does not exist)',
        },
      ],
    });
  });

  it('ListBuckets errors propagate to the caller', async () => {
    const s3 = regionalClients(['us-east-1']);
    cleanup = s3.restore;
    s3.mock('us-east-1')
      .on(ListBucketsCommand)
      .rejects(new PlaceboServiceError('AccessDenied', 'Access Denied', 403, {}));
    await expect(collectS3Buckets(s3.s3ForRegion, ACCOUNT, ['us-east-1'])).rejects.toMatchObject({
      name: 'AccessDenied',
    });
  });
});

describe('regionFromLocationConstraint', () => {
  it.each([
    [undefined, 'us-east-1'],
    [null, 'us-east-1'],
    ['', 'us-east-1'],
    ['EU', 'eu-west-1'],
    ['eu-west-1', 'eu-west-1'],
    ['ap-southeast-2', 'ap-southeast-2'],
  ])('%s -> %s', (constraint, region) => {
    expect(regionFromLocationConstraint(constraint)).toBe(region);
  });
});
