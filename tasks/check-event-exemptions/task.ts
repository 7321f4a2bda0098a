/** Manifest of the event path's `Check exemptions`: decides an event's findings, suppressing repeats within the dedupe window. */
import { createDeduplicator } from '../shared/notification/dedupe';
import { bind, type CommonPorts, defineTask } from '../shared/task-manifest';
import { createCheckEventExemptions } from './check-event-exemptions';

const checkEventExemptionsTask = defineTask({
  name: 'check-event-exemptions',
  description: 'Warden events: Check exemptions',
  env: {
    WARDEN_CONFIG: bind.config(),
    ARTIFACTS_BUCKET: bind.bucket(),
    KILL_SWITCH_PARAMETER: bind.killSwitch(),
    DEDUPE_WINDOW_SECONDS: bind.dedupeWindowSeconds(),
    EXEMPTIONS_TABLE: bind.table('exemptions'),
    LEDGER_TABLE: bind.table('ledger'),
    NOTIFICATION_LOG_TABLE: bind.table('notificationLog'),
  },
  access: [
    { kind: 'table', table: 'exemptions', operations: ['Query'] },
    { kind: 'table', table: 'ledger', operations: ['BatchWriteItem'] },
    { kind: 'table', table: 'notificationLog', operations: ['PutItem'] },
    { kind: 'killSwitch' },
    { kind: 'objects', access: 'read', prefix: 'findings' },
    { kind: 'objects', access: 'write', prefix: 'decisions' },
  ],
  create: (env, ports: Pick<CommonPorts, 'ddb' | 'artifacts' | 'killSwitch' | 'now' | 'warn'>) =>
    createCheckEventExemptions({
      ddb: ports.ddb,
      exemptionsTable: env.EXEMPTIONS_TABLE,
      ledgerTable: env.LEDGER_TABLE,
      killSwitch: ports.killSwitch(env.KILL_SWITCH_PARAMETER),
      store: ports.artifacts(env.ARTIFACTS_BUCKET),
      config: env.WARDEN_CONFIG,
      dedupe: createDeduplicator({
        ddb: ports.ddb,
        table: env.NOTIFICATION_LOG_TABLE,
        windowSeconds: env.DEDUPE_WINDOW_SECONDS,
        ...(ports.warn === undefined ? {} : { warn: ports.warn }),
        ...(ports.now === undefined ? {} : { now: ports.now }),
      }),
      ...(ports.now === undefined ? {} : { now: ports.now }),
    }),
});

export { checkEventExemptionsTask };
