/** Lambda entry for the event path's `Check exemptions`. */
import { SSMClient } from '@aws-sdk/client-ssm';
import { describeError } from '../shared/errors';
import { ssmKillSwitch } from '../shared/kill-switch';
import { createDeduplicator } from '../shared/notification/dedupe';
import { artifactsStore, ddbDocument, lambdaHandler, logger, requiredEnv, wardenConfig } from '../shared/runtime';
import { createCheckEventExemptions } from './check-event-exemptions';

const ddb = ddbDocument();

export const handler = lambdaHandler(
  'check-event-exemptions',
  createCheckEventExemptions({
    ddb,
    exemptionsTable: requiredEnv('EXEMPTIONS_TABLE'),
    ledgerTable: requiredEnv('LEDGER_TABLE'),
    killSwitch: ssmKillSwitch(new SSMClient({ retryMode: 'adaptive' }), requiredEnv('KILL_SWITCH_PARAMETER')),
    store: artifactsStore(),
    config: wardenConfig(),
    dedupe: createDeduplicator({
      ddb,
      table: requiredEnv('NOTIFICATION_LOG_TABLE'),
      windowSeconds: Number(process.env.DEDUPE_WINDOW_SECONDS ?? '3600'),
      warn: (message, error) => logger.warn(message, { error: describeError(error) }),
    }),
  }),
);
