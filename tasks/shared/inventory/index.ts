/**
 * Live collection for one member account (the `Collect resources` task in AWS): assume the audit
 * role once, then read every resource type the rules need, in every target region, as AWS Config CIs.
 *
 * Per account, `target.source` chooses how:
 * - `api` (default): the service APIs — S3 buckets and the account-level public access block (once
 *   per account), EC2 instances, security groups, volumes, subnets, VPCs and RDS DB instances (per region);
 * - `config`: AWS Config advanced queries — the central aggregator when one is configured
 *   (`aggregator`, no AssumeRole), else SelectResourceConfig in each region with the assumed role.
 */
import { ConfigServiceClient } from '@aws-sdk/client-config-service';
import { EC2Client } from '@aws-sdk/client-ec2';
import { RDSClient } from '@aws-sdk/client-rds';
import { S3Client } from '@aws-sdk/client-s3';
import { S3ControlClient } from '@aws-sdk/client-s3-control';
import { STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity } from '@smithy/types';
import { describeError } from '../aws/aws-errors';
import { mapLimit } from '../aws/concurrency';
import { type CredentialCache, createCredentialCache } from '../aws/credentials';
import { AccountUnreachableError } from '../errors';
import type { AccountTarget, ConfigurationItem } from '../model';
import { isThrottlingError } from '../throttling';
import { type ClientClass, type Collector, GLOBAL_REGION } from './collector';
import { COLLECTORS } from './collectors';
import { COLLECTED_RESOURCE_TYPES, collectWithAggregator, collectWithSelect } from './config-select';
import { collectEc2Instances } from './ec2-instances';
import { collectSecurityGroups, collectSubnets, collectVpcs, linkVpcs } from './ec2-network';
import { collectVolumes } from './ec2-volumes';
import { collectDbInstances } from './rds-instances';
import { collectAccountPublicAccessBlock } from './s3-account-public-access-block';
import { collectS3Buckets } from './s3-buckets';

/** Reads in flight at once for one account (each read pages through one API in one region). */
const READ_CONCURRENCY = 8;

interface LiveClientFactories {
  /** A client of any service: what the registered collectors (`./collectors.ts`) read with. */
  client<C>(client: ClientClass<C>, region: string, credentials: AwsCredentialIdentity): C;
  s3(region: string, credentials: AwsCredentialIdentity): S3Client;
  ec2(region: string, credentials: AwsCredentialIdentity): EC2Client;
  rds(region: string, credentials: AwsCredentialIdentity): RDSClient;
  s3control(region: string, credentials: AwsCredentialIdentity): S3ControlClient;
  config(region: string, credentials: AwsCredentialIdentity): ConfigServiceClient;
}

interface LiveCollectorDeps extends LiveClientFactories {
  readonly credentials: CredentialCache;
  /**
   * The central account's configuration aggregator, used for accounts whose `source` is `config`.
   * @default none: those accounts are read with SelectResourceConfig in each region
   */
  readonly aggregator?: { readonly client: ConfigServiceClient; readonly name: string };
  /**
   * The resource types to read (e.g. only what the selected rules evaluate and look up).
   * @default every type a collector reads
   */
  readonly resourceTypes?: readonly string[];
}

interface LiveCollectResult {
  readonly items: ConfigurationItem[];
  /** Regions (or `global` for account-wide reads) whose read failed while others succeeded. */
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
    client: (client, region, credentials) => new client({ region, credentials, retryMode: 'adaptive' }),
    s3: (region, credentials) => new S3Client({ region, credentials, retryMode: 'adaptive' }),
    ec2: (region, credentials) => new EC2Client({ region, credentials, retryMode: 'adaptive' }),
    rds: (region, credentials) => new RDSClient({ region, credentials, retryMode: 'adaptive' }),
    s3control: (region, credentials) => new S3ControlClient({ region, credentials, retryMode: 'adaptive' }),
    config: (region, credentials) => new ConfigServiceClient({ region, credentials, retryMode: 'adaptive' }),
  };
}

/** Everything `collectAccountLive` needs in AWS: STS (adaptive retries) in the Lambda's region, the cache, the factories. */
function defaultLiveCollectorDeps(options: {
  readonly roleName: string;
  readonly externalId?: string;
  /** @default 'aws' */
  readonly partition?: string;
  /** Name of the central configuration aggregator for `source: 'config'` accounts. @default none */
  readonly aggregatorName?: string;
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
    ...(options.aggregatorName === undefined || options.aggregatorName === ''
      ? {}
      : { aggregator: { client: new ConfigServiceClient({ retryMode: 'adaptive' }), name: options.aggregatorName } }),
  };
}

/** One read of the account: one API (or query) in one region, or account-wide. */
interface Read {
  /** The resource types it yields (reads of types not wanted are skipped). */
  readonly types: readonly string[];
  readonly region: string;
  /** The API it calls, e.g. `ec2:DescribeSecurityGroups`: what an operator must allow when it is denied. */
  readonly api: string;
  run(): Promise<{ items: ConfigurationItem[]; resourceErrors?: { resource: string; error: string }[] }>;
}

