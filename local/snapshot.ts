/**
 * Reads AWS Config snapshot (and history) files offline, as Config delivers them to S3:
 * `AWSLogs/<account>/Config/<region>/<yyyy>/<m>/<d>/ConfigSnapshot/<...>.json.gz`, each
 * `{"fileVersion":"1.0","configSnapshotId":"…","configurationItems":[…]}`.
 *
 * Files are read one at a time and as streams (gunzipped as a stream, scanned chunk by chunk:
 * `snapshot-scanner.ts`), so no file is ever one string, whatever its size; when the same
 * resource appears in several files (several days of snapshots), the item with the latest
 * capture time wins. Nothing is dropped silently: a JSON file that is not a Config file is in
 * `skipped` with why, and a configuration item that cannot be read is in `rejected`, attributed
 * to its account and region; the other items of its file are read.
 */
import { open, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip } from 'node:zlib';
import { InvalidInputError } from '../tasks/shared/errors';
import type { ConfigurationItem } from '../tasks/shared/model';
import { ciKey, normalizeCi } from '../tasks/shared/normalize-ci';
import type { RejectedItem, SkippedFile } from '../tasks/shared/report';
import { type ScanResult, SnapshotScanner, SnapshotSyntaxError } from './snapshot-scanner';

/** A snapshot directory or file that cannot be read: missing, not gzip, not JSON. */
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

interface SnapshotRead {
  /** One item per resource (the latest capture), sorted by account, region, resource type and id. */
  readonly items: ConfigurationItem[];
  /** The snapshot/history files read, sorted. */
  readonly files: string[];
  /** JSON files in the tree that are not Config snapshot/history files, with why. */
  readonly skipped: SkippedFile[];
  /** Items of snapshot files that are not configuration items, with why, in file and index order. */
  readonly rejected: RejectedItem[];
}

interface ReadOptions {
  /** Bytes read from a file at a time, and the size of the gunzipped chunks. @default 65536 */
  readonly chunkBytes?: number;
  /** Sees every piece of text handed to the scanner (tests: no piece is ever the whole file). */
  readonly onText?: (text: string) => void;
}

const SNAPSHOT_FILE = /\.json(\.gz)?$/i;
/** Where Config delivers an account-region's files: `AWSLogs/<account>/Config/<region>/`. */
const DELIVERY_PATH = /(?:^|[\\/])AWSLogs[\\/](\d{12})[\\/]Config[\\/]([a-z0-9-]+)[\\/]/;
const DEFAULT_CHUNK = 64 * 1024;
/**
 * A byte range of consecutive items is read as the items of a document of its own: these wrap it
 * (`RANGE_HEAD` is where the range's offsets start, so they stay the file's).
 */
const RANGE_HEAD = '{"fileVersion":"1.0","configurationItems":[';
const RANGE_TAIL = ']}';
/** zlib's smallest output chunk. */
const MIN_GUNZIP_CHUNK = 64;

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

/** The file could not be read from disk (as opposed to: not gzip, not JSON). */
class ReadFailure extends Error {}

/**
 * Streams one file through the scanner; `.gz` files (and any file starting with the gzip magic
 * bytes) are gunzipped as a stream. Stops reading as soon as the file cannot be a Config file.
 */
