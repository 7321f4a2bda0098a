/**
 * Binds every Task state of an extracted definition to an in-process handler, by state name, the
 * way aws-local-stepfunctions expects. A Task that cannot be bound is an error at binding time:
 * an unbound Task would make the engine call real AWS Lambda.
 */

import { escapedError } from '../tasks/shared/errors';
import { asRetryable } from '../tasks/shared/throttling';
import { type ExtractedStateMachine, functionEnvironment, type Template } from './extract';

type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
type LocalHandler = (input: JsonValue) => Promise<JsonValue>;
/** Builds a task's handler from the environment its Lambda function would have. */
type TaskFactory = (env: Record<string, string>) => (event: unknown) => Promise<unknown>;

interface PublishedMessage {
  readonly state: string;
  readonly TopicArn: string;
  readonly Subject?: string;
  readonly Message: string;
  readonly MessageAttributes?: Record<string, { DataType: string; StringValue?: string }>;
}

interface BindingDeps {
  readonly template: Template;
  readonly tasks: Readonly<Record<string, TaskFactory>>;
  /** Where `sns:publish` Tasks deliver. */
  readonly outbox: PublishedMessage[];
  /** Sees every message before delivery; throwing fails the Task like an SNS error. */
  readonly onPublish?: (message: PublishedMessage) => void;
}

interface TaskState {
  readonly name: string;
  readonly state: Record<string, unknown>;
}

/** Every state of the definition, including those inside Map and Parallel states, with its name. */
function allStates(definition: Record<string, unknown>): TaskState[] {
  const out: TaskState[] = [];
  const visit = (states: Record<string, Record<string, unknown>>) => {
    for (const [name, state] of Object.entries(states)) {
      out.push({ name, state });
      const processor = (state.ItemProcessor ?? state.Iterator) as { States?: typeof states } | undefined;
      if (processor?.States) visit(processor.States);
      for (const branch of (state.Branches ?? []) as { States: typeof states }[]) visit(branch.States);
    }
  };
  visit(definition.States as Record<string, Record<string, unknown>>);
  return out;
}

function bindTasks(machine: ExtractedStateMachine, deps: BindingDeps): Record<string, LocalHandler> {
  const handlers: Record<string, LocalHandler> = {};
  const names = new Set<string>();
  for (const { name, state } of allStates(machine.definition)) {
    if (names.has(name)) throw new Error(`state name "${name}" is used twice; local bindings are by name`);
    names.add(name);
    if (state.Type !== 'Task') continue;
    handlers[name] = bindOne(name, String(state.Resource), machine, deps);
  }
  return handlers;
}

function bindOne(name: string, resource: string, machine: ExtractedStateMachine, deps: BindingDeps): LocalHandler {
  const placeholder = machine.placeholders.get(resource);
  if (placeholder?.type === 'AWS::Lambda::Function') {
    const env = functionEnvironment(deps.template, placeholder.logicalId);
    const task = env.WARDEN_TASK;
    const factory = task === undefined ? undefined : deps.tasks[task];
    if (factory === undefined) throw new Error(`Task "${name}": no local handler for Lambda task "${task}"`);
    const run = factory(env);
    return async (input) => {
      // Yield to the event loop: the engine drops nested-Map events when handlers settle synchronously.
      await new Promise((r) => setImmediate(r));
      let output: unknown;
      try {
        output = await run(structuredClone(input));
      } catch (error) {
        // What the Lambda wrapper (tasks/shared/runtime.ts lambdaHandler) throws for the same failure.
        throw lambdaError(asRetryable(error));
      }
      // Lambda passes JSON: the handler gets a copy and must return something JSON can carry.
      return JSON.parse(JSON.stringify(output ?? null)) as JsonValue;
    };
  }
  if (resource.endsWith(':states:::sns:publish')) {
    return async (input) => {
      await new Promise((r) => setImmediate(r));
      const message: PublishedMessage = { state: name, ...(input as unknown as Omit<PublishedMessage, 'state'>) };
      try {
        deps.onPublish?.(message);
      } catch (error) {
        throw integrationError('SNS', error);
      }
      deps.outbox.push(message);
      return { MessageId: `local-${deps.outbox.length}` };
    };
  }
  throw new Error(`Task "${name}" (${resource}) has no local binding; refusing to let it call real AWS`);
}

/**
 * What a task's failure is to the engine: the error the Lambda wrapper (`lambdaHandler`) would
 * throw, `escapedError`. The engine takes `name` as the Error and `message` as the Cause (an error
 * `cause`, where set, it would show as the Cause instead), so the escaped error goes without it.
 */
function lambdaError(error: unknown): Error {
  const escaped = escapedError(error);
  return escaped === error ? escaped : Object.assign(new Error(escaped.message), { name: escaped.name });
}

/** Service integrations fail with `<Service>.<ErrorName>` in Step Functions; keep that locally. */
function integrationError(service: string, error: unknown): Error {
  const e = error instanceof Error ? error : new Error(String(error));
  return Object.assign(new Error(e.message), { name: `${service}.${e.name}` });
}

/** Every state that has a `Retry`, for zeroing the waits of a local run. */
function retryingStates(definition: Record<string, unknown>): string[] {
  return allStates(definition)
    .filter(({ state }) => Array.isArray(state.Retry))
    .map(({ name }) => name);
}

export type { JsonValue, PublishedMessage, TaskFactory };
export { allStates, bindTasks, retryingStates };
