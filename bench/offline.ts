/**
 * `offline`: a generated Config-snapshot estate through the streamed path (index the snapshot, read
 * each account as it is collected, run the synthesized SweepStateMachine locally), compared, in the same run, with only
 * `JSON.parse` of the same files.
 */
import { readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runLocalSweep } from '../local/run-sweep';
import { indexSnapshot } from '../local/snapshot-index';
import { workflows } from '../local/workflows';
import { writeBenchEstate } from './generate-estate';

interface OfflineFigures {
  readonly resources: number;
  readonly accountRegions: number;
  readonly seconds: number;
  readonly resourcesPerSecond: number;
  readonly peakRssMB: number;
  readonly jsonParseSeconds: number;
  readonly ratioToJsonParse: number;
  readonly stateTransitions: number;
  readonly findings: number;
  /** Issue 18's goals for these figures, and whether this run met each. */
  readonly goals: typeof OFFLINE_GOALS;
  readonly met: { readonly seconds: boolean; readonly ratioToJsonParse: boolean; readonly peakRssMB: boolean };
}

/** Issue 18: 1,000,000 resources in at most 60 s, 3 × JSON.parse of the same bytes, 1,000 MB peak RSS. */
const OFFLINE_GOALS = { seconds: 60, ratioToJsonParse: 3, peakRssMB: 1000 } as const;

async function jsonFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith('.json') && e.name !== 'accounts.json')
    .map((e) => join(e.parentPath, e.name));
}

async function offlineBench(options: {
  accounts: number;
  regions: string[];
  perRegion: number;
}): Promise<OfflineFigures> {
  const dir = join(tmpdir(), `warden-bench-${process.pid}`);
  await rm(dir, { recursive: true, force: true });
  const { accountsFile, resources } = await writeBenchEstate(dir, options);
  workflows(); // synthesis is start-up cost, measured separately from the sweep
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 50);
  try {
    const parseStart = performance.now();
    for (const file of await jsonFiles(dir)) JSON.parse(await readFile(file, 'utf-8'));
    const jsonParseSeconds = (performance.now() - parseStart) / 1000;

    const start = performance.now();
    const snapshot = await indexSnapshot(dir);
    const accounts = JSON.parse(await readFile(accountsFile, 'utf-8'));
    const result = await runLocalSweep({ items: [], snapshot, accounts, request: { dryRun: true } });
    const seconds = (performance.now() - start) / 1000;
    if (result.report === undefined) throw new Error(`bench sweep failed: ${result.execution.cause}`);
    peak = Math.max(peak, process.memoryUsage().rss);
    const peakRssMB = Math.round(peak / 2 ** 20);
    return {
      resources,
      accountRegions: options.accounts * options.regions.length,
      seconds: round(seconds),
      resourcesPerSecond: Math.round(resources / seconds),
      peakRssMB,
      jsonParseSeconds: round(jsonParseSeconds),
      ratioToJsonParse: round(seconds / jsonParseSeconds),
      stateTransitions: result.execution.stateTransitions,
      findings: result.report.findings.length,
      goals: OFFLINE_GOALS,
      met: {
        seconds: seconds <= OFFLINE_GOALS.seconds,
        ratioToJsonParse: seconds / jsonParseSeconds <= OFFLINE_GOALS.ratioToJsonParse,
        peakRssMB: peakRssMB <= OFFLINE_GOALS.peakRssMB,
      },
    };
  } finally {
    clearInterval(sampler);
    await rm(dir, { recursive: true, force: true });
  }
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

export type { OfflineFigures };
export { offlineBench };
