/**
 * S3 buckets of one account as AWS Config `AWS::S3::Bucket` configuration items, with the
 * settings rules read in `supplementaryConfiguration` at the paths Config records
 * (awslabs/aws-config-resource-schema, `AWS::S3::Bucket.properties.json`, and for the values the
 * schema leaves out — the policy and the ACL — the shape of Config's own items, e.g.
 * `../shared/corpus/aws-config-rdk/AWS_S3_Bucket.json`):
 * - `BucketPolicy: {policyText}` (`null` when the bucket has none: GetBucketPolicy's `NoSuchBucketPolicy`);
 * - `AccessControlList: {grantSet, grantList: [{grantee, permission}], owner, isRequesterCharged}`, a
 *   group grantee as its name (`"AllUsers"`), a user as `{id, displayName}`, permissions `FullControl`,
 *   `Read`, `Write`, `ReadAcp`, `WriteAcp`;
 * - `BucketLoggingConfiguration: {destinationBucketName, logFilePrefix}` (both `null` when logging is off);
 * - `BucketVersioningConfiguration: {status, isMfaDeleteEnabled}` (`Off` when versioning was never enabled).
 */
import {
  type Bucket,
  GetBucketAclCommand,
  type GetBucketAclCommandOutput,
  GetBucketEncryptionCommand,
  GetBucketLocationCommand,
  GetBucketLoggingCommand,
  type GetBucketLoggingCommandOutput,
  GetBucketPolicyCommand,
  GetBucketTaggingCommand,
  GetBucketVersioningCommand,
  type GetBucketVersioningCommandOutput,
  GetPublicAccessBlockCommand,
  type Grantee,
  ListBucketsCommand,
  type Owner,
  type S3Client,
} from '@aws-sdk/client-s3';
import { describeError, errorName } from '../aws/aws-errors';
import { mapLimit } from '../aws/concurrency';
import type { ConfigurationItem } from '../model';
import { isThrottlingError } from '../throttling';
import { partitionOf, tagMap, toConfigCase } from './config-case';

const RESOURCE_TYPE = 'AWS::S3::Bucket';

/**
 * IAM actions of this collector's calls (ListBuckets, GetBucketLocation, GetBucketEncryption,
 * GetPublicAccessBlock, GetBucketTagging, GetBucketPolicy, GetBucketAcl, GetBucketLogging,
 * GetBucketVersioning; Service Authorization Reference names).
 */
const S3_BUCKET_READS = [
  's3:ListAllMyBuckets',
  's3:GetBucketLocation',
  's3:GetEncryptionConfiguration',
  's3:GetBucketPublicAccessBlock',
  's3:GetBucketTagging',
  's3:GetBucketPolicy',
  's3:GetBucketAcl',
  's3:GetBucketLogging',
  's3:GetBucketVersioning',
] as const;
/** Buckets read at the same time (each bucket makes seven calls). */
const BUCKET_CONCURRENCY = 8;
/** Largest page ListBuckets allows. */
const LIST_PAGE_SIZE = 1000;

interface S3CollectResult {
  readonly items: ConfigurationItem[];
  /** Buckets that were listed but could not be collected at all (region unknown, deleted meanwhile). */
  readonly errors: { resource: string; error: string }[];
}

/** One per-bucket read: a value, "not configured" (S3's 404), or unknown (any other error). */
type Read<T> =
  | { readonly kind: 'value'; readonly value: T }
  | { readonly kind: 'absent' }
  | { readonly kind: 'unknown'; readonly reason: string };

/** Thrown inside a bucket's reads when the bucket no longer exists. */
class BucketGoneError extends Error {
  public constructor(cause: unknown) {
    super(describeError(cause), { cause });
    this.name = 'BucketGoneError';
  }
}

/** GetBucketLocation's `LocationConstraint` -> region: none/'' is us-east-1, the legacy 'EU' is eu-west-1. */
function regionFromLocationConstraint(constraint: string | null | undefined): string {
  if (constraint === undefined || constraint === null || constraint === '') return 'us-east-1';
  if (constraint === 'EU') return 'eu-west-1';
  return constraint;
}

function bucketArn(name: string, region: string): string {
  return `arn:${partitionOf(region)}:s3:::${name}`;
}

/** `Date` (or the odd ISO string) -> Config's ISO-8601 form. */
function isoDate(value: Date | string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? String(value) : date.toISOString();
}

