/**
 * CloudTrail log files as a trail delivers them to S3: `{"Records": [...]}`, gzipped (`.json.gz`)
 * or plain (`.json`, as a SIEM export or a hand copy), under
 * `AWSLogs/[<org-id>/]<account>/CloudTrail/<region>/yyyy/mm/dd/`. Digest files (integrity
 * validation, `.../CloudTrail-Digest/...`, `..._CloudTrail-Digest_...json.gz`) hold hashes, not
 * records: callers skip them by name. One file is decompressed as a stream (zlib) and parsed on
 * its own, so a day of hundreds of files is never in memory at once; a file that is not gzip, not
 * JSON, or not a log file is a `CloudTrailLogError` naming it, and the caller goes on with the rest.
 */
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';

/** A log file that cannot be read: the message names the file and why. */
class CloudTrailLogError extends Error {
  public constructor(
    public readonly file: string,
    message: string,
  ) {
    super(`${file}: ${message}`);
    this.name = 'CloudTrailLogError';
  }
}

/**
 * CloudTrail delivers files of at most a few tens of MB; a file that inflates beyond this is not a
 * log file (or is a decompression bomb) and is refused rather than exhausting memory.
 */
const MAX_LOG_FILE_BYTES = 512 * 1024 * 1024;

/** A CloudTrail digest file (no records), by its key or path. */
function isDigestFile(path: string): boolean {
  return /(^|[/\\])CloudTrail-Digest([/\\]|$)/.test(path) || /_CloudTrail-Digest_/.test(path);
}

/** A name CloudTrail gives log files (digests included: check `isDigestFile` first). */
function isLogFileName(path: string): boolean {
  return /\.json(\.gz)?$/i.test(path);
}

/** The bytes of `source`, gunzipped when `gzip`; refuses more than `MAX_LOG_FILE_BYTES`. */
async function readBytes(
  source: Readable | AsyncIterable<Uint8Array>,
  file: string,
  gzip: boolean,
  limit: number,
): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  const collect = async (input: AsyncIterable<Buffer | Uint8Array>) => {
    for await (const chunk of input) {
      size += chunk.length;
      if (size > limit) throw new CloudTrailLogError(file, `larger than ${limit} bytes once decompressed`);
      chunks.push(Buffer.from(chunk));
    }
  };
  try {
    if (gzip) await pipeline(source, createGunzip(), collect);
    else await collect(source as AsyncIterable<Uint8Array>);
  } catch (error) {
    if (error instanceof CloudTrailLogError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (gzip && typeof code === 'string' && code.startsWith('Z_')) {
      throw new CloudTrailLogError(file, `not gzip data (${(error as Error).message})`);
    }
    throw new CloudTrailLogError(file, `cannot be read: ${code ?? (error as Error).message}`);
  }
  return Buffer.concat(chunks, size);
}

/**
 * The records of one log file. `gzip` defaults to the name ending in `.gz`; records are returned
 * as they are (each is checked by the pattern filter and the event path, not here).
 */
async function readCloudTrailLog(
  source: Readable | AsyncIterable<Uint8Array>,
  file: string,
  options: { readonly gzip?: boolean; readonly maxBytes?: number } = {},
): Promise<unknown[]> {
  const bytes = await readBytes(
    source,
    file,
    options.gzip ?? /\.gz$/i.test(file),
    options.maxBytes ?? MAX_LOG_FILE_BYTES,
  );
  let document: unknown;
  try {
    document = JSON.parse(bytes.toString('utf-8'));
  } catch (error) {
    throw new CloudTrailLogError(file, `not valid JSON (${(error as Error).message})`);
  }
  const records = (document as { Records?: unknown } | null)?.Records;
  if (typeof document !== 'object' || document === null || Array.isArray(document) || !Array.isArray(records)) {
    throw new CloudTrailLogError(file, 'not a CloudTrail log file: it has no "Records" array');
  }
  return records;
}

export { CloudTrailLogError, isDigestFile, isLogFileName, MAX_LOG_FILE_BYTES, readCloudTrailLog };
