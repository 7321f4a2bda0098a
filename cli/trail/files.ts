/**
 * The files `warden trail FILE|DIR…` reads: each path as given, or every file under a folder (in
 * path order, so runs repeat), sorted into CloudTrail log files (`*.json`, `*.json.gz`), digest files
 * (skipped: they hold hashes, not records) and other files (skipped). In a folder, a file under an
 * `AWSLogs/` tree but outside its `CloudTrail/` folders (Config snapshots and history beside the
 * trail's files in one bucket) is another file too. Each kind is counted, so nothing is left out
 * without the digest saying so.
 */
import { readdir, stat } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { isDigestFile, isLogFileName } from '../../tasks/shared/events/cloudtrail-log';
import { CliError } from '../errors';

interface TrailFiles {
  readonly logFiles: string[];
  readonly digestFiles: string[];
  readonly otherFiles: string[];
}

async function walk(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
      .map((e) => (e.isDirectory() ? walk(join(dir, e.name)) : Promise.resolve(e.isFile() ? [join(dir, e.name)] : []))),
  );
  return nested.flat();
}

/** The files under `paths`; a path that does not exist is a `CliError`. */
async function trailFiles(paths: readonly string[]): Promise<TrailFiles> {
  const all: { file: string; found: boolean }[] = [];
  for (const path of paths) {
    let info: Awaited<ReturnType<typeof stat>>;
    try {
      info = await stat(path);
    } catch (error) {
      throw new CliError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    }
    if (info.isDirectory()) all.push(...(await walk(path)).map((file) => ({ file, found: true })));
    else all.push({ file: path, found: false });
  }
  const files: TrailFiles = { logFiles: [], digestFiles: [], otherFiles: [] };
  for (const { file, found } of all) {
    const segments = file.split(sep);
    const notTrail = found && segments.includes('AWSLogs') && !segments.includes('CloudTrail');
    if (isDigestFile(file)) files.digestFiles.push(file);
    else if (isLogFileName(file) && !notTrail) files.logFiles.push(file);
    else files.otherFiles.push(file);
  }
  return files;
}

export type { TrailFiles };
export { trailFiles };
