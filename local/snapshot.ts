/**
 * Reads AWS Config snapshot (and history) files offline, as Config delivers them to S3:
 * `AWSLogs/<account>/Config/<region>/<yyyy>/<m>/<d>/ConfigSnapshot/<...>.json.gz`, each
 * `{"fileVersion":"1.0","configSnapshotId":"…","configurationItems":[…]}`.
 *
 * Files are read one at a time (only one parsed file is in memory at once); when the same resource
 * appears in several files (several days of snapshots), the item with the latest capture time wins.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { InvalidInputError } from '../tasks/shared/errors';
import type { ConfigurationItem } from '../tasks/shared/model';
import { ciKey, normalizeCi } from '../tasks/shared/normalize-ci';

const gunzipAsync = promisify(gunzip);

/** A snapshot directory or file that cannot be read: missing, not gzip, not JSON, or holding a malformed CI. */
class SnapshotReadError extends Error {
  public constructor(
    public readonly file: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${file}: ${message}`, options);
    this.name = 'SnapshotReadError';
  }
}

interface SkippedFile {
  readonly file: string;
  readonly reason: string;
}

interface SnapshotRead {
  /** One item per resource (the latest capture), sorted by account, region, resource type and id. */
  readonly items: ConfigurationItem[];
  /** The snapshot/history files read, sorted. */
  readonly files: string[];
  /** JSON files in the tree that are not Config snapshot/history files, with why. */
  readonly skipped: SkippedFile[];
}

const SNAPSHOT_FILE = /\.json(\.gz)?$/i;

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Every `*.json` / `*.json.gz` under `dir`, sorted; directory symlinks are not followed (no cycles). */
async function listSnapshotFiles(dir: string): Promise<string[]> {
  const found: string[] = [];
  const walk = async (current: string): Promise<void> => {
    const entries = await readdir(current, { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const path = join(current, entry.name);
      if (entry.isDirectory()) {
        await walk(path);
      } else if (SNAPSHOT_FILE.test(entry.name)) {
        const isFile = entry.isFile() || (entry.isSymbolicLink() && (await stat(path)).isFile());
        if (isFile) found.push(path);
      }
    }
  };
  await walk(dir);
  return found.sort();
}

function isGzip(bytes: Buffer): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** The parsed JSON of one file; `.gz` files (and any file starting with the gzip magic bytes) are gunzipped. */
async function readJsonFile(file: string): Promise<unknown> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    throw new SnapshotReadError(file, `cannot be read (${messageOf(error)})`, { cause: error });
  }
  if (file.toLowerCase().endsWith('.gz') || isGzip(bytes)) {
    try {
      bytes = await gunzipAsync(bytes);
    } catch (error) {
      throw new SnapshotReadError(file, `is not valid gzip (${messageOf(error)})`, { cause: error });
    }
  }
  const text = bytes.toString('utf8').replace(/^\uFEFF/, '');
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new SnapshotReadError(file, `is not valid JSON (${messageOf(error)})`, { cause: error });
  }
}

/** Why a parsed file is not a Config snapshot/history file, or `undefined` when it is one. */
function notSnapshotReason(parsed: unknown): string | undefined {
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return `not an AWS Config snapshot or history file (a JSON ${Array.isArray(parsed) ? 'array' : typeof parsed}, not an object with fileVersion and configurationItems)`;
  }
  const record = parsed as Record<string, unknown>;
  const hasVersion = typeof record.fileVersion === 'string';
  const hasItems = Array.isArray(record.configurationItems);
  if (hasVersion && hasItems) return undefined;
  const lacking = [hasVersion ? undefined : 'fileVersion', hasItems ? undefined : 'configurationItems list']
    .filter((name) => name !== undefined)
    .join(' and ');
  return `not an AWS Config snapshot or history file (no ${lacking})`;
}

function captureMs(ci: ConfigurationItem): number {
  const ms = ci.captureTime === undefined ? Number.NaN : Date.parse(ci.captureTime);
  return Number.isNaN(ms) ? Number.NEGATIVE_INFINITY : ms;
}

/** Keeps the latest capture of each resource; on a tie, the item read last (later file) wins. */
function keepLatest(byKey: Map<string, ConfigurationItem>, ci: ConfigurationItem): void {
  const key = ciKey(ci);
  const seen = byKey.get(key);
  if (seen === undefined || captureMs(ci) >= captureMs(seen)) byKey.set(key, ci);
}

/** The items in key order (each key built once, not once per comparison: a million items sort in a second). */
function sortedByKey(byKey: ReadonlyMap<string, ConfigurationItem>): ConfigurationItem[] {
  return [...byKey.keys()].sort().map((key) => byKey.get(key) as ConfigurationItem);
}

/**
 * Reads every Config snapshot/history file under `dir` (recursively, `*.json` and `*.json.gz`).
 * @throws SnapshotReadError when `dir` is missing or not a directory, a file cannot be read, gunzipped or
 * parsed, or a configuration item in a snapshot file is malformed (the message names the file and index).
 */
async function readSnapshot(dir: string): Promise<SnapshotRead> {
  try {
    const info = await stat(dir);
    if (!info.isDirectory()) throw new SnapshotReadError(dir, 'is not a directory');
  } catch (error) {
    if (error instanceof SnapshotReadError) throw error;
    throw new SnapshotReadError(dir, `snapshot directory cannot be read (${messageOf(error)})`, { cause: error });
  }

  let candidates: string[];
  try {
    candidates = await listSnapshotFiles(dir);
  } catch (error) {
    throw new SnapshotReadError(dir, `snapshot directory cannot be listed (${messageOf(error)})`, { cause: error });
  }

  const byKey = new Map<string, ConfigurationItem>();
  const files: string[] = [];
  const skipped: SkippedFile[] = [];
  for (const file of candidates) {
    const parsed = await readJsonFile(file);
    const reason = notSnapshotReason(parsed);
    if (reason !== undefined) {
      skipped.push({ file, reason });
      continue;
    }
    const items = (parsed as { configurationItems: unknown[] }).configurationItems;
    items.forEach((raw, index) => {
      let ci: ConfigurationItem;
      try {
        ci = normalizeCi(raw);
      } catch (error) {
        if (!(error instanceof InvalidInputError)) throw error;
        throw new SnapshotReadError(file, `configurationItems[${index}]: ${error.message}`, { cause: error });
      }
      keepLatest(byKey, ci);
    });
    files.push(file);
  }

  return { items: sortedByKey(byKey), files, skipped };
}

export { readSnapshot, type SkippedFile, type SnapshotRead, SnapshotReadError };
