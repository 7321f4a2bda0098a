/**
 * Cloud Custodian placebo recordings (`../shared/corpus/cloud-custodian/placebo/<test>__<svc>.<Op>_<n>.json`,
 * `{"status_code": N, "data": {...}}`, botocore-parsed) turned into what AWS SDK v3 yields:
 * the output without `ResponseMetadata` and with `Date` timestamps, or the error SDK v3 throws
 * (`name` = error code, `$metadata.httpStatusCode`, `$fault`). Recordings of services the corpus lacks
 * are copied into `test/fixtures/placebo/` under the same names.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const PLACEBO_DIR = path.resolve(process.cwd(), '../shared/corpus/cloud-custodian/placebo');
/** More recordings of the same commit, for the services the corpus lacks (see its README). */
const REPO_PLACEBO_DIR = path.resolve(process.cwd(), 'test/fixtures/placebo');

/** The error SDK v3 throws for an AWS error response. */
class PlaceboServiceError extends Error {
  public readonly $fault: 'client' | 'server';
  public readonly $metadata: { httpStatusCode: number; requestId?: string };
  [member: string]: unknown;

  public constructor(code: string, message: string, statusCode: number, extra: Record<string, unknown>) {
    super(message);
    Object.assign(this, extra);
    this.name = code;
    this.$fault = statusCode >= 500 ? 'server' : 'client';
    const requestId = typeof extra.RequestId === 'string' ? extra.RequestId : undefined;
    this.$metadata =
      requestId === undefined ? { httpStatusCode: statusCode } : { httpStatusCode: statusCode, requestId };
  }
}

type PlaceboResponse =
  | { readonly ok: true; readonly output: Record<string, unknown> }
  | { readonly ok: false; readonly error: PlaceboServiceError };

/** Members whose ISO-8601 string values are timestamps (one recording stores them as strings). */
const TIMESTAMP_MEMBER = /(Date|Time|Timestamp|Expiration)$/;
const ISO_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `{"__class__":"datetime","year":…}` (naive datetimes in the recordings are UTC) -> `Date`. */
function placeboDatetime(value: Record<string, unknown>): Date {
  const part = (key: string): number => (typeof value[key] === 'number' ? (value[key] as number) : 0);
  return new Date(
    Date.UTC(
      part('year'),
      part('month') - 1,
      part('day'),
      part('hour'),
      part('minute'),
      part('second'),
      Math.floor(part('microsecond') / 1000),
    ),
  );
}

/** Deep conversion of a recorded value to SDK v3's: datetime objects and timestamp strings -> `Date`. */
function toSdkValue(value: unknown, member?: string): unknown {
  if (Array.isArray(value)) return value.map((item) => toSdkValue(item));
  if (isRecord(value)) {
    if (value.__class__ === 'datetime') return placeboDatetime(value);
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, toSdkValue(item, key)]));
  }
  if (typeof value === 'string' && member !== undefined && TIMESTAMP_MEMBER.test(member) && ISO_DATETIME.test(value)) {
    return new Date(value);
  }
  return value;
}

/**
 * Absolute path of a recording: a bare file name is looked up in the corpus placebo folder, then in
 * the repository's own copies.
 */
function placeboPath(file: string): string {
  if (path.isAbsolute(file) || file.includes('/')) return path.resolve(file);
  const shared = path.join(PLACEBO_DIR, file);
  return existsSync(shared) ? shared : path.join(REPO_PLACEBO_DIR, file);
}

function placeboResponse(file: string): PlaceboResponse {
  const recording = JSON.parse(readFileSync(placeboPath(file), 'utf8')) as unknown;
  if (!isRecord(recording) || typeof recording.status_code !== 'number' || !isRecord(recording.data)) {
    throw new Error(`${file} is not a placebo recording ({"status_code": N, "data": {...}})`);
  }
  const { ResponseMetadata: _metadata, Error: error, ...data } = recording.data;
  if (isRecord(error)) {
    const { Code: code, Message: message, ...extra } = error;
    return {
      ok: false,
      error: new PlaceboServiceError(
        typeof code === 'string' ? code : 'UnknownError',
        typeof message === 'string' ? message : '',
        recording.status_code,
        extra,
      ),
    };
  }
  return { ok: true, output: toSdkValue(data) as Record<string, unknown> };
}

/** Any aws-sdk-client-mock stub (`mock.on(Command)`, optionally `.resolvesOnce` chained). */
interface ResponseStub {
  resolves(output: never): unknown;
  rejects(error: Error): unknown;
}

/** Wires a recording into an aws-sdk-client-mock stub: `.resolves(output)` or `.rejects(error)`. */
function stubPlacebo<S extends ResponseStub>(stub: S, file: string): S {
  const response = placeboResponse(file);
  if (response.ok) stub.resolves(response.output as never);
  else stub.rejects(response.error);
  return stub;
}

export {
  PLACEBO_DIR,
  type PlaceboResponse,
  PlaceboServiceError,
  placeboPath,
  placeboResponse,
  stubPlacebo,
  toSdkValue,
};
