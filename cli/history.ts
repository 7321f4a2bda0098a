/**
 * What happened to each state of an execution, from its history: the local engine's events or a
 * deployed execution's GetExecutionHistory, both turned into `StateEvent`s first. The execution graph
 * (HTML report, `warden executions show`) and the progress bar read this, never the raw events.
 */
import type { EngineEvent } from '../local/engine-events';

type StateEvent =
  | { readonly kind: 'entered'; readonly state: string; readonly input?: unknown }
  | { readonly kind: 'exited'; readonly state: string; readonly output?: unknown }
  | { readonly kind: 'failed'; readonly state: string; readonly error: string; readonly cause: string }
  | { readonly kind: 'retried'; readonly state: string }
  /** A Catch took the state's error: the execution goes on at `next` (the failure path). */
  | { readonly kind: 'caught'; readonly state: string; readonly next: string };

interface StateVisits {
  entered: number;
  failed: number;
  retried: number;
  /** The distinct errors seen, first few only (for the graph's tooltips). */
  errors: string[];
}

interface CatchTaken {
  readonly from: string;
  readonly to: string;
  count: number;
}

/** Plain data: what the HTML report embeds. */
interface Trace {
  readonly states: Record<string, StateVisits>;
  readonly catches: CatchTaken[];
}

const MAX_ERRORS_KEPT = 3;

function causeText(cause: unknown): string {
  if (typeof cause === 'string') return cause;
  if (cause instanceof Error) return cause.message;
  return cause === undefined ? '' : JSON.stringify(cause);
}

/** One local-engine event as a state event; execution and Map-iteration events carry nothing the trace needs. */
function fromEngineEvent(event: EngineEvent): StateEvent | undefined {
  const state = event.state?.name;
  if (state === undefined) return undefined;
  switch (event.type) {
    case 'StateEntered':
      return { kind: 'entered', state, input: (event.state as { input?: unknown }).input };
    case 'StateExited':
      return { kind: 'exited', state, output: event.state?.output };
    case 'StateFailed':
      return { kind: 'failed', state, error: event.Error ?? 'States.Runtime', cause: causeText(event.Cause) };
    case 'StateRetried':
      return { kind: 'retried', state };
    case 'StateCaught':
      return event.catch === undefined ? undefined : { kind: 'caught', state, next: event.catch.catcher.Next };
    default:
      return undefined;
  }
}

/** Accumulates state events into per-state counts and the catches taken. */
class ExecutionTrace {
  private readonly states = new Map<string, StateVisits>();
  private readonly catches = new Map<string, CatchTaken>();

  public add(event: StateEvent): void {
    const visits = this.visits(event.state);
    switch (event.kind) {
      case 'entered':
        visits.entered += 1;
        break;
      case 'failed':
        visits.failed += 1;
        if (visits.errors.length < MAX_ERRORS_KEPT && !visits.errors.includes(event.error))
          visits.errors.push(event.error);
        break;
      case 'retried':
        visits.retried += 1;
        break;
      case 'caught': {
        const key = `${event.state}\u0000${event.next}`;
        const taken = this.catches.get(key) ?? { from: event.state, to: event.next, count: 0 };
        taken.count += 1;
        this.catches.set(key, taken);
        break;
      }
      case 'exited':
        break;
    }
  }

  public toJSON(): Trace {
    return {
      states: Object.fromEntries([...this.states].map(([name, v]) => [name, { ...v, errors: [...v.errors] }])),
      catches: [...this.catches.values()].map((c) => ({ ...c })),
    };
  }

  private visits(state: string): StateVisits {
    let visits = this.states.get(state);
    if (visits === undefined) {
      visits = { entered: 0, failed: 0, retried: 0, errors: [] };
      this.states.set(state, visits);
    }
    return visits;
  }
}

function traceOf(events: Iterable<StateEvent>): Trace {
  const trace = new ExecutionTrace();
  for (const event of events) trace.add(event);
  return trace.toJSON();
}

export type { CatchTaken, StateEvent, StateVisits, Trace };
export { ExecutionTrace, fromEngineEvent, traceOf };