/** Every bucket the account owns, following ListBuckets pagination when S3 offers it. */
async function listBuckets(s3: S3Client): Promise<{ buckets: Bucket[]; owner?: Owner }> {
  const buckets: Bucket[] = [];
  let owner: Owner | undefined;
  let token: string | undefined;
  const seenTokens = new Set<string>();
  do {
    const page = await s3.send(
      new ListBucketsCommand({
        MaxBuckets: LIST_PAGE_SIZE,
        ...(token === undefined ? {} : { ContinuationToken: token }),
      }),
    );
    buckets.push(...(page.Buckets ?? []));
    owner ??= page.Owner;
    token = page.ContinuationToken === '' ? undefined : page.ContinuationToken;
    if (token !== undefined) {
      if (seenTokens.has(token)) break;
      seenTokens.add(token);
    }
  } while (token !== undefined);
  return owner === undefined ? { buckets } : { buckets, owner };
}

/**
 * Runs one per-bucket read. `notFoundCode` is S3's "not configured" answer (none for the calls that
 * answer an empty body instead); throttling propagates; NoSuchBucket means the bucket is gone;
 * anything else (AccessDenied above all) is unknown, never "not configured".
 */
async function read<T>(call: () => Promise<T | undefined>, notFoundCode?: string): Promise<Read<T>> {
  try {
    const value = await call();
    return value === undefined ? { kind: 'absent' } : { kind: 'value', value };
  } catch (error) {
    if (isThrottlingError(error)) throw error;
    const name = errorName(error);
    if (name === notFoundCode) return { kind: 'absent' };
    if (name === 'NoSuchBucket') throw new BucketGoneError(error);
    return { kind: 'unknown', reason: name };
  }
}

/** S3's predefined groups, by URI, as Config names them in `grantList[].grantee`. */
const GROUP_URI = /^https?:\/\/acs\.amazonaws\.com\/groups\/(?:global|s3)\/(\w+)$/;

/** GetBucketAcl's permission -> Config's (`READ_ACP` -> `ReadAcp`, `FULL_CONTROL` -> `FullControl`). */
function configPermission(permission: string | undefined): string | null {
  if (permission === undefined) return null;
  return permission
    .toLowerCase()
    .split('_')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('');
}

function configGrantee(grantee: Grantee | undefined): unknown {
  if (grantee === undefined) return null;
  const group = grantee.Type === 'Group' ? GROUP_URI.exec(grantee.URI ?? '') : null;
  if (group !== null) return group[1];
  if (grantee.Type === 'Group') return grantee.URI ?? null;
  if (grantee.Type === 'AmazonCustomerByEmail') return { emailAddress: grantee.EmailAddress ?? null };
  return { id: grantee.ID ?? null, displayName: grantee.DisplayName ?? null };
}

/** GetBucketAcl -> `supplementaryConfiguration.AccessControlList` as Config records it. */
function aclToConfig(output: GetBucketAclCommandOutput): Record<string, unknown> {
  return {
    grantSet: null,
    grantList: (output.Grants ?? []).map((grant) => ({
      grantee: configGrantee(grant.Grantee),
      permission: configPermission(grant.Permission),
    })),
    owner: { displayName: output.Owner?.DisplayName ?? null, id: output.Owner?.ID ?? null },
    isRequesterCharged: false,
  };
}

/** GetBucketLogging -> `BucketLoggingConfiguration` (both `null` when logging is off, as Config records it). */
function loggingToConfig(output: GetBucketLoggingCommandOutput): Record<string, unknown> {
  return {
    destinationBucketName: output.LoggingEnabled?.TargetBucket ?? null,
    logFilePrefix: output.LoggingEnabled?.TargetPrefix ?? null,
  };
}

/** GetBucketVersioning -> `BucketVersioningConfiguration` (`Off`: never enabled; MFA delete `null` when not reported). */
function versioningToConfig(output: GetBucketVersioningCommandOutput): Record<string, unknown> {
  const mfa = output.MFADelete;
  return {
    status: output.Status ?? 'Off',
    isMfaDeleteEnabled: mfa === 'Enabled' ? true : mfa === 'Disabled' ? false : null,
  };
}

/** Puts one read into the item: its value at `key`, "not configured" as `absent`, else `unknown[key]`. */
function record<T>(
  into: { supplementary: Record<string, unknown>; unknown: Record<string, string> },
  key: string,
  result: Read<T>,
  toConfig: (value: T) => unknown,
  absent?: unknown,
): void {
  if (result.kind === 'value') into.supplementary[key] = toConfig(result.value);
  else if (result.kind === 'unknown') into.unknown[key] = result.reason;
  else if (absent !== undefined) into.supplementary[key] = absent;
}

