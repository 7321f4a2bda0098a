/**
 * Whether AWS Config records a region: one `Warden::Config::RegionStatus` item per account-region
 * (Config does not record its own recorder as a configuration item of the account). From
 * DescribeConfigurationRecorders and DescribeConfigurationRecorderStatus, `configuration.recorders[]`
 * holds each recorder as the API describes it, in Config's casing — `name`, `roleARN`,
 * `recordingGroup.{allSupported, includeGlobalResourceTypes, resourceTypes, exclusionByResourceTypes,
 * recordingStrategy.useOnly}`, `recordingMode`, and for a service-linked recorder `servicePrincipal`
 * and `recordingScope` — with its status under `status`: `recording`, `lastStatus`
 * (`Pending`/`Success`/`Failure`), `lastErrorCode`, `lastStartTime`, `lastStopTime`, `lastStatusChangeTime`.
 *
 * - no recorder = Config was never set up here: `recorders: []`, a value, not an error;
 * - a denied status call records `unknown.recorders` (the recorders are there, their state is not known);
 * - a failing DescribeConfigurationRecorders propagates (the read's region error), throttling too.
 * Neither call pages (the API has no token: a region holds one customer managed recorder, plus the
 * service-linked ones).
 */
import {
  ConfigServiceClient,
  DescribeConfigurationRecorderStatusCommand,
  DescribeConfigurationRecordersCommand,
} from '@aws-sdk/client-config-service';
import { errorName } from '../aws/aws-errors';
import type { ConfigurationItem } from '../model';
import { isThrottlingError } from '../throttling';
import { accountSettingItem } from './account-setting';
import { type CollectContext, defineCollector } from './collector';
import { toConfigCase } from './config-case';

const CONFIG_REGION_STATUS = 'Warden::Config::RegionStatus';

async function readRegion(ctx: CollectContext): Promise<ConfigurationItem> {
  const config = ctx.client(ConfigServiceClient, ctx.region);
  const { ConfigurationRecorders: recorders = [] } = await config.send(new DescribeConfigurationRecordersCommand({}));
  const unknown: Record<string, string> = {};
  let statuses: Record<string, unknown>[] = [];
  if (recorders.length > 0) {
    try {
      const output = await config.send(new DescribeConfigurationRecorderStatusCommand({}));
      statuses = (output.ConfigurationRecordersStatus ?? []).map((s) => toConfigCase(s) as Record<string, unknown>);
    } catch (error) {
      if (isThrottlingError(error)) throw error;
      unknown.recorders = errorName(error);
    }
  }
  const configuration = {
    recorders: recorders.map((recorder) => {
      const status = statuses.find((s) => s.name === recorder.name);
      const { name: _name, arn: _arn, ...statusRest } = status ?? {};
      return {
        ...(toConfigCase(recorder) as Record<string, unknown>),
        ...(status === undefined ? {} : { status: statusRest }),
      };
    }),
  };
  return accountSettingItem({
    resourceType: CONFIG_REGION_STATUS,
    service: 'config',
    thing: 'region-status',
    accountId: ctx.accountId,
    region: ctx.region,
    configuration,
    unknown,
  });
}

const configRecorders = defineCollector({
  resourceTypes: [CONFIG_REGION_STATUS],
  scope: 'region',
  api: 'config:DescribeConfigurationRecorders',
  reads: ['config:DescribeConfigurationRecorders', 'config:DescribeConfigurationRecorderStatus'],
  recordedByConfig: false,
  collect: async (ctx) => ({ items: [await readRegion(ctx)] }),
  readOne: (ctx) => readRegion(ctx),
});

export { CONFIG_REGION_STATUS, configRecorders };
