/**
 * Load (issue 10 item 8): 10,000 events through the local event state machine, and a 100-account
 * sweep repeated, checking that nothing is lost (every event reaches an end; every sweep finds the
 * same findings) and that memory stays flat (heap after GC, sampled as the runs go).
 *
 *   NODE_OPTIONS=--expose-gc npx tsx bench/load.ts [--events 10000] [--sweeps 5] [--accounts 100] [--json]
 */
import '../local/polyfills';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { runLocalEvents } from '../local/run-event';
import { runLocalSweep } from '../local/run-sweep';
import { readSnapshot } from '../local/snapshot';
import type { ConfigurationItem } from '../tasks/shared/model';
import { fixtureEvents } from './event';

const ROOT = new URL('../', import.meta.url).pathname;
const gc = (globalThis as { gc?: () => void }).gc;

function heapMB(): number {
  gc?.();
  return Math.round(process.memoryUsage().heapUsed / 2 ** 20);
}

/** The sample estate's accounts copied into `count` accounts (ids and ARNs rewritten). */
function estate(items: readonly ConfigurationItem[], count: number) {
  const sourceIds = [...new Set(items.map((ci) => ci.accountId))];
  const out: ConfigurationItem[] = [];
  const accounts: Record<string, unknown>[] = [];
  for (let k = 0; k < count; k += 1) {
    const from = sourceIds[k % sourceIds.length] as string;
    const to = String(500000000000 + k);
    accounts.push({ accountId: to, alias: `load-${k}`, regions: ['us-east-1', 'eu-west-1'] });
    for (const ci of items.filter((c) => c.accountId === from)) {
      out.push(JSON.parse(JSON.stringify(ci).replaceAll(from, to)) as ConfigurationItem);
    }
  }
  return { items: out, accounts };
}

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '10000' },
    sweeps: { type: 'string', default: '5' },
    accounts: { type: 'string', default: '100' },
    json: { type: 'boolean' },
  },
});

const now = () => new Date('2026-11-22T06:00:00Z');
const base = (await readSnapshot(join(ROOT, 'examples/estate/snapshot'))).items;

// Events, in chunks against one set of tables (as one deployment sees them), heap sampled per chunk.
const all = fixtureEvents(Number(values.events), 'load');
const chunk = 1000;
const outcomes: Record<string, number> = {};
const eventHeapMB: number[] = [heapMB()];
const started = performance.now();
for (let i = 0; i < all.length; i += chunk) {
  const { results } = await runLocalEvents(all.slice(i, i + chunk), { items: base, now });
  for (const r of results) outcomes[r.outcome] = (outcomes[r.outcome] ?? 0) + 1;
  eventHeapMB.push(heapMB());
}
const eventSeconds = (performance.now() - started) / 1000;
const handled = Object.values(outcomes).reduce((a, b) => a + b, 0);

// The same 100-account sweep, repeated.
const { items, accounts } = estate(base, Number(values.accounts));
const sweeps: { seconds: number; findings: number; heapMB: number }[] = [];
for (let i = 0; i < Number(values.sweeps); i += 1) {
  const t = performance.now();
  const run = await runLocalSweep({ items, accounts, request: { dryRun: true }, now });
  if (run.report === undefined) throw new Error(`sweep ${i + 1} failed: ${run.execution.cause}`);
  sweeps.push({
    seconds: Math.round((performance.now() - t) / 10) / 100,
    findings: run.report.findings.length,
    heapMB: heapMB(),
  });
}

const result = {
  events: {
    count: all.length,
    handled,
    lost: all.length - handled,
    outcomes,
    seconds: Math.round(eventSeconds * 10) / 10,
    heapMBPer1000: eventHeapMB,
  },
  sweeps: {
    accounts: accounts.length,
    resources: items.length,
    runs: sweeps,
    sameFindingsEveryRun: new Set(sweeps.map((s) => s.findings)).size === 1,
  },
  gcExposed: gc !== undefined,
};
if (values.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
else {
  process.stdout.write(
    `events: ${handled}/${all.length} handled (${JSON.stringify(outcomes)}) in ${result.events.seconds} s; heap MB per 1,000: ${eventHeapMB.join(' ')}\n`,
  );
  process.stdout.write(
    `sweeps: ${accounts.length} accounts, ${items.length} resources; ${sweeps.map((s) => `${s.seconds} s/${s.findings} findings/${s.heapMB} MB`).join(' · ')}\n`,
  );
}
