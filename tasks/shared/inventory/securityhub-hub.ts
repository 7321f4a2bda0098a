/**
 * Whether Security Hub is enabled in a region: one `Warden::SecurityHub::RegionStatus` item per
 * account-region (AWS Config records no hub), from DescribeHub: `configuration.enabled`, and when it
 * is, `hubArn`, `subscribedAt`, `autoEnableControls`, `controlFindingGenerator` (Config's casing).
 *
 * - `InvalidAccessException` ("… is not subscribed to AWS Security Hub" / "is not enabled for
 *   securityhub", HTTP 401) is Security Hub's answer for an account-region where it is off: a value,
 *   `enabled: false`, with the service's message kept in `notEnabledReason`;
 * - any other error (AccessDeniedException above all) records `unknown.enabled`: the rule is an ERROR;
 * - throttling propagates.
 */
import { DescribeHubCommand, SecurityHubClient } from '@aws-sdk/client-securityhub';
import { errorName } from '../aws/aws-errors';
import type { ConfigurationItem } from '../model';
import { isThrottlingError } from '../throttling';
import { accountSettingItem } from './account-setting';
import { type CollectContext, defineCollector } from './collector';
import { toConfigCase } from './config-case';

const SECURITYHUB_REGION_STATUS = 'Warden::SecurityHub::RegionStatus';

/** DescribeHub's error for an account-region that has not enabled Security Hub. */
const NOT_ENABLED = 'InvalidAccessException';

async function readRegion(ctx: CollectContext): Promise<ConfigurationItem> {
  const item = (configuration: Record<string, unknown>, unknown?: Record<string, string>) =>
    accountSettingItem({
      resourceType: SECURITYHUB_REGION_STATUS,
      service: 'securityhub',
      thing: 'region-status',
      accountId: ctx.accountId,
      region: ctx.region,
      configuration,
      ...(unknown === undefined ? {} : { unknown }),
    });
  try {
    const { $metadata: _metadata, ...hub } = await ctx
      .client(SecurityHubClient, ctx.region)
      .send(new DescribeHubCommand({}));
    return item({ enabled: true, ...(toConfigCase(hub) as Record<string, unknown>) });
  } catch (error) {
    if (isThrottlingError(error)) throw error;
    const name = errorName(error);
    if (name === NOT_ENABLED) {
      return item({ enabled: false, notEnabledReason: error instanceof Error ? error.message : NOT_ENABLED });
    }
    return item({}, { enabled: name });
  }
}

const securityhubHub = defineCollector({
  resourceTypes: [SECURITYHUB_REGION_STATUS],
  scope: 'region',
  api: 'securityhub:DescribeHub',
  reads: ['securityhub:DescribeHub'],
  recordedByConfig: false,
  collect: async (ctx) => ({ items: [await readRegion(ctx)] }),
  readOne: (ctx) => readRegion(ctx),
});

export { SECURITYHUB_REGION_STATUS, securityhubHub };
