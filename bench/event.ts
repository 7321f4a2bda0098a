/**
 * `event`: EventBridge events through the local EventStateMachine (the synthesized definition, as
 * `warden event` runs it), the bundled estate as the resources' current state. The events are the
 * fixtures of test/fixtures/events, each copied with a unique id so none is a duplicate. The
 * runner executes them one after another; an event's latency is from its first task starting to
 * the next event's first task starting (the last one: to the end of the run), so it includes the
 * engine's own work between tasks.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runLocalEvents } from '../local/run-event';
import { readSnapshot } from '../local/snapshot';
import { eventWorkflows } from '../local/workflows';

const ROOT = new URL('../', import.meta.url).pathname;

interface EventFigures {
  readonly events: number;
  readonly outcomes: Record<string, number>;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  readonly seconds: number;
}

/** `n` events: the fixtures of test/fixtures/events in turn, each copy with a unique id (`<prefix>-<i>`). */
function fixtureEvents(n: number, prefix = 'bench'): unknown[] {
  const dir = join(ROOT, 'test/fixtures/events');
  const seeds = readdirSync(dir)
    .sort()
    .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf-8')) as Record<string, unknown>);
  return Array.from({ length: n }, (_, i) => {
    const event = structuredClone(seeds[i % seeds.length] as Record<string, unknown>);
    event.id = `${prefix}-${i}`;
    if (typeof event.detail === 'object' && event.detail !== null) {
      (event.detail as Record<string, unknown>).eventID = `${prefix}-${i}`;
    }
    return event;
  });
}

function percentile(sorted: readonly number[], p: number): number {
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return Math.round((sorted[i] ?? 0) * 100) / 100;
}

async function eventBench(options: { events: number }): Promise<EventFigures> {
  const items = (await readSnapshot(join(ROOT, 'examples/estate/snapshot'))).items;
  const accounts = JSON.parse(readFileSync(join(ROOT, 'examples/estate/accounts.json'), 'utf-8'));
  eventWorkflows(); // synthesis is start-up cost, not an event's
  const starts: number[] = [];
  const started = performance.now();
  const { results } = await runLocalEvents(fixtureEvents(options.events), {
    items,
    accounts,
    now: () => new Date('2026-11-22T06:00:00Z'),
    wrapTask: (task, run) =>
      task === 'normalize-event'
        ? async (event) => {
            starts.push(performance.now());
            return run(event);
          }
        : run,
  });
  const ended = performance.now();
  const latencies = starts.map((t, i) => (starts[i + 1] ?? ended) - t).sort((a, b) => a - b);
  const outcomes: Record<string, number> = {};
  for (const r of results) outcomes[r.outcome] = (outcomes[r.outcome] ?? 0) + 1;
  if (latencies.length !== results.length) {
    throw new Error(`${results.length} events ran but ${latencies.length} started Normalize event`);
  }
  return {
    events: results.length,
    outcomes,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    maxMs: percentile(latencies, 100),
    seconds: Math.round((ended - started) / 10) / 100,
  };
}

export type { EventFigures };
export { eventBench, fixtureEvents };
