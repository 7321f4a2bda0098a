/** Lambda entry for `Summarize`. */
import { SNSClient } from '@aws-sdk/client-sns';
import { sweepMetrics } from '../shared/metrics';
import { snsPublisher } from '../shared/notification/publish';
import { artifactsStore, ddbDocument, lambdaHandler, taskEnv } from '../shared/runtime';
import { summarizeTask as task } from './task';

export const handler = lambdaHandler(
  task.name,
  task.create(taskEnv(task), {
    artifacts: artifactsStore,
    ddb: ddbDocument(),
    publisher: (topicArn) => snsPublisher(new SNSClient({ retryMode: 'adaptive' }), topicArn),
  }),
  {
    metrics: (event) => sweepMetrics(event),
  },
);