async function scanFile(
  file: string,
  scanner: SnapshotScanner,
  options: ReadOptions,
  range?: { readonly start: number; readonly end: number },
): Promise<ScanResult & { readonly offsetsAreBytes: boolean }> {
  const chunkBytes = Math.max(1, options.chunkBytes ?? DEFAULT_CHUNK);
  let handle: Awaited<ReturnType<typeof open>>;
  const magic = Buffer.alloc(2);
  let magicBytes: number;
  try {
    handle = await open(file, 'r');
    magicBytes = (await handle.read(magic, 0, 2, 0)).bytesRead;
  } catch (error) {
    throw new SnapshotReadError(file, `cannot be read (${messageOf(error)})`, { cause: error });
  }
  const gzipped = file.toLowerCase().endsWith('.gz') || (magicBytes === 2 && magic[0] === 0x1f && magic[1] === 0x8b);
  const raw = handle.createReadStream({
    start: range?.start ?? 0,
    ...(range === undefined ? {} : { end: range.end - 1 }),
    highWaterMark: chunkBytes,
    autoClose: true,
  });
  let source: Readable = raw;
  if (gzipped) {
    const gunzip = createGunzip({ chunkSize: Math.max(MIN_GUNZIP_CHUNK, chunkBytes) });
    raw.on('error', (error) => gunzip.destroy(new ReadFailure(messageOf(error), { cause: error })));
    raw.pipe(gunzip);
    source = gunzip;
  }
  const decoder = new StringDecoder('utf8');
  // Whether every character was one byte: then the scanner's offsets are the file's byte offsets.
  let bytes = 0;
  let chars = 0;
  const feed = (text: string) => {
    chars += text.length;
    if (text === '') return;
    options.onText?.(text);
    scanner.write(text);
  };
  try {
    if (range !== undefined) feed(RANGE_HEAD);
    for await (const chunk of source) {
      bytes += (chunk as Buffer).length;
      feed(decoder.write(chunk as Buffer));
      if (scanner.stopped) break;
    }
    if (!scanner.stopped) feed(decoder.end());
    if (range !== undefined) feed(RANGE_TAIL);
    return { ...scanner.end(), offsetsAreBytes: !gzipped && range === undefined && bytes === chars };
  } catch (error) {
    if (error instanceof SnapshotSyntaxError) {
      throw new SnapshotReadError(file, `is not valid JSON (${error.message})`, { cause: error });
    }
    if (error instanceof InvalidInputError || error instanceof SnapshotReadError) throw error;
    if (!gzipped || error instanceof ReadFailure) {
      throw new SnapshotReadError(file, `cannot be read (${messageOf(error)})`, { cause: error });
    }
    throw new SnapshotReadError(file, `is not valid gzip (${messageOf(error)})`, { cause: error });
  } finally {
    source.destroy();
    raw.destroy();
    await handle.close().catch(() => undefined);
  }
}

/** Why a scanned file is not a Config snapshot/history file, or `undefined` when it is one. */
function notSnapshotReason(scan: ScanResult): string | undefined {
  if (scan.topLevel !== 'object') {
    return `not an AWS Config snapshot or history file (a JSON ${scan.topLevel}, not an object with fileVersion and configurationItems)`;
  }
  const version = scan.fileVersion?.value;
  const versionType = version === null ? 'null' : Array.isArray(version) ? 'an array' : `a ${typeof version}`;
  const problems = [
    scan.fileVersion === undefined
      ? 'no fileVersion'
      : typeof version === 'string'
        ? undefined
        : `fileVersion is ${versionType}, not a string`,
    scan.configurationItems === 'array'
      ? undefined
      : scan.configurationItems === 'absent'
        ? 'no configurationItems list'
        : 'configurationItems is not a list',
  ].filter((p) => p !== undefined);
  if (problems.length === 0) return undefined;
  // The wording of the common case, kept: "no fileVersion and configurationItems list".
  const text =
    problems.length === 2 && problems[0] === 'no fileVersion' && problems[1] === 'no configurationItems list'
      ? 'no fileVersion and configurationItems list'
      : problems.join('; ');
  return `not an AWS Config snapshot or history file (${text})`;
}

