/**
 * A deployed execution's history (GetExecutionHistory events) as state events, like the local
 * engine's. Step Functions records failures on the task (`TaskFailed`, `LambdaFunctionFailed`, …),
 * not on the state: the state is found by walking `previousEventId` back to the `…StateEntered`
 * event. What happened next says what became of the failure: a `…StateEntered` caused by it is a
 * Catch (the failure path); a new `…Scheduled` caused by it is a Retry.
 */
import type { HistoryEvent } from '@aws-sdk/client-sfn';
import type { StateEvent } from '../history';

const FAILURES = new Set([
  'TaskFailed',
  'TaskTimedOut',
  'TaskStartFailed',
  'TaskSubmitFailed',
  'LambdaFunctionFailed',
  'LambdaFunctionTimedOut',
  'LambdaFunctionStartFailed',
  'LambdaFunctionScheduleFailed',
  'ActivityFailed',
  'ActivityTimedOut',
  'ActivityScheduleFailed',
  'MapStateFailed',
  'ParallelStateFailed',
  'MapRunFailed',
]);

function detailsOf(event: HistoryEvent): Record<string, unknown> {
  for (const [key, value] of Object.entries(event)) {
    if (key.endsWith('EventDetails') && typeof value === 'object' && value !== null)
      return value as Record<string, unknown>;
  }
  return {};
}

/** Reads history pages as they come (a followed execution), remembering what the walk-back needs. */
class SfnHistoryReader {
  private readonly byId = new Map<number, HistoryEvent>();
  /** Failure event id -> the state it failed in. */
  private readonly failedIn = new Map<number, string>();
  private lastId = 0;

  /** The state events of `events`, skipping any already read (pages may be read twice while following). */
  public read(events: readonly HistoryEvent[]): StateEvent[] {
    const out: StateEvent[] = [];
    for (const event of events) {
      const id = event.id ?? 0;
      if (id <= this.lastId) continue;
      this.lastId = id;
      this.byId.set(id, event);
      out.push(...this.convert(event));
    }
    return out;
  }

  private convert(event: HistoryEvent): StateEvent[] {
    const type = event.type ?? '';
    const previous = event.previousEventId ?? 0;
    if (type.endsWith('StateEntered') && event.stateEnteredEventDetails?.name !== undefined) {
      const state = event.stateEnteredEventDetails.name;
      const from = this.failedIn.get(previous);
      return [
        ...(from !== undefined ? [{ kind: 'caught' as const, state: from, next: state }] : []),
        { kind: 'entered', state, input: event.stateEnteredEventDetails.input },
      ];
    }
    if (type.endsWith('StateExited') && event.stateExitedEventDetails?.name !== undefined) {
      return [
        { kind: 'exited', state: event.stateExitedEventDetails.name, output: event.stateExitedEventDetails.output },
      ];
    }
    if (FAILURES.has(type)) {
      const state = this.stateOf(event);
      if (state === undefined) return [];
      this.failedIn.set(event.id ?? 0, state);
      const details = detailsOf(event);
      return [
        {
          kind: 'failed',
          state,
          error: String(details.error ?? type),
          cause: String(details.cause ?? ''),
        },
      ];
    }
    if (type.endsWith('Scheduled') || type.endsWith('Submitted')) {
      const from = this.failedIn.get(previous);
      if (from !== undefined) return [{ kind: 'retried', state: from }];
    }
    return [];
  }

  /** The state a task event belongs to: the nearest `…StateEntered` up the `previousEventId` chain. */
  private stateOf(event: HistoryEvent): string | undefined {
    let current: HistoryEvent | undefined = event;
    for (let hops = 0; current !== undefined && hops < 1000; hops++) {
      const name = current.stateEnteredEventDetails?.name;
      if (current.type?.endsWith('StateEntered') && name !== undefined) return name;
      current = this.byId.get(current.previousEventId ?? 0);
    }
    return undefined;
  }
}

export { SfnHistoryReader };
