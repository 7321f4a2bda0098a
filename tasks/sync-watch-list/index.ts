/** Lambda entry for the WatchList → `WatchedApiCalls` rule sync (DynamoDB stream of the WatchList table). */
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { ddbDocument, lambdaHandler, taskEnv } from '../shared/runtime';
import { syncWatchListTask as task } from './task';

export const handler = lambdaHandler(
  task.name,
  task.create(taskEnv(task), { ddb: ddbDocument(), eventBridge: new EventBridgeClient({ retryMode: 'adaptive' }) }),
);
