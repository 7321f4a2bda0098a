/**
 * CloudTrail trails, two ways:
 *
 * 1. `cloudtrailTrails` (per region): the trails whose home region it is, as AWS Config records
 *    `AWS::CloudTrail::Trail` (awslabs/aws-config-resource-schema): resourceId and resourceName = the
 *    trail name, ARN = `TrailARN`, `configuration.{name, trailARN, homeRegion, isMultiRegionTrail,
 *    isOrganizationTrail, includeGlobalServiceEvents, logFileValidationEnabled, kmsKeyId,
 *    s3BucketName, s3KeyPrefix, snsTopicName, snsTopicARN, cloudWatchLogsLogGroupArn,
 *    cloudWatchLogsRoleArn, hasCustomEventSelectors, hasInsightSelectors}` from DescribeTrails
 *    (`includeShadowTrails: false`, so a multi-region trail is one item, in its home region). Config's
 *    schema has no place for the trail's logging state or its event selectors; Warden adds them under
 *    `supplementaryConfiguration` — `TrailStatus` (GetTrailStatus: `isLogging`, `latestDeliveryTime`,
 *    `latestDeliveryError`, `startLoggingTime`, `stopLoggingTime`, …) and `EventSelectors`
 *    (GetEventSelectors: `eventSelectors[]`, `advancedEventSelectors[]`) — which items read from Config
 *    do not have. Tags (ListTags) are not read: no rule needs them.
 *
 * 2. `cloudtrailAccountTrails` (once per account): one `Warden::CloudTrail::AccountTrails` item
 *    (region `global`) listing every multi-region trail that logs this account — its own and an
 *    organization trail of the management account — with its logging state and event selectors, for
 *    "at least one multi-Region trail logs read and write management events" (FSBP CloudTrail.1). It
 *    lists with `includeShadowTrails: true` in the first target region: a multi-region trail is seen
 *    from every region, and an organization trail is only ever a shadow trail in a member account,
 *    which the per-region listing leaves out. Status and selectors are read by the trail's ARN (the
 *    form CloudTrail requires for a shadow trail).
 *
 * Errors: a failing DescribeTrails propagates (the read's error), throttling too; a denied
 * GetTrailStatus/GetEventSelectors leaves that part in the item's `unknown` map. DescribeTrails is
 * not paginated (its output has no token).
 */
import {
  CloudTrailClient,
  DescribeTrailsCommand,
  GetEventSelectorsCommand,
  GetTrailStatusCommand,
  type Trail,
} from '@aws-sdk/client-cloudtrail';
import { errorName } from '../aws/aws-errors';
import type { ResourceRef } from '../events/event-model';
import type { ConfigurationItem } from '../model';
import { isThrottlingError } from '../throttling';
import { accountSettingItem } from './account-setting';
import { type CollectContext, defineCollector, GLOBAL_REGION } from './collector';
import { toConfigCase } from './config-case';

const CLOUDTRAIL_TRAIL = 'AWS::CloudTrail::Trail';
const ACCOUNT_TRAILS = 'Warden::CloudTrail::AccountTrails';

const READS = ['cloudtrail:DescribeTrails', 'cloudtrail:GetTrailStatus', 'cloudtrail:GetEventSelectors'];

type Json = Record<string, unknown>;

/** A part of a trail read with its own call: its value (Config's casing), or the error that kept it unknown. */
type Part = { readonly value: Json } | { readonly error: string };

async function readPart(read: () => Promise<object>): Promise<Part> {
  try {
    const { $metadata: _metadata, ...output } = (await read()) as Json;
    return { value: toConfigCase(output) as Json };
  } catch (error) {
    if (isThrottlingError(error)) throw error;
    return { error: errorName(error) };
  }
}

/** GetTrailStatus, without the deprecated string copies of its timestamps. */
function trailStatus(client: CloudTrailClient, arn: string): Promise<Part> {
  return readPart(async () => {
    const {
      TimeLoggingStarted: _started,
      TimeLoggingStopped: _stopped,
      LatestDeliveryAttemptTime: _attempt,
      LatestDeliveryAttemptSucceeded: _succeeded,
      LatestNotificationAttemptTime: _notification,
      LatestNotificationAttemptSucceeded: _notified,
      ...status
    } = await client.send(new GetTrailStatusCommand({ Name: arn }));
    return status;
  });
}

function eventSelectors(client: CloudTrailClient, arn: string): Promise<Part> {
  return readPart(async () => {
    const { TrailARN: _arn, ...selectors } = await client.send(new GetEventSelectorsCommand({ TrailName: arn }));
    return { EventSelectors: [], AdvancedEventSelectors: [], ...selectors };
  });
}

