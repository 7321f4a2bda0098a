/** Lambda entry for `Check exemptions`. */
import { artifactsStore, ddbDocument, lambdaHandler, requiredEnv, wardenConfig } from '../shared/runtime';
import { createCheckExemptions } from './check-exemptions';

export const handler = lambdaHandler(
  'check-exemptions',
  createCheckExemptions({
    ddb: ddbDocument(),
    exemptionsTable: requiredEnv('EXEMPTIONS_TABLE'),
    store: artifactsStore(),
    config: wardenConfig(),
  }),
);
