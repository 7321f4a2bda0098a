/** Lambda entry for `Summarize`. */
import { sweepMetrics } from '../shared/metrics';
import { artifactsStore, ddbDocument, lambdaHandler, requiredEnv } from '../shared/runtime';
import { createSummarize } from './summarize';

export const handler = lambdaHandler(
  'summarize',
  createSummarize({ store: artifactsStore(), ddb: ddbDocument(), ledgerTable: requiredEnv('LEDGER_TABLE') }),
  {
    metrics: (event) => sweepMetrics(event),
  },
);
