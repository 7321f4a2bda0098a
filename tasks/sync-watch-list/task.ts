/** Manifest of the WatchList → `WatchedApiCalls` rule sync (DynamoDB stream of the WatchList table, and hourly). */
import type { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { bind, type CommonPorts, defineTask } from '../shared/task-manifest';
import { createSyncWatchList } from './sync-watch-list';

interface SyncWatchListPorts extends Pick<CommonPorts, 'ddb'> {
  readonly eventBridge: EventBridgeClient;
}

const syncWatchListTask = defineTask({
  name: 'sync-watch-list',
  description: 'Warden events: keep the WatchedApiCalls rule in step with the WatchList table',
  env: {
    WATCH_LIST_TABLE: bind.table('watchList'),
    WATCH_RULE_NAME: bind.watchRule(),
    EVENT_BUS_NAME: bind.eventBus('warden'),
  },
  access: [{ kind: 'table', table: 'watchList', operations: ['Scan'] }, { kind: 'watchRule' }],
  create: (env, ports: SyncWatchListPorts) =>
    createSyncWatchList({
      ddb: ports.ddb,
      events: ports.eventBridge,
      watchListTable: env.WATCH_LIST_TABLE,
      ruleName: env.WATCH_RULE_NAME,
      eventBusName: env.EVENT_BUS_NAME,
    }),
});

export type { SyncWatchListPorts };
export { syncWatchListTask };