type ReadOutcome =
  | {
      readonly ok: true;
      readonly items: ConfigurationItem[];
      readonly resourceErrors: { resource: string; error: string }[];
    }
  | { readonly ok: false; readonly error: unknown };

/**
 * The registered collectors' reads (`./collectors.ts`): one per target region, or one per account
 * (through the first target region's endpoint) for `scope: 'account'`.
 */
function registeredReads(
  collectors: readonly Collector[],
  regions: readonly string[],
  credentials: AwsCredentialIdentity,
  deps: LiveCollectorDeps,
  accountId: string,
): Read[] {
  const [first] = regions;
  if (first === undefined) return [];
  const context = (region: string) => ({
    accountId,
    region,
    client: <C>(client: ClientClass<C>, at: string) => deps.client(client, at, credentials),
  });
  return collectors.flatMap((collector) =>
    (collector.scope === 'account' ? [first] : regions).map((region) => ({
      types: collector.resourceTypes,
      region: collector.scope === 'account' ? GLOBAL_REGION : region,
      api: collector.api,
      run: () => collector.collect(context(region)),
    })),
  );
}

function apiReads(
  regions: readonly string[],
  credentials: AwsCredentialIdentity,
  deps: LiveCollectorDeps,
  accountId: string,
): Read[] {
  const account = { accountId };
  // Async wrappers everywhere: a factory that throws becomes that read's failure, not the whole account's.
  const items = (run: () => Promise<ConfigurationItem[]>) => async () => ({ items: await run() });
  const [first] = regions;
  const reads: Read[] = [
    {
      types: ['AWS::S3::Bucket'],
      region: GLOBAL_REGION,
      api: 's3:ListBuckets',
      run: async () => {
        const result = await collectS3Buckets((region) => deps.s3(region, credentials), account, regions);
        return { items: result.items, resourceErrors: result.errors };
      },
    },
  ];
  if (first !== undefined) {
    reads.push({
      types: ['AWS::S3::AccountPublicAccessBlock'],
      region: GLOBAL_REGION,
      api: 's3control:GetPublicAccessBlock',
      run: items(async () => [
        await collectAccountPublicAccessBlock(deps.s3control(first, credentials), account, first),
      ]),
    });
  }
  for (const region of regions) {
    const ec2 = () => deps.ec2(region, credentials);
    reads.push(
      {
        types: ['AWS::EC2::Instance'],
        region,
        api: 'ec2:DescribeInstances',
        run: items(() => collectEc2Instances(ec2(), account, region)),
      },
      {
        types: ['AWS::EC2::SecurityGroup'],
        region,
        api: 'ec2:DescribeSecurityGroups',
        run: items(() => collectSecurityGroups(ec2(), account, region)),
      },
      {
        types: ['AWS::EC2::Volume'],
        region,
        api: 'ec2:DescribeVolumes',
        run: items(() => collectVolumes(ec2(), account, region)),
      },
      {
        types: ['AWS::EC2::Subnet'],
        region,
        api: 'ec2:DescribeSubnets',
        run: items(() => collectSubnets(ec2(), account, region)),
      },
      {
        types: ['AWS::EC2::VPC'],
        region,
        api: 'ec2:DescribeVpcs',
        run: items(() => collectVpcs(ec2(), account, region)),
      },
      {
        types: ['AWS::RDS::DBInstance'],
        region,
        api: 'rds:DescribeDBInstances',
        run: items(() => collectDbInstances(deps.rds(region, credentials), account, region)),
      },
    );
  }
  return [...reads, ...registeredReads(COLLECTORS, regions, credentials, deps, accountId)];
}

/** Config's query in each region, and the API reads of what Config does not record (Warden's account settings). */
function selectReads(
  regions: readonly string[],
  credentials: AwsCredentialIdentity,
  deps: LiveCollectorDeps,
  accountId: string,
): Read[] {
  const unrecorded = COLLECTORS.filter((collector) => !collector.recordedByConfig);
  return [
    ...regions.map((region) => ({
      types: COLLECTED_RESOURCE_TYPES,
      region,
      api: 'config:SelectResourceConfig',
      run: async () => ({ items: await collectWithSelect(deps.config(region, credentials), { accountId }, region) }),
    })),
    ...registeredReads(unrecorded, regions, credentials, deps, accountId),
  ];
}

/** Whether a read yields a type the sweep wants (`deps.resourceTypes`, default every type). */
function wanted(deps: LiveCollectorDeps): (read: Read) => boolean {
  if (deps.resourceTypes === undefined) return () => true;
  const types = new Set(deps.resourceTypes);
  return (read) => read.types.some((type) => types.has(type));
}

async function runReads(reads: readonly Read[]): Promise<ReadOutcome[]> {
  return mapLimit(reads, READ_CONCURRENCY, async (read): Promise<ReadOutcome> => {
    try {
      const result = await read.run();
      return { ok: true, items: result.items, resourceErrors: result.resourceErrors ?? [] };
    } catch (error) {
      return { ok: false, error };
    }
  });
}

