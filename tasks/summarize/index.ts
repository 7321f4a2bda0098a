/** Lambda entry for `Summarize`. */
import { SNSClient } from '@aws-sdk/client-sns';
import { sweepMetrics } from '../shared/metrics';
import { snsPublisher } from '../shared/notification/publish';
import { artifactsStore, ddbDocument, lambdaHandler, requiredEnv } from '../shared/runtime';
import { createSummarize } from './summarize';

export const handler = lambdaHandler(
  'summarize',
  createSummarize({
    store: artifactsStore(),
    ddb: ddbDocument(),
    ledgerTable: requiredEnv('LEDGER_TABLE'),
    exemptionsTable: requiredEnv('EXEMPTIONS_TABLE'),
    publish: snsPublisher(new SNSClient({ retryMode: 'adaptive' }), requiredEnv('TOPIC_ARN')),
  }),
  {
    metrics: (event) => sweepMetrics(event),
  },
);
