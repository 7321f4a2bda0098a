/** Manifest of `Notify` (the event path's informational rules): exemptions, kill switch, duplicate suppression, then the topic. */
import { createDeduplicator } from '../shared/notification/dedupe';
import { bind, type CommonPorts, defineTask } from '../shared/task-manifest';
import { createNotify } from './notify';

const notifyTask = defineTask({
  name: 'notify',
  description: 'Warden events: Notify',
  env: {
    KILL_SWITCH_PARAMETER: bind.killSwitch(),
    DEDUPE_WINDOW_SECONDS: bind.dedupeWindowSeconds(),
    EXEMPTIONS_TABLE: bind.table('exemptions'),
    NOTIFICATION_LOG_TABLE: bind.table('notificationLog'),
    TOPIC_ARN: bind.topic(),
  },
  access: [
    { kind: 'table', table: 'exemptions', operations: ['Query'] },
    { kind: 'table', table: 'notificationLog', operations: ['PutItem', 'DeleteItem'] },
    { kind: 'killSwitch' },
    { kind: 'publish' },
  ],
  create: (env, ports: Pick<CommonPorts, 'ddb' | 'killSwitch' | 'publisher' | 'now' | 'warn'>) =>
    createNotify({
      ddb: ports.ddb,
      exemptionsTable: env.EXEMPTIONS_TABLE,
      killSwitch: ports.killSwitch(env.KILL_SWITCH_PARAMETER),
      dedupe: createDeduplicator({
        ddb: ports.ddb,
        table: env.NOTIFICATION_LOG_TABLE,
        windowSeconds: env.DEDUPE_WINDOW_SECONDS,
        ...(ports.warn === undefined ? {} : { warn: ports.warn }),
        ...(ports.now === undefined ? {} : { now: ports.now }),
      }),
      publish: ports.publisher(env.TOPIC_ARN),
      ...(ports.now === undefined ? {} : { now: ports.now }),
    }),
});

export { notifyTask };
