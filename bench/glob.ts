/**
 * `glob`: one exemption glob match (DESIGN §4.2) in the worst shape issue 14 names: a 2,000-character
 * ARN against a glob of 30 stars separated by literals, which a backtracking (`.*` RegExp) matcher
 * never finishes. Reported: the mean time of one match over many, for a glob that matches and one
 * that does not (the failing one walks the whole ARN). Runs alone with `npx tsx bench/glob.ts`.
 */
import { globMatches } from '../tasks/shared/exemptions';

interface GlobFigures {
  readonly arnLength: number;
  readonly stars: number;
  readonly matches: number;
  readonly microsecondsPerMatch: number;
  readonly microsecondsPerMiss: number;
}

/**
 * The ARN (`x-` repeated) and the globs measured: 30 stars with `x-` between them; in the one that
 * misses, the last literal (`q-`) is nowhere in the ARN, so the walk goes through all of it first.
 */
function globCase() {
  const arn = `arn:aws:s3:::${'x-'.repeat(993)}y`;
  const stars = (last: string) => [...Array.from({ length: 29 }, () => '*').join('x-'), last, '*'].join('');
  return { arn, hit: `arn:aws:s3:::${stars('x-')}y`, miss: `arn:aws:s3:::${stars('q-')}y` };
}

function perCallMicroseconds(glob: string, arn: string, runs: number): { us: number; matched: number } {
  let matched = 0;
  const start = process.hrtime.bigint();
  for (let i = 0; i < runs; i++) if (globMatches(glob, arn)) matched += 1;
  const ns = Number(process.hrtime.bigint() - start);
  return { us: ns / runs / 1000, matched };
}

function globBench(runs = 20_000): GlobFigures {
  const { arn, hit, miss } = globCase();
  perCallMicroseconds(hit, arn, 1000);
  perCallMicroseconds(miss, arn, 1000);
  const hits = perCallMicroseconds(hit, arn, runs);
  const misses = perCallMicroseconds(miss, arn, runs);
  if (hits.matched !== runs || misses.matched !== 0) throw new Error('glob bench: the matcher gave a wrong answer');
  const round = (n: number) => Math.round(n * 100) / 100;
  return {
    arnLength: arn.length,
    stars: 30,
    matches: runs * 2,
    microsecondsPerMatch: round(hits.us),
    microsecondsPerMiss: round(misses.us),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const figures = globBench();
  process.stdout.write('glob: one exemption glob match, 2,000-character ARN, 30 stars\n');
  for (const [k, v] of Object.entries(figures)) process.stdout.write(`  ${k.padEnd(34)} ${v}\n`);
}

export type { GlobFigures };
export { globBench, globCase };
