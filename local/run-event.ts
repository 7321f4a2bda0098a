/**
 * Runs EventBridge events locally through the synthesized `EventStateMachine` with
 * aws-local-stepfunctions, mirroring `run-sweep.ts`: embedded DynamoDB seeded with the accounts,
 * exemptions and watch list; the current state of resources read from a Config snapshot;
 * notifications to an outbox; remediations planned, never sent. Several events can run one after
 * the other against the same tables (duplicate suppression carries over between them).
 */
import './polyfills';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { ExecutionError, StateMachine } from 'aws-local-stepfunctions';
import { EVENT_REJECTED_ERROR } from '../state-machines/event';
import type { DecidedFinding } from '../tasks/check-event-exemptions/check-event-exemptions';
import { safeId } from '../tasks/normalize-event/normalize-event';
import type { NotifyResult } from '../tasks/notify/notify';
import { scanAll } from '../tasks/shared/dynamo';
import type { EventSummary } from '../tasks/shared/events/event-model';
import { fixedKillSwitch } from '../tasks/shared/kill-switch';
import type { ConfigurationItem, ExemptionProblem, RuleCounts } from '../tasks/shared/model';
import { bindTasks, type JsonValue, type PublishedMessage, retryingStates, type TaskFactory } from './bindings';
import { startEmbeddedDynamoDb } from './embedded-dynamodb';
import type { EngineEvent } from './engine-events';
import { ExecutionStats } from './execution-stats';
import { type TableSchema, tableSchemas } from './extract';
import { localEventTasks } from './local-event-tasks';
import type { LocalEvent } from './local-tasks';
import { MemoryObjectStore } from './memory-store';
import type { LocalExecution } from './run-sweep';
import { eventWorkflows as defaultEventWorkflows, type EventWorkflows } from './workflows';

type TaskHandler = (event: unknown) => Promise<unknown>;

interface LocalEventOptions {
  /** Configuration items the current state of resources is read from (a Config snapshot). @default none */
  readonly items?: readonly ConfigurationItem[];
  /** `Accounts` items. @default none (aliases fall back to account ids) */
  readonly accounts?: readonly Record<string, unknown>[];
  /** `Exemptions` items, as stored (validated by the tasks). @default none */
  readonly exemptions?: readonly unknown[];
  /** `WatchList` items (`eventSource`, `eventName`, `severity`, `note`). @default none */
  readonly watchList?: readonly Record<string, unknown>[];
  /** @default () => new Date() */
  readonly now?: () => Date;
  /** @default the repository's own cdk.json */
  readonly workflows?: EventWorkflows;
  /** The kill switch's value for this run (deployed, an SSM parameter). @default 'off' */
  readonly killSwitch?: 'off' | 'notify' | 'audit';
  /** Called for every notification published; throwing makes that Task fail as SNS would. */
  readonly onPublish?: (message: PublishedMessage) => void;
  /** Wraps each task's handler (tests use it to make one task fail). */
  readonly wrapTask?: (task: string, run: TaskHandler) => TaskHandler;
  /**
   * Makes DynamoDB calls fail as AWS would (tests: a registry AccessDenied, a throttled table): called
   * with the operation (`GetItem`) and its input before each call; an error returned is thrown.
   */
  readonly dynamoDbFault?: (operation: string, input: Readonly<Record<string, unknown>>) => Error | undefined;
}

/** What became of one event: REJECTED / IGNORED with the reason, or PROCESSED along its route. */
type EventOutcome = 'REJECTED' | 'IGNORED' | 'PROCESSED' | 'FAILED';

/** One per-finding result (`Finding done` of the per-finding states). */
interface FindingOutcome {
  readonly findingId: string;
  readonly decision: string;
  readonly decisionReason?: string;
  readonly subject?: string;
  readonly remediation: { readonly outcome: string; readonly apiCalls?: unknown[]; readonly error?: string };
  readonly ledger: unknown;
  readonly notified: { readonly status: string } & Record<string, unknown>;
}

interface LocalEventResult {
  readonly execution: LocalExecution;
  readonly outcome: EventOutcome;
  readonly reason: string;
  /** The route `Normalize event` chose (absent when the execution failed before). */
  readonly route?: string;
  readonly event?: Partial<EventSummary>;
  readonly target?: { readonly accountId: string; readonly alias: string };
  readonly evaluation?: { readonly resourcesEvaluated: number; readonly counts: Record<string, RuleCounts> };
  /** Every finding of the event with its decision (REMEDIATE, NOTIFY, EXEMPT, NONE). */
  readonly decisions: DecidedFinding[];
  readonly findingOutcomes: FindingOutcome[];
  /** What `Notify` did with each informational match. */
  readonly notifications: NotifyResult[];
  /** Every message published (`Notify owner` and `Notify`), in order. */
  readonly published: PublishedMessage[];
  readonly ledger: Record<string, unknown>[];
  readonly events: LocalEvent[];
  readonly output?: JsonValue;
}

