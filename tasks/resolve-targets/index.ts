/** Lambda entry for `Resolve targets`. */
import { ddbDocument, lambdaHandler, requiredEnv, wardenConfig } from '../shared/runtime';
import { createResolveTargets } from './resolve-targets';

export const handler = lambdaHandler(
  'resolve-targets',
  createResolveTargets({
    ddb: ddbDocument(),
    accountsTable: requiredEnv('ACCOUNTS_TABLE'),
    exemptionsTable: requiredEnv('EXEMPTIONS_TABLE'),
    config: wardenConfig(),
  }),
);
