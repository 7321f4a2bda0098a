/**
 * Whether GuardDuty runs in a region: one `Warden::GuardDuty::RegionStatus` item per account-region
 * (AWS Config records no GuardDuty resource). `configuration.detectors` lists the region's detectors
 * (ListDetectors, every page) with what GetDetector says of each, in Config's casing: `detectorId`,
 * `status` (`ENABLED` / `DISABLED`), `createdAt`, `updatedAt`, `findingPublishingFrequency`,
 * `serviceRole` and `features[]` (`name`, `status`). A region can hold one detector per account.
 *
 * - no detector = GuardDuty was never enabled (or was deleted) here: `detectors: []`, a value;
 * - a GetDetector that fails (AccessDenied) records `unknown.detectors`, so the rule is an ERROR, never a guess;
 * - a failing ListDetectors propagates (the read's region error), throttling too.
 */
import { GetDetectorCommand, GuardDutyClient, ListDetectorsCommand } from '@aws-sdk/client-guardduty';
import { errorName } from '../aws/aws-errors';
import { collectPages } from '../aws/pager';
import type { ConfigurationItem } from '../model';
import { isThrottlingError } from '../throttling';
import { accountSettingItem } from './account-setting';
import { type CollectContext, defineCollector } from './collector';
import { toConfigCase } from './config-case';

const GUARDDUTY_REGION_STATUS = 'Warden::GuardDuty::RegionStatus';

/** Largest page ListDetectors allows. */
const PAGE_SIZE = 50;

async function readRegion(ctx: CollectContext): Promise<ConfigurationItem> {
  const guardduty = ctx.client(GuardDutyClient, ctx.region);
  const ids = await collectPages('ListDetectors', async (token) => {
    const page = await guardduty.send(
      new ListDetectorsCommand({ MaxResults: PAGE_SIZE, ...(token === undefined ? {} : { NextToken: token }) }),
    );
    return { items: page.DetectorIds ?? [], nextToken: page.NextToken };
  });
  const detectors: Record<string, unknown>[] = [];
  const unknown: Record<string, string> = {};
  for (const detectorId of ids) {
    try {
      const {
        $metadata: _metadata,
        Tags: _tags,
        DataSources: _legacy,
        ...detector
      } = await guardduty.send(new GetDetectorCommand({ DetectorId: detectorId }));
      detectors.push({ detectorId, ...(toConfigCase(detector) as Record<string, unknown>) });
    } catch (error) {
      if (isThrottlingError(error)) throw error;
      unknown.detectors = errorName(error);
    }
  }
  return accountSettingItem({
    resourceType: GUARDDUTY_REGION_STATUS,
    service: 'guardduty',
    thing: 'region-status',
    accountId: ctx.accountId,
    region: ctx.region,
    configuration: { detectors },
    unknown,
  });
}

const guarddutyDetectors = defineCollector({
  resourceTypes: [GUARDDUTY_REGION_STATUS],
  scope: 'region',
  api: 'guardduty:ListDetectors',
  reads: ['guardduty:ListDetectors', 'guardduty:GetDetector'],
  recordedByConfig: false,
  collect: async (ctx) => ({ items: [await readRegion(ctx)] }),
  readOne: (ctx) => readRegion(ctx),
});

export { GUARDDUTY_REGION_STATUS, guarddutyDetectors };