interface LocalEventsResult {
  readonly results: LocalEventResult[];
  readonly unstorableExemptions: ExemptionProblem[];
}

/** `event-<id>` (DESIGN §2), from the EventBridge id or the CloudTrail eventID; Step Functions allows `[A-Za-z0-9_-]`. */
function eventExecutionName(raw: unknown, index: number): string {
  const record = typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
  const detail =
    typeof record.detail === 'object' && record.detail !== null ? (record.detail as Record<string, unknown>) : {};
  const id = [record.id, detail.eventID].find((v): v is string => typeof v === 'string' && v.trim() !== '');
  const name = id === undefined ? `local-${index + 1}` : safeId(id).replace(/\./g, '-');
  return `event-${name}`.slice(0, 80);
}

function tableNamed(tables: readonly TableSchema[], id: string): string {
  const table = tables.find((t) => t.tableName.includes(id));
  if (table === undefined) throw new Error(`the template has no ${id} table`);
  return table.tableName;
}

function unstorable(item: unknown): ExemptionProblem | undefined {
  const record = (item ?? {}) as Record<string, unknown>;
  const id = typeof record.exemptionId === 'string' && record.exemptionId !== '' ? record.exemptionId : undefined;
  const missing = [
    ...(id === undefined ? ['exemptionId'] : []),
    ...(typeof record.accountId !== 'string' || record.accountId === '' ? ['accountId'] : []),
  ];
  if (missing.length === 0) return undefined;
  return {
    exemptionId: id ?? '(missing exemptionId)',
    problem: `cannot be stored in the Exemptions table: ${missing.join(' and ')} (the table's key) must be a non-empty string`,
  };
}

