/**
 * Runs a synthesized state machine offline, on aws-local-stepfunctions, the way Step Functions would
 * run it: the one runner under `runLocalSweep` and `runLocalEvents`, which only prepare its input and
 * shape its result.
 *
 * - Distributed Maps are lowered once (`lower-distributed-map.ts`); their stand-in states are work
 *   AWS does inside the Map state, so they are left out of the counts and the history events.
 * - Every Task is bound by state name (`bindings.ts`): a Task with no local handler fails the run
 *   before it starts, never calls real AWS. Retry waits are zero.
 * - The execution's history gives its stats (`execution-stats.ts`); a state payload over 256 KiB
 *   fails the execution with `States.DataLimitExceeded`, as AWS would, though the engine has no limit.
 * - A failed execution is a result (`FAILED` with its Error and Cause), not an exception.
 */
import './polyfills';
import { ExecutionError, StateMachine } from 'aws-local-stepfunctions';
import type { ObjectStore } from '../tasks/shared/object-store';
import {
  allStates,
  bindTasks,
  type JsonValue,
  type PublishedMessage,
  retryingStates,
  type TaskFactory,
} from './bindings';
import type { EngineEvent } from './engine-events';
import { ExecutionStats } from './execution-stats';
import { type ExtractedStateMachine, LOCAL_ENV, type Template } from './extract';
import { handlersFor, type LoweredDefinition, lowerDistributedMaps } from './lower-distributed-map';

type TaskHandler = (event: unknown) => Promise<unknown>;

interface LocalExecution {
  readonly name: string;
  readonly status: 'SUCCEEDED' | 'FAILED';
  readonly stateTransitions: number;
  /** Retries the states' Retry policies made, by state (throttling, transient failures). */
  readonly retries: Record<string, number>;
  /** The largest state input or output of the run, as AWS would measure it (its limit: 256 KiB). */
  readonly largestPayload?: { readonly state: string; readonly bytes: number };
  readonly error?: string;
  readonly cause?: string;
}

interface WorkflowRun {
  /** The execution input. */
  readonly input: unknown;
  /** The execution name (`$$.Execution.Name`, and the last part of its ARN). */
  readonly name: string;
  /** Stands in for `$$.State.EnteredTime`, which the engine does not set. */
  readonly startedAt: Date;
  /** The tasks' handlers by `WARDEN_TASK`, bound to the Task states of the definition. */
  readonly tasks: Readonly<Record<string, TaskFactory>>;
  /** Where the `sns:publish` Tasks deliver. */
  readonly outbox: PublishedMessage[];
  /** Sees every `sns:publish` before delivery; throwing fails that Task as SNS would. */
  readonly onPublish?: (message: PublishedMessage) => void;
  /** The artifacts bucket the lowered Distributed Maps read their items from and write results to. */
  readonly store: ObjectStore;
  /** Sees every history event of the execution as the engine emits it. */
  readonly onEvent?: (event: EngineEvent) => void;
}

interface WorkflowResult {
  readonly execution: LocalExecution;
  /** The execution's output; absent when it failed. */
  readonly output?: JsonValue;
}

/**
 * The definition with each Lambda Task that sets no `TimeoutSeconds` bounded by its function's
 * `Timeout` (3 s when unset, Lambda's default), as in AWS, where such a Task waits for the function
 * and the function's timeout ends it. The local engine would otherwise stop every such Task after
 * its own default of 60 s — a time a Collect or Check exemptions of a large account, run with
 * every other account in one process, can exceed locally while it would finish in AWS.
 */
