/**
 * A folder the CLI will write into (`sweep --report DIR`, `snapshot --out DIR`), checked and made
 * before the work starts, so a bad path fails at once with one line rather than after a whole sweep.
 * Levels are made one at a time, never with `mkdir({ recursive: true })`: Node's native recursive
 * mkdir retries forever at 100 % CPU where a file system answers ENOENT for a child of a folder
 * that exists (procfs does: `--report /proc/x` never returned); here that is an error.
 */
import { constants } from 'node:fs';
import { access, mkdir, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { CliError } from './errors';

async function kindOf(path: string): Promise<'dir' | 'other' | 'missing'> {
  try {
    return (await stat(path)).isDirectory() ? 'dir' : 'other';
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'missing';
    throw error;
  }
}

/** Makes `path` (and the missing folders above it) and returns it absolute; `flag` names it in errors. */
async function prepareOutputDir(path: string, flag: string): Promise<string> {
  const target = resolve(path);
  const missing: string[] = [];
  let existing = target;
  let kind = await kindOf(existing);
  while (kind === 'missing' && dirname(existing) !== existing) {
    missing.unshift(existing);
    existing = dirname(existing);
    kind = await kindOf(existing);
  }
  if (kind !== 'dir')
    throw new CliError(`${flag} ${path}: ${existing === target ? 'it' : existing} is a file, not a folder`);
  for (const dir of missing) {
    try {
      await mkdir(dir);
    } catch (error) {
      throw new CliError(`${flag} ${path}: cannot make the folder ${dir} (${(error as NodeJS.ErrnoException).code})`);
    }
  }
  try {
    await access(target, constants.W_OK);
  } catch (error) {
    throw new CliError(`${flag} ${path}: the folder cannot be written to (${(error as NodeJS.ErrnoException).code})`);
  }
  return target;
}

export { prepareOutputDir };