async function describeTrails(client: CloudTrailClient, includeShadowTrails: boolean, names?: string[]) {
  const output = await client.send(
    new DescribeTrailsCommand({ includeShadowTrails, ...(names === undefined ? {} : { trailNameList: names }) }),
  );
  return (output.trailList ?? []).filter((t): t is Trail & { Name: string; TrailARN: string } =>
    Boolean(t.Name && t.TrailARN),
  );
}

async function trailItem(
  client: CloudTrailClient,
  trail: Trail & { Name: string; TrailARN: string },
  ctx: CollectContext,
): Promise<ConfigurationItem> {
  const [status, selectors] = await Promise.all([
    trailStatus(client, trail.TrailARN),
    eventSelectors(client, trail.TrailARN),
  ]);
  const supplementary: Json = {};
  const unknown: Record<string, string> = {};
  if ('value' in status) supplementary.TrailStatus = status.value;
  else unknown.TrailStatus = status.error;
  if ('value' in selectors) supplementary.EventSelectors = selectors.value;
  else unknown.EventSelectors = selectors.error;
  return {
    resourceType: CLOUDTRAIL_TRAIL,
    resourceId: trail.Name,
    resourceName: trail.Name,
    arn: trail.TrailARN,
    accountId: ctx.accountId,
    region: ctx.region,
    availabilityZone: 'Not Applicable',
    status: 'OK',
    configuration: toConfigCase(trail) as Json,
    supplementaryConfiguration: supplementary,
    tags: {},
    relationships: [],
    ...(Object.keys(unknown).length > 0 ? { unknown } : {}),
  };
}

/** The region's own trails (those whose home region it is). */
async function collectRegionTrails(ctx: CollectContext): Promise<ConfigurationItem[]> {
  const client = ctx.client(CloudTrailClient, ctx.region);
  const trails = (await describeTrails(client, false)).filter(
    (t) => t.HomeRegion === undefined || t.HomeRegion === ctx.region,
  );
  return Promise.all(trails.map((trail) => trailItem(client, trail, ctx)));
}

async function readTrail(ctx: CollectContext, ref: ResourceRef): Promise<ConfigurationItem | undefined> {
  const name = ref.resourceId ?? ref.resourceName;
  if (name === undefined) return undefined;
  const client = ctx.client(CloudTrailClient, ctx.region);
  const [trail] = await describeTrails(client, false, [name]);
  return trail === undefined ? undefined : trailItem(client, trail, ctx);
}

/** The account's multi-region trails, with what each logs (see the header, 2). */
async function collectAccountTrails(ctx: CollectContext): Promise<ConfigurationItem> {
  const client = ctx.client(CloudTrailClient, ctx.region);
  const seen = new Set<string>();
  const trails = (await describeTrails(client, true)).filter((t) => {
    if (t.IsMultiRegionTrail !== true || seen.has(t.TrailARN)) return false;
    seen.add(t.TrailARN);
    return true;
  });
  const unknown: Record<string, string> = {};
  const multiRegionTrails = await Promise.all(
    trails.map(async (trail, index) => {
      const item = await trailItem(client, trail, ctx);
      for (const [part, error] of Object.entries(item.unknown ?? {})) {
        unknown[`multiRegionTrails[${index}].${part}`] = error;
      }
      const { TrailStatus: status, EventSelectors: selectors } = item.supplementaryConfiguration as {
        TrailStatus?: Json;
        EventSelectors?: Json;
      };
      return {
        ...item.configuration,
        isLogging: status?.isLogging ?? null,
        eventSelectors: selectors?.eventSelectors ?? null,
        advancedEventSelectors: selectors?.advancedEventSelectors ?? null,
      };
    }),
  );
  return accountSettingItem({
    resourceType: ACCOUNT_TRAILS,
    service: 'cloudtrail',
    thing: 'account-trails',
    accountId: ctx.accountId,
    region: GLOBAL_REGION,
    endpointRegion: ctx.region,
    configuration: { multiRegionTrails },
    unknown,
  });
}

const cloudtrailTrails = defineCollector({
  resourceTypes: [CLOUDTRAIL_TRAIL],
  scope: 'region',
  api: 'cloudtrail:DescribeTrails',
  reads: READS,
  recordedByConfig: true,
  collect: async (ctx) => ({ items: await collectRegionTrails(ctx) }),
  readOne: readTrail,
});

const cloudtrailAccountTrails = defineCollector({
  resourceTypes: [ACCOUNT_TRAILS],
  scope: 'account',
  api: 'cloudtrail:DescribeTrails',
  reads: READS,
  recordedByConfig: false,
  collect: async (ctx) => ({ items: [await collectAccountTrails(ctx)] }),
  readOne: (ctx) => collectAccountTrails(ctx),
});

export { ACCOUNT_TRAILS, CLOUDTRAIL_TRAIL, cloudtrailAccountTrails, cloudtrailTrails };
