/**
 * The task handlers of a local event run: the same task code as the event workflow's Lambda
 * functions (and the sweep's `Remediate` / `Record remediation`, exactly as the local sweep binds
 * them), with local dependencies — the embedded DynamoDB, the in-memory artifacts store, the current
 * state read from a Config snapshot instead of the member account, and SNS publishes delivered to
 * the run's outbox. Nothing is ever sent to AWS; every REMEDIATE decision is PLANNED.
 */
import { createCheckEventExemptions } from '../tasks/check-event-exemptions/check-event-exemptions';
import { createEvaluateEvent } from '../tasks/evaluate-event/evaluate-event';
import { createFetchResource } from '../tasks/fetch-resource/fetch-resource';
import { createNormalizeEvent } from '../tasks/normalize-event/normalize-event';
import { createNotify } from '../tasks/notify/notify';
import { configFromJson } from '../tasks/shared/config';
import type { KillSwitch } from '../tasks/shared/kill-switch';
import { type ConfigurationItem, MODES, type Mode } from '../tasks/shared/model';
import { createDeduplicator } from '../tasks/shared/notification/dedupe';
import type { ObjectStore } from '../tasks/shared/object-store';
import type { PublishedMessage, TaskFactory } from './bindings';
import type { EmbeddedDynamoDb } from './embedded-dynamodb';
import { type LocalEvent, localTasks } from './local-tasks';
import { snapshotReader } from './snapshot-reader';
import { snapshotSource } from './snapshot-source';

interface LocalEventTaskDeps {
  readonly dynamodb: EmbeddedDynamoDb;
  readonly store: ObjectStore;
  /** The Config snapshot the current state of resources is read from. */
  readonly items: readonly ConfigurationItem[];
  readonly killSwitch: KillSwitch;
  /** Where `Record remediation` puts the events it would send to EventBridge. */
  readonly events: LocalEvent[];
  /** Where `Notify` delivers (the same outbox as the `sns:publish` Tasks). */
  readonly outbox: PublishedMessage[];
  readonly onPublish?: (message: PublishedMessage) => void;
  /** The clock exemptions and duplicate suppression are judged against. @default () => new Date() */
  readonly now?: () => Date;
}

function localEventTasks(deps: LocalEventTaskDeps): Record<string, TaskFactory> {
  const ddb = deps.dynamodb.documents;
  const now = deps.now ?? (() => new Date());
  const env = (e: Record<string, string>, name: string): string => {
    const value = e[name];
    if (value === undefined) throw new Error(`the synthesized function has no ${name}`);
    return value;
  };
  const dedupe = (e: Record<string, string>) =>
    createDeduplicator({
      ddb,
      table: env(e, 'NOTIFICATION_LOG_TABLE'),
      windowSeconds: Number(env(e, 'DEDUPE_WINDOW_SECONDS')),
      now,
    });
  const sweep = localTasks({
    dynamodb: deps.dynamodb,
    store: deps.store,
    source: snapshotSource(deps.items),
    now,
    killSwitch: deps.killSwitch,
    events: deps.events,
    publish: (message) => {
      deps.onPublish?.(message);
      deps.outbox.push(message);
    },
  });
  const { remediate, 'record-remediation': recordRemediation } = sweep;
  if (remediate === undefined || recordRemediation === undefined) {
    throw new Error('the local sweep tasks have no remediate / record-remediation');
  }
  return {
    remediate,
    'record-remediation': recordRemediation,
    'normalize-event': (e) => {
      const mode = e.WARDEN_EVENT_MODE as Mode | undefined;
      return createNormalizeEvent({
        ddb,
        accountsTable: env(e, 'ACCOUNTS_TABLE'),
        watchListTable: env(e, 'WATCH_LIST_TABLE'),
        store: deps.store,
        config: configFromJson(e.WARDEN_CONFIG),
        ...(mode !== undefined && MODES.includes(mode) ? { eventMode: mode } : {}),
      });
    },
    'fetch-resource': () => createFetchResource({ reader: snapshotReader(deps.items), store: deps.store }),
    'evaluate-event': (e) => createEvaluateEvent({ store: deps.store, config: configFromJson(e.WARDEN_CONFIG) }),
    'check-event-exemptions': (e) =>
      createCheckEventExemptions({
        ddb,
        exemptionsTable: env(e, 'EXEMPTIONS_TABLE'),
        ledgerTable: env(e, 'LEDGER_TABLE'),
        killSwitch: deps.killSwitch,
        store: deps.store,
        config: configFromJson(e.WARDEN_CONFIG),
        dedupe: dedupe(e),
        now,
      }),
    notify: (e) =>
      createNotify({
        ddb,
        exemptionsTable: env(e, 'EXEMPTIONS_TABLE'),
        killSwitch: deps.killSwitch,
        dedupe: dedupe(e),
        now,
        publish: async (n) => {
          const message: PublishedMessage = {
            state: 'Notify',
            TopicArn: env(e, 'TOPIC_ARN'),
            Subject: n.subject,
            Message: n.message,
            MessageAttributes: Object.fromEntries(
              Object.entries(n.attributes).map(([k, v]) => [k, { DataType: 'String', StringValue: v }]),
            ),
          };
          deps.onPublish?.(message);
          deps.outbox.push(message);
          return { messageId: `local-${deps.outbox.length}` };
        },
      }),
  };
}

export type { LocalEventTaskDeps };
export { localEventTasks };
