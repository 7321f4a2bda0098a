/** Lambda entry for `Notify owners`. */
import { SNSClient } from '@aws-sdk/client-sns';
import { snsPublisher } from '../shared/notification/publish';
import { artifactsStore, lambdaHandler, requiredEnv } from '../shared/runtime';
import { createNotifyOwners } from './notify-owners';

export const handler = lambdaHandler(
  'notify-owners',
  createNotifyOwners({
    store: artifactsStore(),
    publish: snsPublisher(new SNSClient({ retryMode: 'adaptive' }), requiredEnv('TOPIC_ARN')),
  }),
);
