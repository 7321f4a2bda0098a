/** Lambda entry for `Check exemptions`. */
import { SSMClient } from '@aws-sdk/client-ssm';
import { ssmKillSwitch } from '../shared/kill-switch';
import { artifactsStore, ddbDocument, lambdaHandler, requiredEnv, wardenConfig } from '../shared/runtime';
import { createCheckExemptions } from './check-exemptions';

export const handler = lambdaHandler(
  'check-exemptions',
  createCheckExemptions({
    ddb: ddbDocument(),
    exemptionsTable: requiredEnv('EXEMPTIONS_TABLE'),
    ledgerTable: requiredEnv('LEDGER_TABLE'),
    killSwitch: ssmKillSwitch(new SSMClient({ retryMode: 'adaptive' }), requiredEnv('KILL_SWITCH_PARAMETER')),
    store: artifactsStore(),
    config: wardenConfig(),
  }),
);
