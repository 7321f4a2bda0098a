/**
 * Where an offline sweep reads from. An estate folder is a `snapshot/` folder of AWS Config snapshot
 * files beside the `accounts.json` and `exemptions.json` that go with it (the bundled
 * `examples/estate` is one). `--snapshot` pointed at the estate folder, or at its `snapshot/`,
 * sweeps that estate with its accounts and exemptions, as `npm start` sweeps the bundled one: the
 * same estate gives the same result whichever way it is named. `--accounts`/`--exemptions` still
 * win, and the summary's source line names the files used, so nothing is picked up unseen.
 */
import { existsSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

interface SweepInput {
  readonly snapshotDir: string;
  readonly accountsFile?: string;
  readonly exemptionsFile?: string;
}

const SNAPSHOT = 'snapshot';
const ACCOUNTS = 'accounts.json';
const EXEMPTIONS = 'exemptions.json';

function isDirectory(path: string): boolean {
  return existsSync(path) && statSync(path).isDirectory();
}

/** The estate folder `dir` is or is the `snapshot/` of; undefined for a plain snapshot folder. */
function estateOf(dir: string): string | undefined {
  const hasFiles = (root: string) => existsSync(join(root, ACCOUNTS)) || existsSync(join(root, EXEMPTIONS));
  if (isDirectory(join(dir, SNAPSHOT)) && hasFiles(dir)) return dir;
  if (basename(dir) === SNAPSHOT && hasFiles(dirname(dir))) return dirname(dir);
  return undefined;
}

/** The snapshot folder and the accounts and exemptions files of `--snapshot DIR` (flags given win). */
function sweepInput(dir: string, flags: { accounts?: string; exemptions?: string }): SweepInput {
  const estate = estateOf(dir);
  const beside = (name: string) => {
    const file = estate === undefined ? undefined : join(estate, name);
    return file !== undefined && existsSync(file) ? file : undefined;
  };
  const accountsFile = flags.accounts ?? beside(ACCOUNTS);
  const exemptionsFile = flags.exemptions ?? beside(EXEMPTIONS);
  return {
    snapshotDir: estate === undefined ? dir : join(estate, SNAPSHOT),
    ...(accountsFile !== undefined ? { accountsFile } : {}),
    ...(exemptionsFile !== undefined ? { exemptionsFile } : {}),
  };
}

export type { SweepInput };
export { sweepInput };
