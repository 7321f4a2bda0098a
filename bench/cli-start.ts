/**
 * `npm run -s bench:cli-start [-- --runs N]`: how long a `warden` command takes to start and finish,
 * the median wall time of N runs (default 7) of each command as a child process, next to a bare
 * `node -e 0`. Each command runs twice over: from the built bundle (dist/cli, what `npm ci` leaves)
 * and from source through tsx (WARDEN_FROM_SOURCE=1, what every run did before the bundle). Builds
 * the bundle first, so the figures are of the current sources. Issue 20, item 13.
 */
import { spawnSync } from 'node:child_process';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const { values } = parseArgs({ options: { runs: { type: 'string', default: '7' } } });
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a positive integer, not ${values.runs}`);

/** The median wall time, in ms, of `runs` runs of `node ARGS`; a run that fails stops the bench. */
function median(args: readonly string[], env: NodeJS.ProcessEnv = {}): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const run = spawnSync(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...env }, encoding: 'utf-8' });
    times.push(performance.now() - started);
    if (run.status !== 0) throw new Error(`node ${args.join(' ')} exited ${run.status}: ${run.stderr}`);
  }
  times.sort((a, b) => a - b);
  return Math.round(times[Math.floor(times.length / 2)]!);
}

const build = spawnSync(process.execPath, ['scripts/build-cli.mjs'], { cwd: ROOT, encoding: 'utf-8' });
if (build.status !== 0) throw new Error(`the build failed: ${build.stderr}`);

process.stdout.write(
  `warden start times, median of ${runs} runs, ${cpus().length} × ${cpus()[0]?.model ?? 'unknown'}, Node ${process.version}\n`,
);
const bare = median(['-e', '0']);
process.stdout.write(`  ${'node -e 0'.padEnd(30)} ${String(bare).padStart(6)} ms\n`);
process.stdout.write(`  ${''.padEnd(30)} ${'bundle'.padStart(9)} ${'tsx'.padStart(9)}  bundle ÷ node -e 0\n`);
for (const command of [['--version'], ['--help'], ['rules']]) {
  const bundled = median(['cli/bin.mjs', ...command]);
  const source = median(['cli/bin.mjs', ...command], { WARDEN_FROM_SOURCE: '1' });
  process.stdout.write(
    `  ${`warden ${command.join(' ')}`.padEnd(30)} ${String(bundled).padStart(6)} ms ${String(source).padStart(6)} ms  ${(bundled / bare).toFixed(1)}×\n`,
  );
}
