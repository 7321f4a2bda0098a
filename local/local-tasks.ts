/**
 * The task handlers of a local sweep: each task built from its manifest (tasks/<task>/task.ts) and
 * the environment of its synthesized function, exactly as the Lambda entry builds it, but with local
 * ports — the embedded DynamoDB, the in-memory artifacts store, resources from a Config snapshot
 * instead of the live collectors, publishes to the run's outbox, events to the run's list — and,
 * unless `warden sweep --live --apply` gives it remediation clients, nothing is ever sent: every
 * REMEDIATE decision is PLANNED. `ACCOUNTS_SOURCE` is honoured: a local run has no AWS
 * Organizations, so a function synthesized to read the accounts from it fails the binding, naming
 * the setting, instead of silently reading only the table.
 */

import { checkExemptionsTask } from '../tasks/check-exemptions/task';
import { collectTask } from '../tasks/collect/task';
import { evaluateTask } from '../tasks/evaluate/task';
import { loadRemediationsTask } from '../tasks/load-remediations/task';
import { notifyOwnersTask } from '../tasks/notify-owners/task';
import { recordRemediationTask } from '../tasks/record-remediation/task';
import { remediateTask } from '../tasks/remediate/task';
import { resolveTargetsTask } from '../tasks/resolve-targets/task';
import { saveOutcomesTask } from '../tasks/save-outcomes/task';
import type { AwsClients } from '../tasks/shared/aws/clients';
import type { ResourceSource } from '../tasks/shared/inventory/source';
import type { KillSwitch } from '../tasks/shared/kill-switch';
import type { ObjectStore } from '../tasks/shared/object-store';
import { buildTask, type CommonPorts, type EnvShape, type TaskManifest } from '../tasks/shared/task-manifest';
import { summarizeTask } from '../tasks/summarize/task';
import type { PublishedMessage, TaskFactory } from './bindings';
import type { EmbeddedDynamoDb } from './embedded-dynamodb';

interface LocalTaskDeps {
  readonly dynamodb: EmbeddedDynamoDb;
  readonly store: ObjectStore;
  readonly source: ResourceSource;
  /** The clock exemptions are judged against. @default () => new Date() */
  readonly now?: () => Date;
  /** Stands in for the SSM kill-switch parameter. */
  readonly killSwitch: KillSwitch;
  /** Where `Record remediation` puts the events it would send to EventBridge. */
  readonly events: LocalEvent[];
  /** Where task code publishes to the notifications topic (the local outbox). */
  readonly publish: (message: PublishedMessage) => void;
  /** SDK clients that send remediations (`--apply`). @default none: every remediation is PLANNED */
  readonly clientsFor?: (accountId: string, region: string) => Promise<AwsClients>;
}

interface LocalEvent {
  readonly detailType: string;
  readonly detail: Record<string, unknown>;
}

/** A function's environment asks for something a local run cannot do (named, with what to do instead). */
class NotAvailableLocallyError extends Error {
  public override readonly name = 'NotAvailableLocallyError';
}

/**
 * The ports every locally built task shares. `publishesAs` is the Task state whose publishes the
 * outbox shows (the state that invokes the task); tasks that do not publish need none.
 */
function commonPorts(deps: Omit<LocalTaskDeps, 'source'>) {
  const now = deps.now ?? (() => new Date());
  let published = 0;
  return (publishesAs = ''): Required<Omit<CommonPorts, 'warn'>> => ({
    ddb: deps.dynamodb.documents,
    // One in-memory store stands in for the bucket, whatever its name.
    artifacts: () => deps.store,
    killSwitch: () => deps.killSwitch,
    // What a task's SNS Publish does locally: the message goes to the outbox, as it would to the topic.
    publisher: (topicArn) => async (n) => {
      deps.publish({
        state: publishesAs,
        TopicArn: topicArn,
        Subject: n.subject,
        Message: n.message,
        MessageAttributes: Object.fromEntries(
          Object.entries(n.attributes).map(([k, v]) => [k, { DataType: 'String', StringValue: v }]),
        ),
      });
      published += 1;
      return { messageId: `local-${published}` };
    },
    now,
  });
}

/** A task factory for the local binding: the manifest, built from the function's environment with local ports. */
function localTask<E extends EnvShape, P>(
  manifest: TaskManifest<E, P, (event: unknown) => Promise<unknown>>,
  ports: P,
): TaskFactory {
  return (env) => buildTask(manifest, env, ports);
}

/** `Remediate` and `Record remediation`, which the sweep and the event state machines both bind. */
function remediationTasks(deps: Omit<LocalTaskDeps, 'source'>): Record<string, TaskFactory> {
  const ports = commonPorts(deps)();
  return {
    // The per-sweep blast-radius cap counts planned remediations too, on the embedded table.
    [remediateTask.name]: localTask(remediateTask, { ...ports, remediationClients: () => deps.clientsFor }),
    [recordRemediationTask.name]: localTask(recordRemediationTask, {
      ...ports,
      eventPublisher: () => async (detailType, detail) => {
        deps.events.push({ detailType, detail });
      },
    }),
  };
}

function localTasks(deps: LocalTaskDeps): Record<string, TaskFactory> {
  const ports = commonPorts(deps);
  return {
    [resolveTargetsTask.name]: localTask(resolveTargetsTask, {
      ...ports(),
      organizations: () => {
        throw new NotAvailableLocallyError(
          'ACCOUNTS_SOURCE asks for the accounts of AWS Organizations, which a local run cannot read: ' +
            'synthesize with warden:accountsSource=table and give the accounts with --accounts FILE',
        );
      },
    }),
    [collectTask.name]: localTask(collectTask, { ...ports(), resourceSource: () => deps.source }),
    [evaluateTask.name]: localTask(evaluateTask, ports()),
    [checkExemptionsTask.name]: localTask(checkExemptionsTask, ports()),
    ...remediationTasks(deps),
    [loadRemediationsTask.name]: localTask(loadRemediationsTask, ports()),
    [saveOutcomesTask.name]: localTask(saveOutcomesTask, ports()),
    [notifyOwnersTask.name]: localTask(notifyOwnersTask, ports('Notify owners')),
    [summarizeTask.name]: localTask(summarizeTask, ports('Summarize')),
  };
}

export type { LocalEvent, LocalTaskDeps };
export { commonPorts, localTask, localTasks, NotAvailableLocallyError, remediationTasks };
