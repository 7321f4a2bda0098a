/**
 * Where the offline sweep's time goes: reads a generated estate, then runs the sweep with every task
 * timed (summed over concurrent invocations, so a task that waits on the embedded DynamoDB shows its
 * queueing too) and the largest RSS any invocation of it ended with. `--no-ledger` replaces `Record remediation` by a stand-in that answers at once, to
 * measure what the ledger writes cost the whole run. Not part of `npm run bench`:
 *
 *   npx tsx bench/offline-profile.ts [--accounts 125] [--no-ledger]
 */
import '../local/polyfills';
import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { runLocalSweep } from '../local/run-sweep';
import { indexSnapshot } from '../local/snapshot-index';
import { workflows } from '../local/workflows';
import { writeBenchEstate } from './generate-estate';

const { values } = parseArgs({
  options: { accounts: { type: 'string', default: '125' }, 'no-ledger': { type: 'boolean', default: false } },
});
const dir = join(tmpdir(), `warden-offline-profile-${process.pid}`);
const rssMB = () => Math.round(process.memoryUsage().rss / 2 ** 20);
try {
  const { accountsFile, resources } = await writeBenchEstate(dir, {
    accounts: Number(values.accounts),
    regions: ['us-east-1', 'eu-west-1'],
    perRegion: 1000,
  });
  workflows();
  let start = performance.now();
  const snapshot = await indexSnapshot(dir);
  const readMs = Math.round(performance.now() - start);
  const readRss = rssMB();
  const accounts = JSON.parse(await readFile(accountsFile, 'utf-8'));
  const byTask = new Map<string, { calls: number; ms: number; rssAtEndMB: number }>();
  start = performance.now();
  const result = await runLocalSweep({
    items: [],
    snapshot,
    accounts,
    request: { dryRun: true },
    wrapTask: (task, run) => async (event) => {
      const t = performance.now();
      try {
        // The stand-in answers what Record remediation answers when the record is written.
        return values['no-ledger'] && task === 'record-remediation' ? { status: 'WRITTEN' } : await run(event);
      } finally {
        const entry = byTask.get(task) ?? { calls: 0, ms: 0, rssAtEndMB: 0 };
        entry.calls += 1;
        entry.ms += performance.now() - t;
        // The largest RSS any invocation of the task ended with: where the memory goes.
        entry.rssAtEndMB = Math.max(entry.rssAtEndMB, rssMB());
        byTask.set(task, entry);
      }
    },
  });
  const sweepMs = Math.round(performance.now() - start);
  process.stdout.write(
    `${JSON.stringify(
      {
        resources,
        ledgerWrites: !values['no-ledger'],
        indexSnapshotMs: readMs,
        rssAfterIndexMB: readRss,
        sweepMs,
        rssAfterSweepMB: rssMB(),
        status: result.execution.status,
        stateTransitions: result.execution.stateTransitions,
        taskMsSummed: Object.fromEntries(
          [...byTask].map(([k, v]) => [k, { calls: v.calls, ms: Math.round(v.ms), rssAtEndMB: v.rssAtEndMB }]),
        ),
      },
      null,
      2,
    )}\n`,
  );
} finally {
  await rm(dir, { recursive: true, force: true });
}
