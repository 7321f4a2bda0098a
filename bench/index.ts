/**
 * `npm run bench` prints the benchmark figures; `npm run -s bench -- --json` prints one JSON
 * document. Sizes: `--accounts N --per-region N` (default 50 accounts × 2 regions × 500).
 */
import '../local/polyfills';
import { arch, cpus, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { offlineBench } from './offline';

const { values } = parseArgs({
  options: {
    json: { type: 'boolean' },
    accounts: { type: 'string', default: '50' },
    'per-region': { type: 'string', default: '500' },
  },
});

const machine = {
  node: process.version,
  cpus: cpus().length,
  cpuModel: cpus()[0]?.model ?? 'unknown',
  memoryGB: Math.round(totalmem() / 2 ** 30),
  arch: arch(),
};
const offline = await offlineBench({
  accounts: Number(values.accounts),
  regions: ['us-east-1', 'eu-west-1'],
  perRegion: Number(values['per-region']),
});

if (values.json) {
  process.stdout.write(`${JSON.stringify({ machine, offline }, null, 2)}\n`);
} else {
  process.stdout.write(
    `Warden benchmarks on ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGB} GiB, Node ${machine.node}\n\n`,
  );
  process.stdout.write('offline: generated Config snapshot → warden sweep (local engine)\n');
  for (const [k, v] of Object.entries(offline)) process.stdout.write(`  ${k.padEnd(20)} ${v}\n`);
}
