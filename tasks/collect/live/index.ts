/**
 * Live collection for one member account (the `Collect resources` task in AWS): assume the audit
 * role once, then read S3 buckets and EC2 instances in every target region as AWS Config CIs.
 */
import { EC2Client } from '@aws-sdk/client-ec2';
import { S3Client } from '@aws-sdk/client-s3';
import { STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity } from '@smithy/types';
import { AccountUnreachableError } from '../../shared/errors';
import type { AccountTarget, ConfigurationItem } from '../../shared/model';
import { describeError, isThrottlingError } from './aws-errors';
import { type CredentialCache, createCredentialCache } from './credentials';
import { collectEc2Instances } from './ec2-instances';
import { collectS3Buckets } from './s3-buckets';

/** Region label for account-wide (not regional) reads, e.g. S3 ListBuckets. */
const GLOBAL_REGION = 'global';

interface LiveClientFactories {
  s3(region: string, credentials: AwsCredentialIdentity): S3Client;
  ec2(region: string, credentials: AwsCredentialIdentity): EC2Client;
}

interface LiveCollectorDeps extends LiveClientFactories {
  readonly credentials: CredentialCache;
}

interface LiveCollectResult {
  readonly items: ConfigurationItem[];
  /** Regions (or `global` for S3 ListBuckets) whose read failed while others succeeded. */
  readonly regionErrors: { region: string; error: string }[];
  /** Collected items with at least one property the collector could not read (`ci.unknown`). */
  readonly unknownCount?: number;
  /** Listed resources that could not be collected at all (e.g. S3 bucket whose region could not be read). */
  readonly resourceErrors?: { resource: string; error: string }[];
}

/**
 * SDK clients as the Lambda builds them: adaptive retry mode (client-side rate limiting on
 * throttling, on top of the standard retries), so a sweep backs off instead of failing.
 */
function defaultClientFactories(): LiveClientFactories {
  return {
    s3: (region, credentials) => new S3Client({ region, credentials, retryMode: 'adaptive' }),
    ec2: (region, credentials) => new EC2Client({ region, credentials, retryMode: 'adaptive' }),
  };
}

/** Everything `collectAccountLive` needs in AWS: STS (adaptive retries) in the Lambda's region, the cache, the factories. */
function defaultLiveCollectorDeps(options: {
  readonly roleName: string;
  readonly externalId?: string;
  /** @default 'aws' */
  readonly partition?: string;
}): LiveCollectorDeps {
  const sts = new STSClient({ retryMode: 'adaptive' });
  return {
    credentials: createCredentialCache({
      sts,
      roleName: options.roleName,
      ...(options.externalId === undefined ? {} : { externalId: options.externalId }),
      ...(options.partition === undefined ? {} : { partition: options.partition }),
    }),
    ...defaultClientFactories(),
  };
}

/**
 * Collects one account: S3 buckets (one ListBuckets for the account, region label `global`) and EC2
 * instances in every target region, all with one AssumeRole.
 * - the role cannot be assumed -> `AccountUnreachableError` (from the credential cache);
 * - a read that fails while others succeed (IAM/SCP deny, opt-in region not enabled: `AuthFailure`)
 *   -> recorded in `regionErrors`, the other regions go on;
 * - every read failed -> `AccountUnreachableError` listing each error (an account that answered
 *   nothing must not look like an empty, compliant one);
 * - throttling (after the SDK's adaptive retries) propagates so the Step Functions `Retry` can try again.
 */
async function collectAccountLive(target: AccountTarget, deps: LiveCollectorDeps): Promise<LiveCollectResult> {
  const credentials = await deps.credentials.credentialsFor(target.accountId);
  const regions = [...new Set(target.regions)];
  if (regions.length === 0) return { items: [], regionErrors: [], unknownCount: 0, resourceErrors: [] };
  const account = { accountId: target.accountId };

  // Async wrappers: a factory that throws becomes that read's failure, not the whole account's.
  const [[s3], ec2] = await Promise.all([
    Promise.allSettled([(async () => collectS3Buckets((region) => deps.s3(region, credentials), account, regions))()]),
    Promise.allSettled(
      regions.map(async (region) => collectEc2Instances(deps.ec2(region, credentials), account, region)),
    ),
  ]);

  const failures: { region: string; error: string; cause: unknown }[] = [];
  const items: ConfigurationItem[] = [];
  let resourceErrors: { resource: string; error: string }[] = [];
  if (s3 === undefined || s3.status === 'rejected') {
    failures.push({ region: GLOBAL_REGION, error: `s3: ${describeError(s3?.reason)}`, cause: s3?.reason });
  } else {
    items.push(...s3.value.items);
    resourceErrors = s3.value.errors;
  }
  ec2.forEach((result, i) => {
    if (result.status === 'fulfilled') items.push(...result.value);
    else
      failures.push({ region: regions[i] ?? '?', error: `ec2: ${describeError(result.reason)}`, cause: result.reason });
  });

  const throttled = failures.find((f) => isThrottlingError(f.cause));
  if (throttled !== undefined) throw throttled.cause;
  if (failures.length === ec2.length + 1) {
    throw new AccountUnreachableError(
      target.accountId,
      `Every read in account ${target.accountId} failed: ${failures.map((f) => `${f.region}: ${f.error}`).join('; ')}`,
      { cause: failures[0]?.cause },
    );
  }
  return {
    items,
    regionErrors: failures.map(({ region, error }) => ({ region, error })),
    unknownCount: items.filter((ci) => ci.unknown !== undefined && Object.keys(ci.unknown).length > 0).length,
    resourceErrors,
  };
}

export {
  collectAccountLive,
  defaultClientFactories,
  defaultLiveCollectorDeps,
  GLOBAL_REGION,
  type LiveClientFactories,
  type LiveCollectorDeps,
  type LiveCollectResult,
};
