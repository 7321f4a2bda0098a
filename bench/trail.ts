/**
 * `trail`: a generated day of CloudTrail logs (bench/generate-trail.ts: gzipped files in the
 * organisation-trail layout, 1 % of the records interesting) through `warden trail`'s engine
 * (`local/trail/run-trail.ts`: read, gunzip, wrap, filter with the trigger rules' patterns, run the
 * matches through the local EventStateMachine), the bundled estate as the resources' current state.
 * Also timed on its own: reading and filtering alone (no execution), so the two costs show apart.
 * Run alone with `npx tsx bench/trail.ts [--records N] [--json]`; `bench/index.ts` adds it to its text output.
 */
import '../local/polyfills';
import { createReadStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { readSnapshot } from '../local/snapshot';
import { triggerPatterns } from '../local/trail/patterns';
import { runLocalTrail } from '../local/trail/run-trail';
import { eventWorkflows } from '../local/workflows';
import { readCloudTrailLog } from '../tasks/shared/events/cloudtrail-log';
import { asEventBridgeEvent } from '../tasks/shared/events/cloudtrail-record';
import { compilePatterns } from '../tasks/shared/events/pattern';
import { generateTrailDay } from './generate-trail';

const ROOT = new URL('../', import.meta.url).pathname;

interface TrailFigures {
  readonly records: number;
  readonly files: number;
  readonly matched: number;
  readonly executions: number;
  readonly notifications: number;
  readonly seconds: number;
  readonly recordsPerSecond: number;
  /** Reading, gunzipping, wrapping and filtering only: what the records that match nothing cost. */
  readonly filterOnlySeconds: number;
  readonly filterOnlyRecordsPerSecond: number;
  readonly msPerExecution: number;
  readonly peakRssMB: number;
}

function round(n: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

/** A day of `records` records (1 % interesting) in 3 accounts × 2 regions, 48 files each (one per half hour). */
async function trailBench(options: { records: number }): Promise<TrailFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'warden-bench-trail-'));
  try {
    const day = generateTrailDay({
      dir,
      records: options.records,
      interesting: Math.max(1, Math.round(options.records / 100)),
      filesPerAccountRegion: 48,
    });
    const items = (await readSnapshot(join(ROOT, 'examples/estate/snapshot'))).items;
    const accounts = JSON.parse(readFileSync(join(ROOT, 'examples/estate/accounts.json'), 'utf-8'));
    const wf = eventWorkflows(); // synthesis is start-up cost, not the trail's

    let peak = process.memoryUsage().rss;
    const sample = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 50);
    const started = performance.now();
    const digest = await runLocalTrail(day.files, {
      items,
      accounts,
      workflows: wf,
      now: () => new Date('2026-11-21T23:30:00Z'),
    });
    const seconds = (performance.now() - started) / 1000;
    clearInterval(sample);

    const patterns = compilePatterns(triggerPatterns(wf.template, wf.event.logicalId));
    const filterStarted = performance.now();
    let matched = 0;
    for (const file of day.files) {
      for (const record of await readCloudTrailLog(createReadStream(file), file)) {
        if (patterns.matching(asEventBridgeEvent(record).event).length > 0) matched += 1;
      }
    }
    const filterOnlySeconds = (performance.now() - filterStarted) / 1000;
    if (matched !== digest.counts.matched)
      throw new Error(`the filter matched ${matched}, the run ${digest.counts.matched}`);
    const c = digest.counts;
    const executions = c.processed + c.ignoredByWorkflow + c.rejected + c.failed;
    return {
      records: c.recordsRead,
      files: c.files,
      matched: c.matched,
      executions,
      notifications: digest.notifications.length,
      seconds: round(seconds, 2),
      recordsPerSecond: Math.round(c.recordsRead / seconds),
      filterOnlySeconds: round(filterOnlySeconds, 2),
      filterOnlyRecordsPerSecond: Math.round(c.recordsRead / filterOnlySeconds),
      msPerExecution: executions === 0 ? 0 : round(((seconds - filterOnlySeconds) * 1000) / executions, 2),
      peakRssMB: Math.round(peak / 2 ** 20),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export type { TrailFigures };
export { trailBench };

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: { records: { type: 'string', default: '100000' }, json: { type: 'boolean' } },
  });
  const figures = await trailBench({ records: Number(values.records) });
  if (values.json) process.stdout.write(`${JSON.stringify(figures, null, 2)}\n`);
  else for (const [k, v] of Object.entries(figures)) process.stdout.write(`  ${k.padEnd(28)} ${v}\n`);
}