function withLambdaTimeouts(
  definition: Record<string, unknown>,
  stateMachine: Pick<ExtractedStateMachine, 'placeholders'>,
  template: Template,
): Record<string, unknown> {
  const copy = structuredClone(definition);
  for (const { state } of allStates(copy)) {
    if (state.Type !== 'Task' || state.TimeoutSeconds !== undefined || state.TimeoutSecondsPath !== undefined) continue;
    const placeholder = stateMachine.placeholders.get(String(state.Resource));
    if (placeholder?.type !== 'AWS::Lambda::Function') continue;
    const timeout = template.Resources[placeholder.logicalId]?.Properties?.Timeout;
    state.TimeoutSeconds = typeof timeout === 'number' ? timeout : 3;
  }
  return copy;
}

/** One synthesized state machine, lowered and validated once, run as often as asked. */
class LocalWorkflow {
  private readonly lowered: LoweredDefinition;
  private readonly machine: StateMachine;
  private readonly retryIntervals: Record<string, number>;

  public constructor(
    private readonly stateMachine: ExtractedStateMachine,
    private readonly template: Template,
  ) {
    this.lowered = lowerDistributedMaps(stateMachine.definition, { stateMachineName: stateMachine.logicalId });
    this.machine = new StateMachine(withLambdaTimeouts(this.lowered.definition, stateMachine, template) as never, {
      validationOptions: { checkPaths: true, checkArn: true },
    });
    this.retryIntervals = Object.fromEntries(retryingStates(this.lowered.definition).map((s) => [s, 0]));
  }

  public async run(run: WorkflowRun): Promise<WorkflowResult> {
    const handlers = {
      ...bindTasks(this.stateMachine, {
        template: this.template,
        outbox: run.outbox,
        tasks: run.tasks,
        ...(run.onPublish === undefined ? {} : { onPublish: run.onPublish }),
      }),
      ...handlersFor(this.lowered, run.store),
    };
    const { account, region } = LOCAL_ENV;
    const execution = this.machine.run(run.input as never, {
      overrides: { taskResourceLocalHandlers: handlers as never, retryIntervalOverrides: this.retryIntervals },
      context: {
        Execution: {
          Id: `arn:aws:states:${region}:${account}:execution:${this.stateMachine.logicalId}:${run.name}`,
          Name: run.name,
        },
        // The engine sets no State object; the local clock stands in for EnteredTime.
        State: { EnteredTime: run.startedAt.toISOString(), Name: '' },
      } as never,
    });

    const synthetic = this.lowered.synthetic;
    const stats = new ExecutionStats(new Set([...synthetic.values()].map((s) => s.map)));
    const counting = (async () => {
      for await (const event of execution.eventLogs) {
        const state = (event as EngineEvent).state?.name;
        if (state !== undefined && synthetic.has(state)) continue;
        stats.add(event as EngineEvent);
        run.onEvent?.(event as EngineEvent);
      }
    })();
    let output: JsonValue | undefined;
    let failure: { error: string; cause: string } | undefined;
    try {
      output = (await execution.result) as JsonValue;
    } catch (error) {
      if (!(error instanceof ExecutionError)) throw error;
      const cause = error.cause as Error | undefined;
      failure = { error: cause?.name ?? 'States.Runtime', cause: cause?.message ?? error.message };
    }
    await counting;
    // What AWS would have failed the execution with; the local engine has no such limit.
    failure ??= stats.payloadFailure();
    if (failure !== undefined)
      return { execution: { name: run.name, status: 'FAILED', ...stats.summary(), ...failure } };
    return { execution: { name: run.name, status: 'SUCCEEDED', ...stats.summary() }, output: output as JsonValue };
  }
}

/** Wraps each task's handler (tests use it to make one task fail). */
function wrapTasks(
  tasks: Record<string, TaskFactory>,
  wrap: ((task: string, run: TaskHandler) => TaskHandler) | undefined,
): Record<string, TaskFactory> {
  if (wrap === undefined) return tasks;
  return Object.fromEntries(Object.entries(tasks).map(([task, factory]) => [task, (env) => wrap(task, factory(env))]));
}

export type { LocalExecution, TaskHandler, WorkflowResult, WorkflowRun };
export { LocalWorkflow, withLambdaTimeouts, wrapTasks };
