/**
 * Runs EventBridge events locally through the synthesized `EventStateMachine` with
 * aws-local-stepfunctions, mirroring `run-sweep.ts`: embedded DynamoDB seeded with the accounts,
 * exemptions and watch list; the current state of resources read from a Config snapshot;
 * notifications to an outbox; remediations planned, never sent. Several events can run one after
 * the other against the same tables (duplicate suppression carries over between them): a session
 * (`openLocalEventSession`) keeps one embedded store and one engine for as many events as it is given
 * (`warden trail` runs thousands through one), `runLocalEvents` runs a list through one.
 */
import { EVENT_REJECTED_ERROR } from '../state-machines/event';
import type { DecidedFinding } from '../tasks/check-event-exemptions/check-event-exemptions';
import { safeId } from '../tasks/normalize-event/normalize-event';
import type { NotifyResult } from '../tasks/notify/notify';
import { scanAll } from '../tasks/shared/dynamo';
import type { EventSummary } from '../tasks/shared/events/event-model';
import { fixedKillSwitch } from '../tasks/shared/kill-switch';
import type { ConfigurationItem, ExemptionProblem, RuleCounts } from '../tasks/shared/model';
import type { JsonValue, PublishedMessage } from './bindings';
import { startEmbeddedDynamoDb, tableNamed } from './embedded-dynamodb';
import { tableSchemas } from './extract';
import { localEventTasks } from './local-event-tasks';
import type { LocalEvent } from './local-tasks';
import { MemoryObjectStore } from './memory-store';
import { type LocalExecution, LocalWorkflow, type TaskHandler, wrapTasks } from './run-workflow';
import { seedExemptions } from './seed-exemptions';
import { eventWorkflows as defaultEventWorkflows, type EventWorkflows } from './workflows';

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

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** One set of tables and one engine, for many events in turn (`warden event` with an array, `warden trail`). */
interface LocalEventSession {
  /** Exemption items that could not be stored (they never match), with why. */
  readonly unstorableExemptions: ExemptionProblem[];
  /**
   * Runs one event; `index` names it when it has no id. `readLedger: false` leaves `ledger` empty
   * (a scan of the whole table after every event is what a run of thousands cannot afford).
   */
  run(raw: unknown, index: number, runOptions?: { readonly readLedger?: boolean }): Promise<LocalEventResult>;
  close(): Promise<void>;
}

/** Starts the embedded tables, seeded, and the engine on the event state machine; `close()` stops them. */
async function openLocalEventSession(options: LocalEventOptions = {}): Promise<LocalEventSession> {
  const now = options.now ?? (() => new Date());
  const wf = options.workflows ?? defaultEventWorkflows();
  const tables = tableSchemas(wf.template);
  const dynamodb = await startEmbeddedDynamoDb(tables);
  try {
    await dynamodb.putAll(tableNamed(tables, 'Accounts'), options.accounts ?? []);
    await dynamodb.putAll(tableNamed(tables, 'WatchList'), options.watchList ?? []);
    const unstorableExemptions = await seedExemptions(dynamodb, tables, options.exemptions ?? []);
    const ledgerTable = tableNamed(tables, 'Ledger').tableName;
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
    const workflow = new LocalWorkflow(wf.event, wf.template);

    const run = async (
      raw: unknown,
      index: number,
      runOptions: { readonly readLedger?: boolean } = {},
    ): Promise<LocalEventResult> => {
      const store = new MemoryObjectStore();
      const outbox: PublishedMessage[] = [];
      const sent: LocalEvent[] = [];
      const { execution, output } = await workflow.run({
        input: raw,
        name: eventExecutionName(raw, index),
        startedAt: now(),
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
        store,
      });
      const ledger = runOptions.readLedger === false ? [] : await scanAll(dynamodb.documents, ledgerTable);
      const common = { published: outbox, ledger, events: sent };
      if (execution.status === 'FAILED') {
        const rejected = execution.error === EVENT_REJECTED_ERROR;
        return {
          ...common,
          execution,
          outcome: rejected ? 'REJECTED' : 'FAILED',
          reason: execution.cause ?? '',
          ...(rejected ? { route: 'REJECTED' } : {}),
          decisions: [],
          findingOutcomes: [],
          notifications: [],
        };
      }
      const out = asRecord(output);
      const decisionsRef = asRecord(out.decisions).decisionsRef;
      const decisions =
        typeof decisionsRef === 'string'
          ? await store.getJson<DecidedFinding[]>(decisionsRef)
          : ([] as DecidedFinding[]);
      const evaluation = asRecord(out.evaluation);
      const target = asRecord(out.target);
      return {
        ...common,
        execution,
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
      };
    };
    return { unstorableExemptions, run, close: () => dynamodb.close() };
  } catch (error) {
    await dynamodb.close();
    throw error;
  }
}

/** Runs each event, in order, through the event state machine against one set of tables. */
async function runLocalEvents(events: readonly unknown[], options: LocalEventOptions = {}): Promise<LocalEventsResult> {
  const session = await openLocalEventSession(options);
  try {
    const results: LocalEventResult[] = [];
    for (const [index, raw] of events.entries()) results.push(await session.run(raw, index));
    return { results, unstorableExemptions: session.unstorableExemptions };
  } finally {
    await session.close();
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

export type { EventOutcome, FindingOutcome, LocalEventOptions, LocalEventResult, LocalEventSession, LocalEventsResult };
export { eventExecutionName, openLocalEventSession, runLocalEvent, runLocalEvents };
