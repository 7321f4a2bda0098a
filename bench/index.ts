/**
 * `npm run bench` prints the benchmark figures; `npm run -s bench -- --json` prints one JSON document
 * with exactly four sections: `cost`, `offline` (with the machine and the command), `apiCalls`, `event`.
 *
 * Sizes at `--scale 1` (the default): `offline` 1,000,000 resources in 1,000 account-regions,
 * `cost` 100,000 resources in 100 accounts, `event` 1,000 events; `apiCalls` is always one
 * account-region of 5,000 EC2 resources and 200 buckets. `--scale 0.01` (or WARDEN_BENCH_SCALE)
 * makes a quick run. The offline section runs first, so its peak RSS is its own. The text output
 * ends with a fifth section, `glob` (bench/glob.ts: one exemption glob match in its worst shape), and a
 * sixth, `trail` (bench/trail.ts: 100,000 CloudTrail records at `--scale 1` through `warden trail`).
 */
import '../local/polyfills';
import { arch, cpus, loadavg, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { apiCallsBench } from './api-calls';
import { costBench } from './cost';
import { eventBench } from './event';
import { globBench } from './glob';
import { offlineBench } from './offline';
import { trailBench } from './trail';

const { values } = parseArgs({
  options: {
    json: { type: 'boolean' },
    scale: { type: 'string', default: process.env.WARDEN_BENCH_SCALE ?? '1' },
    // One section alone (offline, cost, apiCalls, event), for measuring while iterating.
    only: { type: 'string' },
  },
});

const scale = Number(values.scale);
if (!Number.isFinite(scale) || scale <= 0) throw new Error(`--scale must be a positive number, not ${values.scale}`);
const sized = (n: number) => Math.max(1, Math.round(n * scale));
const regions = ['us-east-1', 'eu-west-1'];

const machine = {
  node: process.version,
  cpus: cpus().length,
  cpuModel: cpus()[0]?.model ?? 'unknown',
  memoryGB: Math.round(totalmem() / 2 ** 30),
  arch: arch(),
  // Other work on the machine when the run started (1, 5, 15 minutes): the figures are shared with it.
  loadAverage: loadavg().map((l) => Math.round(l * 100) / 100),
};
const progress = (what: string) => {
  if (!values.json) process.stderr.write(`${what}…\n`);
};

const SECTIONS = ['offline', 'cost', 'apiCalls', 'event'];
if (values.only !== undefined && !SECTIONS.includes(values.only)) {
  throw new Error(`--only must be one of ${SECTIONS.join(', ')}, not ${values.only}`);
}
const runs = (section: string) => values.only === undefined || values.only === section;
const skipped = { skipped: `--only ${values.only}` };

progress('offline');
const offline = runs('offline') ? await offlineBench({ accounts: sized(500), regions, perRegion: 1000 }) : skipped;
progress('cost');
const cost = runs('cost') ? await costBench({ accounts: sized(100), regions, perRegion: 500 }) : skipped;
progress('apiCalls');
const apiCalls = runs('apiCalls') ? await apiCallsBench() : skipped;
progress('event');
const event = runs('event') ? await eventBench({ events: sized(1000) }) : skipped;

const command = `npm run -s bench -- --json${scale === 1 ? '' : ` --scale ${scale}`}${values.only === undefined ? '' : ` --only ${values.only}`}`;
if (values.json) {
  // Exactly the four sections; the machine and the command travel with the offline figures.
  process.stdout.write(
    `${JSON.stringify({ cost, offline: { ...offline, scale, command, machine }, apiCalls, event }, null, 2)}\n`,
  );
} else {
  const out = (title: string, figures: object) => {
    process.stdout.write(`\n${title}\n`);
    for (const [k, v] of Object.entries(figures)) {
      process.stdout.write(`  ${k.padEnd(34)} ${typeof v === 'object' ? JSON.stringify(v) : v}\n`);
    }
  };
  process.stdout.write(
    `Warden benchmarks on ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGB} GiB, Node ${machine.node} (scale ${scale})\n`,
  );
  out('cost: the sweep definition run locally, priced (US East list prices)', cost);
  out('offline: generated Config snapshot → warden sweep (local engine)', offline);
  out('apiCalls: live collectors against recorded responses', apiCalls);
  out('event: events through the local event state machine', event);
  // Text output only: the JSON document keeps exactly its four sections. `--only` runs one of those alone.
  if (values.only === undefined) {
    out('glob: one exemption glob match, 2,000-character ARN, 30 stars', globBench());
    progress('trail');
    out(
      'trail: a generated day of CloudTrail logs (1 % interesting) → warden trail (local engine)',
      await trailBench({ records: sized(100_000) }),
    );
  }
}
