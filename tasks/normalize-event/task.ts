/** Manifest of `Normalize event`: one EventBridge event → the resources to re-check or the event to notify. */
import { z } from 'zod';
import { MODES } from '../shared/model';
import { bind, type CommonPorts, defineTask } from '../shared/task-manifest';
import { createNormalizeEvent } from './normalize-event';

const normalizeEventTask = defineTask({
  name: 'normalize-event',
  description: 'Warden events: Normalize event',
  env: {
    WARDEN_CONFIG: bind.config(),
    ARTIFACTS_BUCKET: bind.bucket(),
    ACCOUNTS_TABLE: bind.table('accounts'),
    WATCH_LIST_TABLE: bind.table('watchList'),
    /** Ceiling on what event-triggered executions may do. */
    WARDEN_EVENT_MODE: bind.setting('eventMode', z.enum(MODES)),
  },
  access: [
    { kind: 'table', table: 'accounts', operations: ['GetItem'] },
    { kind: 'table', table: 'watchList', operations: ['BatchGetItem'] },
    { kind: 'objects', access: 'write', prefix: 'inventories' },
  ],
  create: (env, ports: Pick<CommonPorts, 'ddb' | 'artifacts' | 'warn'>) =>
    createNormalizeEvent({
      ddb: ports.ddb,
      accountsTable: env.ACCOUNTS_TABLE,
      watchListTable: env.WATCH_LIST_TABLE,
      store: ports.artifacts(env.ARTIFACTS_BUCKET),
      config: env.WARDEN_CONFIG,
      eventMode: env.WARDEN_EVENT_MODE,
      ...(ports.warn === undefined ? {} : { warn: ports.warn }),
    }),
});

export { normalizeEventTask };
