/**
 * Every event in ../shared/corpus as the event state machine receives it: EventBridge events as
 * they are, bare CloudTrail records wrapped in the envelope EventBridge would give them (`AWS
 * Console Sign In via CloudTrail` for sign-ins, else `AWS API Call via CloudTrail`), arrays of
 * records and `{"Records": […]}` log files one event per record, anything else (Config items,
 * Config rule invocations, SNS notifications, a resource snapshot) as it is.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const CORPUS_DIR = path.resolve(process.cwd(), '../shared/corpus');
/** The corpus folders that hold events (the others hold API responses and configuration items). */
const EVENT_DIRS = ['awsdocs', 'panther-analysis', 'stratus-red-team', 'cloud-custodian/events'];

interface CorpusEvent {
  /** `<dir>/<file>` and, for files of several records, `#<index>`. */
  readonly name: string;
  readonly file: string;
  readonly event: unknown;
  /** Whether the record was wrapped in an EventBridge envelope here. */
  readonly wrapped: boolean;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A bare CloudTrail record → the EventBridge event it arrives as. */
function wrapCloudTrail(record: Record<string, unknown>): Record<string, unknown> {
  const signIn = record.eventType === 'AwsConsoleSignIn';
  const service = String(record.eventSource ?? 'unknown').replace(/\.amazonaws\.com$/, '');
  return {
    'detail-type': signIn ? 'AWS Console Sign In via CloudTrail' : 'AWS API Call via CloudTrail',
    source: signIn ? 'aws.signin' : `aws.${service}`,
    detail: record,
  };
}

function asEvent(record: unknown): { event: unknown; wrapped: boolean } {
  if (isRecord(record) && record['detail-type'] === undefined && typeof record.eventName === 'string') {
    return { event: wrapCloudTrail(record), wrapped: true };
  }
  return { event: record, wrapped: false };
}

function corpusEvents(): CorpusEvent[] {
  const out: CorpusEvent[] = [];
  for (const dir of EVENT_DIRS) {
    for (const file of readdirSync(path.join(CORPUS_DIR, dir))
      .filter((f) => f.endsWith('.json'))
      .sort()) {
      const name = `${dir}/${file}`;
      const json: unknown = JSON.parse(readFileSync(path.join(CORPUS_DIR, dir, file), 'utf-8'));
      const records = Array.isArray(json)
        ? json
        : isRecord(json) && Array.isArray(json.Records)
          ? json.Records
          : undefined;
      if (records === undefined) {
        out.push({ name, file: name, ...asEvent(json) });
        continue;
      }
      records.forEach((record: unknown, index: number) => {
        out.push({ name: records.length === 1 ? name : `${name}#${index}`, file: name, ...asEvent(record) });
      });
    }
  }
  return out;
}

function readCorpusJson(relative: string): unknown {
  return JSON.parse(readFileSync(path.join(CORPUS_DIR, relative), 'utf-8'));
}

export type { CorpusEvent };
export { CORPUS_DIR, corpusEvents, readCorpusJson, wrapCloudTrail };