async function bucketToCi(
  s3: S3Client,
  bucket: { readonly name: string; readonly region: string; readonly creationDate: Date | string | undefined },
  owner: Owner | undefined,
  accountId: string,
): Promise<ConfigurationItem> {
  const input = { Bucket: bucket.name, ExpectedBucketOwner: accountId };
  const [encryption, publicAccessBlock, tagging, policy, acl, logging, versioning] = await Promise.all([
    read(
      async () => (await s3.send(new GetBucketEncryptionCommand(input))).ServerSideEncryptionConfiguration,
      'ServerSideEncryptionConfigurationNotFoundError',
    ),
    read(
      async () => (await s3.send(new GetPublicAccessBlockCommand(input))).PublicAccessBlockConfiguration,
      'NoSuchPublicAccessBlockConfiguration',
    ),
    read(async () => (await s3.send(new GetBucketTaggingCommand(input))).TagSet, 'NoSuchTagSet'),
    read(async () => (await s3.send(new GetBucketPolicyCommand(input))).Policy, 'NoSuchBucketPolicy'),
    read(async () => await s3.send(new GetBucketAclCommand(input))),
    read(async () => await s3.send(new GetBucketLoggingCommand(input))),
    read(async () => await s3.send(new GetBucketVersioningCommand(input))),
  ]);

  const into = { supplementary: {} as Record<string, unknown>, unknown: {} as Record<string, string> };
  record(into, 'ServerSideEncryptionConfiguration', encryption, toConfigCase);
  record(into, 'PublicAccessBlockConfiguration', publicAccessBlock, toConfigCase);
  // Config records a bucket without a policy as `{policyText: null}`.
  record(into, 'BucketPolicy', policy, (policyText) => ({ policyText }), { policyText: null });
  record(into, 'AccessControlList', acl, aclToConfig);
  record(into, 'BucketLoggingConfiguration', logging, loggingToConfig);
  record(into, 'BucketVersioningConfiguration', versioning, versioningToConfig);
  const { supplementary: supplementaryConfiguration, unknown } = into;
  if (tagging.kind === 'unknown') unknown.tags = tagging.reason;

  const creationDate = isoDate(bucket.creationDate);
  const configuration: Record<string, unknown> = {
    name: bucket.name,
    ...(owner === undefined ? {} : { owner: toConfigCase(owner) }),
    ...(creationDate === undefined ? {} : { creationDate }),
  };
  return {
    resourceType: RESOURCE_TYPE,
    resourceId: bucket.name,
    resourceName: bucket.name,
    arn: bucketArn(bucket.name, bucket.region),
    accountId,
    region: bucket.region,
    availabilityZone: 'Regional',
    status: 'OK',
    configuration,
    supplementaryConfiguration,
    tags: tagging.kind === 'value' ? tagMap(tagging.value) : {},
    relationships: [],
    ...(Object.keys(unknown).length > 0 ? { unknown } : {}),
  };
}

/**
 * The account's buckets located in `regions`, each read with a client of its own region.
 * ListBuckets errors propagate (the caller records them); throttling anywhere propagates
 * (Step Functions `Retry`); a per-bucket read that fails otherwise lands in `ci.unknown`.
 */
async function collectS3Buckets(
  s3ForRegion: (region: string) => S3Client,
  account: { readonly accountId: string },
  regions: readonly string[],
): Promise<S3CollectResult> {
  const [listRegion] = regions;
  if (listRegion === undefined) return { items: [], errors: [] };
  const wanted = new Set(regions);
  const clients = new Map<string, S3Client>();
  const clientFor = (region: string): S3Client => {
    let client = clients.get(region);
    if (client === undefined) {
      client = s3ForRegion(region);
      clients.set(region, client);
    }
    return client;
  };

  const { buckets, owner } = await listBuckets(clientFor(listRegion));
  const errors: { resource: string; error: string }[] = [];
  const results = await mapLimit(
    buckets,
    BUCKET_CONCURRENCY,
    async (bucket): Promise<ConfigurationItem | undefined> => {
      const name = bucket.Name;
      if (name === undefined || name === '') return undefined;
      let region = bucket.BucketRegion;
      if (region === undefined || region === '') {
        try {
          const location = await clientFor(listRegion).send(
            new GetBucketLocationCommand({ Bucket: name, ExpectedBucketOwner: account.accountId }),
          );
          region = regionFromLocationConstraint(location.LocationConstraint);
        } catch (error) {
          if (isThrottlingError(error)) throw error;
          errors.push({ resource: bucketArn(name, listRegion), error: `GetBucketLocation: ${describeError(error)}` });
          return undefined;
        }
      }
      if (!wanted.has(region)) return undefined;
      try {
        return await bucketToCi(
          clientFor(region),
          { name, region, creationDate: bucket.CreationDate },
          owner,
          account.accountId,
        );
      } catch (error) {
        if (!(error instanceof BucketGoneError)) throw error;
        errors.push({
          resource: bucketArn(name, region),
          error: `bucket deleted during collection (${error.message})`,
        });
        return undefined;
      }
    },
  );
  return { items: results.filter((ci): ci is ConfigurationItem => ci !== undefined), errors };
}

export {
  BucketGoneError,
  bucketToCi,
  collectS3Buckets,
  regionFromLocationConstraint,
  S3_BUCKET_READS,
  type S3CollectResult,
};
