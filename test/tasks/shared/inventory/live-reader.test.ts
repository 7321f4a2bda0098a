/** Reading an event's resources live with the audit role (SDK calls mocked, errors as AWS sends them). */
import { DescribeInstancesCommand, DescribeSecurityGroupsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { RDSClient } from '@aws-sdk/client-rds';
import {
  GetBucketAclCommand,
  GetBucketEncryptionCommand,
  GetBucketLocationCommand,
  GetBucketLoggingCommand,
  GetBucketPolicyCommand,
  GetBucketTaggingCommand,
  GetBucketVersioningCommand,
  GetPublicAccessBlockCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { GetPublicAccessBlockCommand as GetAccountPabCommand, S3ControlClient } from '@aws-sdk/client-s3-control';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCredentialCache } from '../../../../tasks/shared/aws/credentials';
import { AccountUnreachableError } from '../../../../tasks/shared/errors';
import { liveReader } from '../../../../tasks/shared/inventory/live-reader';
import { PlaceboServiceError, stubPlacebo } from '../../../support/placebo';

const A = '644160558196';
const sts = mockClient(STSClient);
const s3 = mockClient(S3Client);
const s3control = mockClient(S3ControlClient);
const ec2 = mockClient(EC2Client);

function reader() {
  return liveReader({
    credentials: createCredentialCache({
      sts: new STSClient({ region: 'us-east-1' }),
      roleName: 'WardenAudit',
      externalId: 'x',
    }),
    clients: {
      client: (client, region) => new client({ region }),
      s3: (region) => new S3Client({ region }),
      s3control: (region) => new S3ControlClient({ region }),
      ec2: (region) => new EC2Client({ region }),
      rds: (region) => new RDSClient({ region }),
    },
  });
}

const bucketRef = { resourceType: 'AWS::S3::Bucket', resourceId: 'logs', accountId: A, region: 'us-east-1' };

beforeEach(() => {
  sts.on(AssumeRoleCommand).resolves({
    Credentials: { AccessKeyId: 'AKIA', SecretAccessKey: 's', SessionToken: 't', Expiration: new Date('2099-01-01') },
  });
  s3control.on(GetAccountPabCommand).resolves({
    PublicAccessBlockConfiguration: {
      BlockPublicAcls: true,
      IgnorePublicAcls: true,
      BlockPublicPolicy: true,
      RestrictPublicBuckets: true,
    },
  });
});
afterEach(() => {
  for (const m of [sts, s3, s3control, ec2]) m.reset();
});

describe('liveReader', () => {
  it('a bucket, read in its own region, as Config records it; "not configured" is absent, AccessDenied unknown', async () => {
    s3.on(GetBucketLocationCommand).resolves({ LocationConstraint: 'EU' });
    stubPlacebo(s3.on(GetBucketEncryptionCommand), 'test_s3_bucket_encryption_disabled__s3.GetBucketEncryption_1.json');
    s3.on(GetPublicAccessBlockCommand).rejects(new PlaceboServiceError('AccessDenied', 'Access Denied', 403, {}));
    s3.on(GetBucketTaggingCommand).resolves({ TagSet: [{ Key: 'Owner', Value: 'ops' }] });
    stubPlacebo(s3.on(GetBucketPolicyCommand), 'test_s3_normalize_initstate__s3.GetBucketPolicy_1.json');
    s3.on(GetBucketAclCommand).rejects(new PlaceboServiceError('AccessDenied', 'Access Denied', 403, {}));
    stubPlacebo(s3.on(GetBucketLoggingCommand), 'test_s3_log_target__s3.GetBucketLogging_3.json');
    stubPlacebo(s3.on(GetBucketVersioningCommand), 'test_s3_enable_versioning__s3.GetBucketVersioning_14.json');
    const r = await reader().read({ accountId: A, refs: [bucketRef] });
    expect(r.items).toEqual([
      expect.objectContaining({
        resourceId: 'logs',
        region: 'eu-west-1',
        arn: 'arn:aws:s3:::logs',
        status: 'OK',
        supplementaryConfiguration: {
          BucketPolicy: { policyText: null },
          BucketLoggingConfiguration: { destinationBucketName: 'custodian-log-test', logFilePrefix: 's3-logs/' },
          BucketVersioningConfiguration: { status: 'Suspended', isMfaDeleteEnabled: null },
        },
        tags: { Owner: 'ops' },
        unknown: { PublicAccessBlockConfiguration: 'AccessDenied', AccessControlList: 'AccessDenied' },
      }),
    ]);
    expect(r.related.map((ci) => [ci.resourceType, ci.configuration.blockPublicAcls])).toEqual([
      ['AWS::S3::AccountPublicAccessBlock', true],
    ]);
    expect(sts.commandCalls(AssumeRoleCommand)[0]?.args[0].input).toMatchObject({
      RoleArn: `arn:aws:iam::${A}:role/WardenAudit`,
      ExternalId: 'x',
    });
  });

  it('a bucket that no longer exists is ResourceDeleted, not an error', async () => {
    s3.on(GetBucketLocationCommand).rejects(
      new PlaceboServiceError('NoSuchBucket', 'The specified bucket does not exist', 404, {}),
    );
    const r = await reader().read({ accountId: A, refs: [bucketRef] });
    expect(r.items.map((ci) => [ci.status, ci.arn])).toEqual([['ResourceDeleted', 'arn:aws:s3:::logs']]);
    expect(r.errors).toEqual([]);
  });

  it('an instance with the security groups of its region (placebo DescribeInstances)', async () => {
    stubPlacebo(ec2.on(DescribeInstancesCommand), 'test_ec2_set_md_access__ec2.DescribeInstances_1.json');
    stubPlacebo(
      ec2.on(DescribeSecurityGroupsCommand),
      'test_appelb_add_security_group__ec2.DescribeSecurityGroups_1.json',
    );
    const r = await reader().read({
      accountId: A,
      refs: [{ resourceType: 'AWS::EC2::Instance', resourceId: 'i-1', accountId: A, region: 'us-east-1' }],
    });
    expect(r.items).toHaveLength(1);
    expect(r.items[0]?.resourceType).toBe('AWS::EC2::Instance');
    expect(r.related.length).toBe(3);
    expect(r.related.every((ci) => ci.resourceType === 'AWS::EC2::SecurityGroup')).toBe(true);
  });

  it('a read refused is a ReadError of that resource; throttling propagates for the Retry', async () => {
    s3.on(GetBucketLocationCommand).rejects(new PlaceboServiceError('AccessDenied', 'Access Denied', 403, {}));
    const r = await reader().read({ accountId: A, refs: [bucketRef] });
    expect(r.items).toEqual([]);
    expect(r.errors).toEqual([
      {
        resource: 'AWS::S3::Bucket logs',
        resourceType: 'AWS::S3::Bucket',
        ref: bucketRef,
        error: 'AccessDenied: Access Denied',
      },
    ]);
    s3.on(GetBucketLocationCommand).rejects(
      new PlaceboServiceError('SlowDown', 'Please reduce your request rate', 503, {}),
    );
    await expect(reader().read({ accountId: A, refs: [bucketRef] })).rejects.toThrow('Please reduce your request rate');
  });

  it('a type it cannot read live is said so; a role it cannot assume makes the account unreachable', async () => {
    const r = await reader().read({
      accountId: A,
      refs: [{ resourceType: 'AWS::SNS::Topic', resourceId: 'f', accountId: A, region: 'us-east-1' }],
    });
    expect(r.errors.map((e) => e.error)).toEqual(['Warden cannot read AWS::SNS::Topic live']);
    sts.on(AssumeRoleCommand).rejects(new PlaceboServiceError('AccessDenied', 'not authorized', 403, {}));
    await expect(reader().read({ accountId: A, refs: [bucketRef] })).rejects.toBeInstanceOf(AccountUnreachableError);
  });
});