function resultOf(
  items: ConfigurationItem[],
  regionErrors: { region: string; error: string }[],
  resourceErrors: { resource: string; error: string }[],
): LiveCollectResult {
  return {
    items,
    regionErrors,
    unknownCount: items.filter((ci) => ci.unknown !== undefined && Object.keys(ci.unknown).length > 0).length,
    resourceErrors,
  };
}

/**
 * The account's CIs from the central aggregator. Nothing at all for the account means the aggregator
 * does not cover it: `AccountUnreachableError`, never an empty (compliant-looking) inventory.
 */
async function collectFromAggregator(
  target: AccountTarget,
  regions: readonly string[],
  aggregator: NonNullable<LiveCollectorDeps['aggregator']>,
  deps: LiveCollectorDeps,
): Promise<LiveCollectResult> {
  let items: ConfigurationItem[];
  try {
    items = await collectWithAggregator(aggregator.client, aggregator.name, { accountId: target.accountId }, regions);
  } catch (error) {
    if (isThrottlingError(error)) throw error;
    throw new AccountUnreachableError(
      target.accountId,
      `Configuration aggregator ${aggregator.name} could not be queried for account ${target.accountId}: ${describeError(error)}`,
      { cause: error },
    );
  }
  if (items.length === 0) {
    throw new AccountUnreachableError(
      target.accountId,
      `Configuration aggregator ${aggregator.name} has no configuration items for account ${target.accountId} in ${regions.join(', ')}`,
    );
  }
  return resultOf(items, notReadThroughAggregator(deps), []);
}

/** The wanted types only the APIs read (Config does not record them): never read for aggregator accounts, said so. */
function notReadThroughAggregator(deps: LiveCollectorDeps): { region: string; error: string }[] {
  const isWanted = wanted(deps);
  return COLLECTORS.filter((collector) => !collector.recordedByConfig)
    .map((collector) => ({ types: collector.resourceTypes, region: GLOBAL_REGION, api: collector.api }))
    .filter((read) => isWanted({ ...read, run: async () => ({ items: [] }) }))
    .map((read) => ({
      region: GLOBAL_REGION,
      error: `${read.api}: not read: AWS Config does not record ${read.types.join(', ')}, and accounts read through the aggregator are not assumed into`,
    }));
}

/**
 * Collects one account with one AssumeRole (none with an aggregator).
 * - the role cannot be assumed -> `AccountUnreachableError` (from the credential cache);
 * - a read that fails while others succeed (IAM/SCP deny, opt-in region not enabled: `AuthFailure`,
 *   Config not recording) -> recorded in `regionErrors` as `<api>: <error>`, the other reads go on;
 * - every read failed -> `AccountUnreachableError` listing each error (an account that answered
 *   nothing must not look like an empty, compliant one);
 * - throttling (after the SDK's adaptive retries) propagates so the Step Functions `Retry` can try again.
 */
async function collectAccountLive(target: AccountTarget, deps: LiveCollectorDeps): Promise<LiveCollectResult> {
  const regions = [...new Set(target.regions)];
  if (regions.length === 0) return { items: [], regionErrors: [], unknownCount: 0, resourceErrors: [] };
  const source = target.source ?? 'api';
  if (source === 'config' && deps.aggregator !== undefined)
    return collectFromAggregator(target, regions, deps.aggregator, deps);

  const credentials = await deps.credentials.credentialsFor(target.accountId);
  const reads = (
    source === 'config'
      ? selectReads(regions, credentials, deps, target.accountId)
      : apiReads(regions, credentials, deps, target.accountId)
  ).filter(wanted(deps));
  const outcomes = await runReads(reads);

  const failures: { region: string; error: string; cause: unknown }[] = [];
  const items: ConfigurationItem[] = [];
  const resourceErrors: { resource: string; error: string }[] = [];
  outcomes.forEach((outcome, i) => {
    const read = reads[i] as Read;
    if (outcome.ok) {
      items.push(...outcome.items);
      resourceErrors.push(...outcome.resourceErrors);
    } else {
      failures.push({
        region: read.region,
        error: `${read.api}: ${describeError(outcome.error)}`,
        cause: outcome.error,
      });
    }
  });

  const throttled = failures.find((f) => isThrottlingError(f.cause));
  if (throttled !== undefined) throw throttled.cause;
  if (failures.length === reads.length) {
    throw new AccountUnreachableError(
      target.accountId,
      `Every read in account ${target.accountId} failed: ${failures.map((f) => `${f.region}: ${f.error}`).join('; ')}`,
      { cause: failures[0]?.cause },
    );
  }
  return resultOf(
    source === 'api' ? linkVpcs(items) : items,
    failures.map(({ region, error }) => ({ region, error })),
    resourceErrors,
  );
}

export {
  collectAccountLive,
  defaultClientFactories,
  defaultLiveCollectorDeps,
  GLOBAL_REGION,
  type LiveClientFactories,
  type LiveCollectorDeps,
  type LiveCollectResult,
  READ_CONCURRENCY,
};
