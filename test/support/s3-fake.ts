/**
 * A member account's S3 that keeps what it is told, for tests of `Remediate`: it re-reads a bucket
 * right before it writes and again after (issue 14 items 3 and 9), so the mock must answer the way
 * S3 does — a bucket with no default encryption or no public access block says so with S3's own
 * error names, and a Put is what the next Get returns.
 */
import {
  GetBucketEncryptionCommand,
  GetBucketLocationCommand,
  GetBucketTaggingCommand,
  GetPublicAccessBlockCommand,
  PutBucketEncryptionCommand,
  PutPublicAccessBlockCommand,
  type S3ClientResolvedConfig,
  type ServiceInputTypes,
  type ServiceOutputTypes,
} from '@aws-sdk/client-s3';
import type { AwsStub } from 'aws-sdk-client-mock';

type S3Mock = AwsStub<ServiceInputTypes, ServiceOutputTypes, S3ClientResolvedConfig>;

/** An error as the SDK throws it for an S3 error code. */
const s3Error = (name: string) => Object.assign(new Error(name), { name });

interface S3Fake {
  /** Each bucket's default encryption configuration, as last put. */
  readonly encryption: Map<string, unknown>;
  /** Each bucket's public access block configuration, as last put. */
  readonly publicAccessBlock: Map<string, unknown>;
  /** What `PutBucketEncryption` does here: keeps the configuration (for `.rejectsOnce(…).callsFake(…)`). */
  putEncryption(input: { Bucket?: string; ServerSideEncryptionConfiguration?: unknown }): object;
}

/** Installs the stateful bucket reads and writes on `s3Mock` (after its `reset()`); buckets start untagged and unconfigured. */
function fakeS3Buckets(s3Mock: S3Mock): S3Fake {
  const encryption = new Map<string, unknown>();
  const publicAccessBlock = new Map<string, unknown>();
  const putEncryption: S3Fake['putEncryption'] = (input) => {
    encryption.set(input.Bucket ?? '', input.ServerSideEncryptionConfiguration);
    return {};
  };
  s3Mock.on(GetBucketLocationCommand).resolves({});
  s3Mock.on(GetBucketTaggingCommand).rejects(s3Error('NoSuchTagSet'));
  s3Mock.on(PutBucketEncryptionCommand).callsFake(putEncryption);
  s3Mock.on(GetBucketEncryptionCommand).callsFake((input: { Bucket: string }) => {
    if (!encryption.has(input.Bucket)) throw s3Error('ServerSideEncryptionConfigurationNotFoundError');
    return { ServerSideEncryptionConfiguration: encryption.get(input.Bucket) };
  });
  s3Mock
    .on(PutPublicAccessBlockCommand)
    .callsFake((input: { Bucket: string; PublicAccessBlockConfiguration: unknown }) => {
      publicAccessBlock.set(input.Bucket, input.PublicAccessBlockConfiguration);
      return {};
    });
  s3Mock.on(GetPublicAccessBlockCommand).callsFake((input: { Bucket: string }) => {
    if (!publicAccessBlock.has(input.Bucket)) throw s3Error('NoSuchPublicAccessBlockConfiguration');
    return { PublicAccessBlockConfiguration: publicAccessBlock.get(input.Bucket) };
  });
  return { encryption, publicAccessBlock, putEncryption };
}

export type { S3Fake };
export { fakeS3Buckets, s3Error };
