/** Lambda entry for the WatchList → `WatchedApiCalls` rule sync (DynamoDB stream of the WatchList table). */
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { ddbDocument, lambdaHandler, requiredEnv } from '../shared/runtime';
import { createSyncWatchList } from './sync-watch-list';

export const handler = lambdaHandler(
  'sync-watch-list',
  createSyncWatchList({
    ddb: ddbDocument(),
    events: new EventBridgeClient({ retryMode: 'adaptive' }),
    watchListTable: requiredEnv('WATCH_LIST_TABLE'),
    ruleName: requiredEnv('WATCH_RULE_NAME'),
    eventBusName: requiredEnv('EVENT_BUS_NAME'),
  }),
);