function wrapTasks(
  tasks: Record<string, TaskFactory>,
  wrap: ((task: string, run: TaskHandler) => TaskHandler) | undefined,
): Record<string, TaskFactory> {
  if (wrap === undefined) return tasks;
  return Object.fromEntries(Object.entries(tasks).map(([task, factory]) => [task, (env) => wrap(task, factory(env))]));
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** Runs each event, in order, through the event state machine against one set of tables. */
async function runLocalEvents(events: readonly unknown[], options: LocalEventOptions = {}): Promise<LocalEventsResult> {
  const now = options.now ?? (() => new Date());
  const wf = options.workflows ?? defaultEventWorkflows();
  const tables = tableSchemas(wf.template);
  const dynamodb = await startEmbeddedDynamoDb(tables);
  try {
    const put = (table: string, item: Record<string, unknown>) =>
      dynamodb.documents.send(new PutCommand({ TableName: table, Item: item }));
    for (const account of options.accounts ?? []) await put(tableNamed(tables, 'Accounts'), account);
    for (const entry of options.watchList ?? []) await put(tableNamed(tables, 'WatchList'), entry);
    const unstorableExemptions: ExemptionProblem[] = [];
    for (const item of options.exemptions ?? []) {
      const problem = unstorable(item);
      if (problem !== undefined) unstorableExemptions.push(problem);
      else await put(tableNamed(tables, 'Exemptions'), item as Record<string, unknown>);
    }
    const ledgerTable = tableNamed(tables, 'Ledger');
    const fault = options.dynamoDbFault;
    if (fault !== undefined) {
      dynamodb.documents.middlewareStack.add(
        (next, context) => async (args) => {
          const operation = String(context.commandName ?? '').replace(/Command$/, '');
          const error = fault(operation, (args.input ?? {}) as Record<string, unknown>);
          if (error !== undefined) throw error;
          return next(args);
        },
        { step: 'initialize', name: 'localDynamoDbFault' },
      );
    }

    const machine = new StateMachine(wf.event.definition as never, {
      validationOptions: { checkPaths: true, checkArn: true },
    });
    const retries = Object.fromEntries(retryingStates(wf.event.definition).map((s) => [s, 0]));
    const results: LocalEventResult[] = [];
    for (const [index, raw] of events.entries()) {
      const store = new MemoryObjectStore();
      const outbox: PublishedMessage[] = [];
      const sent: LocalEvent[] = [];
      const handlers = bindTasks(wf.event, {
        template: wf.template,
        outbox,
        ...(options.onPublish === undefined ? {} : { onPublish: options.onPublish }),
        tasks: wrapTasks(
          localEventTasks({
            dynamodb,
            store,
            items: options.items ?? [],
            killSwitch: fixedKillSwitch(options.killSwitch ?? 'off'),
            events: sent,
            outbox,
            ...(options.onPublish === undefined ? {} : { onPublish: options.onPublish }),
            now,
          }),
          options.wrapTask,
        ),
      });
      const name = eventExecutionName(raw, index);
      const startedAt = now();
      const run = machine.run(raw as never, {
        overrides: { taskResourceLocalHandlers: handlers as never, retryIntervalOverrides: retries },
        context: {
          Execution: {
            Id: `arn:aws:states:us-east-1:123456789012:execution:${wf.event.logicalId}:${name}`,
            Name: name,
            StartTime: startedAt.toISOString(),
          },
          // The engine sets no State object; the local clock stands in for EnteredTime.
          State: { EnteredTime: startedAt.toISOString(), Name: '' },
        } as never,
      });
      const stats = new ExecutionStats();
      const counting = (async () => {
        for await (const e of run.eventLogs) stats.add(e as EngineEvent);
      })();
      let output: JsonValue | undefined;
      let failure: { error: string; cause: string } | undefined;
      try {
        output = (await run.result) as JsonValue;
      } catch (error) {
        if (!(error instanceof ExecutionError)) throw error;
        const cause = error.cause as Error | undefined;
        failure = { error: cause?.name ?? 'States.Runtime', cause: cause?.message ?? error.message };
      }
      await counting;
      failure ??= stats.payloadFailure();
      const ledger = await scanAll(dynamodb.documents, ledgerTable);
      const common = { published: outbox, ledger, events: sent };
      if (failure !== undefined) {
        const rejected = failure.error === EVENT_REJECTED_ERROR;
        results.push({
          ...common,
          execution: { name, status: 'FAILED', ...stats.summary(), ...failure },
          outcome: rejected ? 'REJECTED' : 'FAILED',
          reason: failure.cause,
          ...(rejected ? { route: 'REJECTED' } : {}),
          decisions: [],
          findingOutcomes: [],
          notifications: [],
        });
        continue;
      }
      const out = asRecord(output);
      const decisionsRef = asRecord(out.decisions).decisionsRef;
      const decisions =
        typeof decisionsRef === 'string'
          ? await store.getJson<DecidedFinding[]>(decisionsRef)
          : ([] as DecidedFinding[]);
      const evaluation = asRecord(out.evaluation);
      const target = asRecord(out.target);
      results.push({
        ...common,
        execution: { name, status: 'SUCCEEDED', ...stats.summary() },
        outcome: out.outcome === 'IGNORED' ? 'IGNORED' : 'PROCESSED',
        reason: String(out.reason ?? ''),
        route: out.outcome === 'IGNORED' ? 'IGNORED' : String(out.route ?? ''),
        event: asRecord(out.event) as Partial<EventSummary>,
        ...(typeof target.accountId === 'string'
          ? { target: { accountId: target.accountId, alias: String(target.alias ?? target.accountId) } }
          : {}),
        ...(typeof evaluation.resourcesEvaluated === 'number'
          ? {
              evaluation: {
                resourcesEvaluated: evaluation.resourcesEvaluated,
                counts: evaluation.counts as Record<string, RuleCounts>,
              },
            }
          : {}),
        decisions,
        findingOutcomes: (Array.isArray(out.outcomes) ? out.outcomes : []) as unknown as FindingOutcome[],
        notifications: (Array.isArray(asRecord(out.notified).notifications)
          ? asRecord(out.notified).notifications
          : []) as NotifyResult[],
        output: output as JsonValue,
      });
    }
    return { results, unstorableExemptions };
  } finally {
    await dynamodb.close();
  }
}

/** Runs one event through the event state machine (see `runLocalEvents`). */
async function runLocalEvent(
  event: unknown,
  options: LocalEventOptions = {},
): Promise<LocalEventResult & { unstorableExemptions: ExemptionProblem[] }> {
  const { results, unstorableExemptions } = await runLocalEvents([event], options);
  const [result] = results;
  if (result === undefined) throw new Error('the event did not run');
  return { ...result, unstorableExemptions };
}

export type { EventOutcome, FindingOutcome, LocalEventOptions, LocalEventResult, LocalEventsResult };
export { eventExecutionName, runLocalEvent, runLocalEvents };
