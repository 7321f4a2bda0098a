/**
 * The Config-based collector: when AWS Config records an account, its configuration items are read
 * with an advanced query instead of the service APIs, either
 * - per account-region with `SelectResourceConfig` and the assumed audit role, after checking that a
 *   configuration recorder is recording there (an account that records nothing must not look empty,
 *   i.e. compliant), or
 * - for the whole account from the central account's aggregator with `SelectAggregateResourceConfig`.
 * Rows (JSON strings) go through `normalizeSelectResults`, so rules see the same model as from the
 * API collectors and snapshot files.
 */
import {
  type ConfigServiceClient,
  DescribeConfigurationRecorderStatusCommand,
  SelectAggregateResourceConfigCommand,
  SelectResourceConfigCommand,
} from '@aws-sdk/client-config-service';
import { collectPages } from '../aws/pager';
import type { ConfigurationItem } from '../model';
import { normalizeSelectResults } from '../normalize-ci';
import { GLOBAL_REGION } from './collector';
import { COLLECTORS } from './collectors';

/**
 * The resource types a Config query reads: every type a rule evaluates or looks up that AWS Config
 * records (Warden's own account-setting items come only from the API collectors).
 */
const COLLECTED_RESOURCE_TYPES: readonly string[] = [
  'AWS::S3::Bucket',
  'AWS::S3::AccountPublicAccessBlock',
  'AWS::EC2::Instance',
  'AWS::EC2::SecurityGroup',
  'AWS::EC2::Volume',
  'AWS::EC2::Subnet',
  'AWS::EC2::VPC',
  'AWS::RDS::DBInstance',
  ...COLLECTORS.filter((collector) => collector.recordedByConfig).flatMap((collector) => collector.resourceTypes),
];

/** The CI properties selected: the whole item (rows are normalized like any other CI). */
const SELECTED_PROPERTIES = [
  'resourceId',
  'resourceName',
  'resourceType',
  'arn',
  'accountId',
  'awsRegion',
  'availabilityZone',
  'configurationItemStatus',
  'configurationItemCaptureTime',
  'resourceCreationTime',
  'tags',
  'relationships',
  'configuration',
  'supplementaryConfiguration',
] as const;

/** Largest page both Select APIs allow. */
const PAGE_SIZE = 100;

/** The account-region has no configuration recorder, or none that is recording. */
class ConfigNotRecordingError extends Error {
  public constructor(region: string, detail: string) {
    super(
      `AWS Config is not recording in ${region} (${detail}); use the API collectors (source 'api') for this account`,
    );
    this.name = 'ConfigNotRecording';
  }
}

function quote(value: string): string {
  if (!/^[\w:.-]+$/.test(value)) throw new Error(`refusing to put ${JSON.stringify(value)} into a Config query`);
  return `'${value}'`;
}

function inList(values: readonly string[]): string {
  return `(${values.map(quote).join(', ')})`;
}

/** The advanced query for `resourceTypes`, optionally narrowed to an account and its regions (aggregators). */
function selectExpression(
  resourceTypes: readonly string[] = COLLECTED_RESOURCE_TYPES,
  scope: { readonly accountId?: string; readonly regions?: readonly string[] } = {},
): string {
  const where = [`resourceType IN ${inList(resourceTypes)}`];
  if (scope.accountId !== undefined) where.push(`accountId = ${quote(scope.accountId)}`);
  // Items of global services (IAM) say `global`, whatever regions the account is swept in.
  if (scope.regions !== undefined && scope.regions.length > 0)
    where.push(`awsRegion IN ${inList([...scope.regions, GLOBAL_REGION])}`);
  return `SELECT ${SELECTED_PROPERTIES.join(', ')} WHERE ${where.join(' AND ')}`;
}

async function assertRecording(config: ConfigServiceClient, region: string): Promise<void> {
  const status = await config.send(new DescribeConfigurationRecorderStatusCommand({}));
  const recorders = status.ConfigurationRecordersStatus ?? [];
  if (recorders.length === 0) throw new ConfigNotRecordingError(region, 'no configuration recorder');
  if (!recorders.some((r) => r.recording === true)) {
    throw new ConfigNotRecordingError(region, `recorder ${recorders.map((r) => r.name).join(', ')} is stopped`);
  }
}

/**
 * The account-region's CIs from its own Config (`SelectResourceConfig`, with the assumed role).
 * Errors propagate, as for the API collectors; a region where Config does not record is an error too.
 */
async function collectWithSelect(
  config: ConfigServiceClient,
  account: { readonly accountId: string },
  region: string,
): Promise<ConfigurationItem[]> {
  await assertRecording(config, region);
  const expression = selectExpression();
  const rows = await collectPages('SelectResourceConfig', async (token) => {
    const page = await config.send(
      new SelectResourceConfigCommand({
        Expression: expression,
        Limit: PAGE_SIZE,
        ...(token === undefined ? {} : { NextToken: token }),
      }),
    );
    return { items: page.Results ?? [], nextToken: page.NextToken };
  });
  return normalizeSelectResults(rows, { accountId: account.accountId, region });
}

/**
 * The account's CIs in `regions` from the central aggregator (`SelectAggregateResourceConfig`, with the
 * central account's own credentials: no AssumeRole).
 */
async function collectWithAggregator(
  config: ConfigServiceClient,
  aggregatorName: string,
  account: { readonly accountId: string },
  regions: readonly string[],
): Promise<ConfigurationItem[]> {
  const expression = selectExpression(COLLECTED_RESOURCE_TYPES, { accountId: account.accountId, regions });
  const rows = await collectPages('SelectAggregateResourceConfig', async (token) => {
    const page = await config.send(
      new SelectAggregateResourceConfigCommand({
        ConfigurationAggregatorName: aggregatorName,
        Expression: expression,
        Limit: PAGE_SIZE,
        ...(token === undefined ? {} : { NextToken: token }),
      }),
    );
    return { items: page.Results ?? [], nextToken: page.NextToken };
  });
  return normalizeSelectResults(rows, { accountId: account.accountId });
}

export {
  COLLECTED_RESOURCE_TYPES,
  ConfigNotRecordingError,
  collectWithAggregator,
  collectWithSelect,
  SELECTED_PROPERTIES,
  selectExpression,
};