/** The account and region a rejected item belongs to: its own fields, else its file's delivery path. */
function attribution(raw: unknown, file: string): { accountId: string; region: string } {
  const record = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
  const path = DELIVERY_PATH.exec(file);
  const pick = (...values: unknown[]) =>
    values.find((v): v is string => typeof v === 'string' && v.trim() !== '') ?? 'unknown';
  return {
    accountId: pick(record.awsAccountId, record.accountId, path?.[1]),
    region: pick(record.awsRegion, path?.[2]),
  };
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
 * Every snapshot/history file candidate under `dir` (recursively, `*.json` and `*.json.gz`), sorted.
 * @throws SnapshotReadError when `dir` is missing, not a directory, or cannot be listed.
 */
async function snapshotFiles(dir: string): Promise<string[]> {
  try {
    const info = await stat(dir);
    if (!info.isDirectory()) throw new SnapshotReadError(dir, 'is not a directory');
  } catch (error) {
    if (error instanceof SnapshotReadError) throw error;
    throw new SnapshotReadError(dir, `snapshot directory cannot be read (${messageOf(error)})`, { cause: error });
  }
  try {
    return await listSnapshotFiles(dir);
  } catch (error) {
    throw new SnapshotReadError(dir, `snapshot directory cannot be listed (${messageOf(error)})`, { cause: error });
  }
}

/** What one file is: a Config file (`reason` undefined) with its unreadable items, or not one, with why. */
interface FileScan {
  readonly reason?: string;
  readonly rejected: RejectedItem[];
  /** Whether the `start`/`end` given with each item are byte offsets in the file (an uncompressed, ASCII-only file). */
  readonly offsetsAreBytes: boolean;
}

/**
 * Streams one file, handing every configuration item it holds, normalised, to `onItem` as soon as
 * it is read. Whether the file is a Config file is known only at its end (`fileVersion` may come
 * after the items), so a caller keeps what it was handed aside until then. With `range`, only
 * those bytes of the file are read: consecutive items whose offsets an earlier scan gave.
 * @throws SnapshotReadError when the file cannot be read, gunzipped or parsed.
 */
async function scanSnapshotFile(
  file: string,
  onItem: (ci: ConfigurationItem, start: number, end: number) => void,
  options: ReadOptions = {},
  range?: { readonly start: number; readonly end: number },
): Promise<FileScan> {
  const rejected: RejectedItem[] = [];
  const shift = range === undefined ? 0 : range.start - RANGE_HEAD.length;
  const scanner = new SnapshotScanner((raw, index, start, end) => {
    let ci: ConfigurationItem;
    try {
      ci = normalizeCi(raw);
    } catch (error) {
      if (!(error instanceof InvalidInputError)) throw error;
      rejected.push({ file, index, ...attribution(raw, file), error: error.message });
      return;
    }
    onItem(ci, start + shift, end + shift);
  });
  const scan = await scanFile(file, scanner, options, range);
  const reason = notSnapshotReason(scan);
  return reason === undefined
    ? { rejected, offsetsAreBytes: scan.offsetsAreBytes }
    : { reason, rejected: [], offsetsAreBytes: false };
}

/**
 * Reads every Config snapshot/history file under `dir` (recursively, `*.json` and `*.json.gz`).
 * @throws SnapshotReadError when `dir` is missing or not a directory, or a file cannot be read,
 * gunzipped or parsed (the message names the file). A malformed configuration item does not
 * throw: it is in `rejected`.
 */
async function readSnapshot(dir: string, options: ReadOptions = {}): Promise<SnapshotRead> {
  const byKey = new Map<string, ConfigurationItem>();
  const files: string[] = [];
  const skipped: SkippedFile[] = [];
  const rejected: RejectedItem[] = [];
  for (const file of await snapshotFiles(dir)) {
    // Kept aside until the file is known to be a Config file.
    const items: ConfigurationItem[] = [];
    const scan = await scanSnapshotFile(file, (ci) => items.push(ci), options);
    if (scan.reason !== undefined) {
      skipped.push({ file, reason: scan.reason });
      continue;
    }
    for (const ci of items) keepLatest(byKey, ci);
    rejected.push(...scan.rejected);
    files.push(file);
  }
  return { items: sortedByKey(byKey), files, skipped, rejected };
}

export {
  type FileScan,
  keepLatest,
  type ReadOptions,
  type RejectedItem,
  readSnapshot,
  type SkippedFile,
  type SnapshotRead,
  SnapshotReadError,
  scanSnapshotFile,
  snapshotFiles,
  sortedByKey,
};
