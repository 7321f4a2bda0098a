/**
 * The task handlers of a local event run: each task of the event workflow (and the sweep's
 * `Remediate` / `Record remediation`, composed exactly as the local sweep composes them) built from
 * its manifest and its synthesized function's environment, with local ports — the embedded
 * DynamoDB, the in-memory artifacts store, the current state read from a Config snapshot instead of
 * the member account, and SNS publishes delivered to the run's outbox. Nothing is ever sent to AWS;
 * every REMEDIATE decision is PLANNED.
 */
import { checkEventExemptionsTask } from '../tasks/check-event-exemptions/task';
import { evaluateEventTask } from '../tasks/evaluate-event/task';
import { fetchResourceTask } from '../tasks/fetch-resource/task';
import { normalizeEventTask } from '../tasks/normalize-event/task';
import { notifyTask } from '../tasks/notify/task';
import type { KillSwitch } from '../tasks/shared/kill-switch';
import type { ConfigurationItem } from '../tasks/shared/model';
import type { ObjectStore } from '../tasks/shared/object-store';
import type { PublishedMessage, TaskFactory } from './bindings';
import type { EmbeddedDynamoDb } from './embedded-dynamodb';
import { commonPorts, type LocalEvent, localTask, remediationTasks } from './local-tasks';
import { snapshotReader } from './snapshot-reader';

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
  const local = {
    dynamodb: deps.dynamodb,
    store: deps.store,
    killSwitch: deps.killSwitch,
    events: deps.events,
    ...(deps.now === undefined ? {} : { now: deps.now }),
    publish: (message: PublishedMessage) => {
      deps.onPublish?.(message);
      deps.outbox.push(message);
    },
  };
  const ports = commonPorts(local);
  return {
    ...remediationTasks(local),
    [normalizeEventTask.name]: localTask(normalizeEventTask, ports()),
    [fetchResourceTask.name]: localTask(fetchResourceTask, {
      ...ports(),
      resourceReader: () => snapshotReader(deps.items),
    }),
    [evaluateEventTask.name]: localTask(evaluateEventTask, ports()),
    [checkEventExemptionsTask.name]: localTask(checkEventExemptionsTask, ports()),
    [notifyTask.name]: localTask(notifyTask, ports('Notify')),
  };
}

export type { LocalEventTaskDeps };
export { localEventTasks };
