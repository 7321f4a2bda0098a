/** Lambda entry for `Notify owners`. */
import { SNSClient } from '@aws-sdk/client-sns';
import { snsPublisher } from '../shared/notification/publish';
import { artifactsStore, lambdaHandler, taskEnv } from '../shared/runtime';
import { notifyOwnersTask as task } from './task';

export const handler = lambdaHandler(
  task.name,
  task.create(taskEnv(task), {
    artifacts: artifactsStore,
    publisher: (topicArn) => snsPublisher(new SNSClient({ retryMode: 'adaptive' }), topicArn),
  }),
);
