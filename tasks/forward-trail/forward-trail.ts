/**
 * The trail forwarder: for organisations that cannot forward EventBridge from every member account,
 * the organisation trail's log files become events on the central bus. S3 notifies an SQS queue of
 * each new `AWSLogs/…` object; this task reads the object (streamed gunzip), wraps each record as
 * EventBridge would (`cloudtrail-record.ts`), keeps only the records a trigger rule of the central
 * bus would match — the deployed rules' own patterns, read with `DescribeRule` (the watch-list
 * rule's as its sync function last wrote it) and cached for a few minutes — and puts them on the
 * bus with `PutEvents`: at most 10 entries and 256 KB per call, retrying the entries that failed.
 *
 * EventBridge refuses `aws.*` sources from PutEvents, so each record travels as the `detail` of a
 * `warden.trail-forwarder` event whose own `detail` is the whole wrapped envelope; the central rule
 * for them (only events put by the central account itself) hands `$.detail` to the
 * EventStateMachine, which therefore sees exactly what EventBridge would have delivered.
 *
 * Failures are per message (SQS partial batch responses): an object that cannot be read, is not a
 * log file, or whose entries still fail after the retries makes its message fail, so SQS delivers it
 * again and finally moves it to the dead-letter queue; nothing is dropped silently. A record too
 * large for one PutEvents entry is reported (logged, counted) and the rest go on.
 */
import type { Readable } from 'node:stream';
import {
  DescribeRuleCommand,
  type EventBridgeClient,
  PutEventsCommand,
  type PutEventsRequestEntry,
} from '@aws-sdk/client-eventbridge';
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { z } from 'zod';
import { CloudTrailLogError, isDigestFile, isLogFileName, readCloudTrailLog } from '../shared/events/cloudtrail-log';
import { asEventBridgeEvent } from '../shared/events/cloudtrail-record';
import { compilePatterns, type PatternSet } from '../shared/events/pattern';

/** The source of forwarded records (EventBridge reserves `aws.*` for AWS services). */
const FORWARDED_SOURCE = 'warden.trail-forwarder';
const FORWARDED_DETAIL_TYPE = 'CloudTrail record from a trail log file';

/** PutEvents: at most 10 entries and 256 KB (262,144 bytes, counted as AWS counts) per call. */
const MAX_ENTRIES = 10;
const MAX_REQUEST_BYTES = 256 * 1024;

/** Entries still failing after every attempt: the message fails, so SQS delivers it again. */
class ForwardIncompleteError extends Error {
  public constructor(
    public readonly failed: number,
    message: string,
  ) {
    super(message);
    this.name = 'ForwardIncompleteError';
  }
}

interface ForwardTrailDeps {
  readonly s3: S3Client;
  readonly events: EventBridgeClient;
  readonly eventBusName: string;
  /** The trail's bucket: objects of any other bucket are skipped (and reported). */
  readonly trailBucket: string;
  /** The trail's S3 key prefix (`o-abc` for a Control Tower trail): its files are under `<prefix>/AWSLogs/`. @default none */
  readonly keyPrefix?: string;
  /** The central bus's rules that start the EventStateMachine (their patterns are the filter). */
  readonly ruleNames: readonly string[];
  /** How long the rules' patterns are reused before they are read again. @default 300_000 (5 minutes) */
  readonly patternTtlMs?: number;
  /** PutEvents attempts for an entry that failed. @default 5 */
  readonly maxAttempts?: number;
  /** @default Date.now */
  readonly clock?: () => number;
  /** Waits between attempts. @default setTimeout */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Where non-fatal problems (an oversized record, an object skipped) are reported. @default not reported */
  readonly warn?: (message: string, details: Record<string, unknown>) => void;
}

const S3ObjectSchema = z.object({
  s3: z.object({
    bucket: z.object({ name: z.string().min(1) }),
    object: z.object({ key: z.string().min(1) }),
  }),
});
/** An S3 event notification as SQS delivers it (`s3:TestEvent` is what S3 sends when the notification is set up). */
const NotificationSchema = z.union([
  z.object({ Records: z.array(S3ObjectSchema) }),
  z.object({ Event: z.literal('s3:TestEvent') }),
]);
const SqsEventSchema = z.object({
  Records: z.array(z.object({ messageId: z.string().min(1), body: z.string() })),
});

interface ForwardTrailResult {
  readonly batchItemFailures: { readonly itemIdentifier: string }[];
  readonly objects: number;
  readonly skippedObjects: number;
  readonly records: number;
  readonly matched: number;
  readonly forwarded: number;
  readonly oversized: number;
}

/** The size AWS counts for one PutEvents entry (EventBridge User Guide, "Calculating PutEvents event entry size"). */
function entrySize(entry: PutEventsRequestEntry): number {
  const bytes = (s: string | undefined) => (s === undefined ? 0 : Buffer.byteLength(s, 'utf-8'));
  return (
    (entry.Time === undefined ? 0 : 14) +
    bytes(entry.Source) +
    bytes(entry.DetailType) +
    bytes(entry.Detail) +
    (entry.Resources ?? []).reduce((n, r) => n + bytes(r), 0)
  );
}

/** Entries in PutEvents calls of at most 10 entries and 256 KB; an entry larger than a call on its own is returned apart. */
function batchEntries(entries: readonly PutEventsRequestEntry[]): {
  batches: PutEventsRequestEntry[][];
  oversized: PutEventsRequestEntry[];
} {
  const batches: PutEventsRequestEntry[][] = [];
  const oversized: PutEventsRequestEntry[] = [];
  let current: PutEventsRequestEntry[] = [];
  let size = 0;
  for (const entry of entries) {
    const n = entrySize(entry);
    if (n > MAX_REQUEST_BYTES) {
      oversized.push(entry);
      continue;
    }
    if (current.length === MAX_ENTRIES || size + n > MAX_REQUEST_BYTES) {
      batches.push(current);
      current = [];
      size = 0;
    }
    current.push(entry);
    size += n;
  }
  if (current.length > 0) batches.push(current);
  return { batches, oversized };
}

/** `AWSLogs/…` keys arrive URL-encoded in S3 notifications (spaces as `+`). */
function decodeKey(key: string): string {
  return decodeURIComponent(key.replace(/\+/g, ' '));
}

function createForwardTrail(deps: ForwardTrailDeps) {
  const ttl = deps.patternTtlMs ?? 300_000;
  const clock = deps.clock ?? Date.now;
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const maxAttempts = deps.maxAttempts ?? 5;
  const logsRoot = deps.keyPrefix === undefined || deps.keyPrefix === '' ? 'AWSLogs/' : `${deps.keyPrefix}/AWSLogs/`;
  let cached: { patterns: PatternSet; at: number } | undefined;

  /** The deployed rules' patterns, read again once `ttl` has passed. */
  async function patterns(): Promise<PatternSet> {
    if (cached !== undefined && clock() - cached.at < ttl) return cached.patterns;
    const byRule: Record<string, string> = {};
    for (const name of deps.ruleNames) {
      const rule = await deps.events.send(new DescribeRuleCommand({ Name: name, EventBusName: deps.eventBusName }));
      // A disabled rule starts nothing: its records are not forwarded either.
      if (rule.EventPattern !== undefined && rule.State !== 'DISABLED') byRule[name] = rule.EventPattern;
    }
    cached = { patterns: compilePatterns(byRule), at: clock() };
    return cached.patterns;
  }

  /** Puts `entries`, retrying those that failed; throws `ForwardIncompleteError` when some never went. */
  async function put(entries: PutEventsRequestEntry[]): Promise<void> {
    let pending = entries;
    for (let attempt = 1; pending.length > 0; attempt++) {
      const out = await deps.events.send(new PutEventsCommand({ Entries: pending }));
      if ((out.FailedEntryCount ?? 0) === 0) return;
      const failed = pending.filter((_, i) => out.Entries?.[i]?.ErrorCode !== undefined);
      const codes = [...new Set((out.Entries ?? []).map((e) => e.ErrorCode).filter((c) => c !== undefined))];
      if (attempt >= maxAttempts) {
        throw new ForwardIncompleteError(
          failed.length,
          `${failed.length} of ${entries.length} events were not put on ${deps.eventBusName} after ${attempt} attempts (${codes.join(', ')})`,
        );
      }
      pending = failed;
      await sleep(100 * 2 ** (attempt - 1));
    }
  }

  /** The matching records of one log object, as PutEvents entries. */
  async function entriesOf(bucket: string, key: string, counts: { records: number; matched: number }) {
    const object = await deps.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    if (object.Body === undefined) throw new CloudTrailLogError(`s3://${bucket}/${key}`, 'the object has no body');
    // Gunzipped when the key ends in .gz, as readCloudTrailLog reads the name it is given.
    const records = await readCloudTrailLog(object.Body as Readable, `s3://${bucket}/${key}`);
    const set = await patterns();
    const entries: PutEventsRequestEntry[] = [];
    for (const record of records) {
      counts.records += 1;
      const event = asEventBridgeEvent(record).event as { time?: string };
      if (set.matching(event).length === 0) continue;
      counts.matched += 1;
      const time = event.time === undefined ? Number.NaN : Date.parse(event.time);
      entries.push({
        EventBusName: deps.eventBusName,
        Source: FORWARDED_SOURCE,
        DetailType: FORWARDED_DETAIL_TYPE,
        Detail: JSON.stringify(event),
        Resources: [`arn:aws:s3:::${bucket}/${key}`],
        ...(Number.isNaN(time) ? {} : { Time: new Date(time) }),
      });
    }
    return entries;
  }

  return async (input: unknown): Promise<ForwardTrailResult> => {
    const sqs = SqsEventSchema.parse(input);
    const failures: { itemIdentifier: string }[] = [];
    const counts = { objects: 0, skippedObjects: 0, records: 0, matched: 0, forwarded: 0, oversized: 0 };
    for (const message of sqs.Records) {
      try {
        let body: unknown;
        try {
          body = JSON.parse(message.body);
        } catch {
          throw new CloudTrailLogError(message.messageId, 'the SQS message is not an S3 event notification (not JSON)');
        }
        const notification = NotificationSchema.safeParse(body);
        if (!notification.success) {
          throw new CloudTrailLogError(message.messageId, 'the SQS message is not an S3 event notification');
        }
        if (!('Records' in notification.data)) continue; // s3:TestEvent
        for (const record of notification.data.Records) {
          const bucket = record.s3.bucket.name;
          const key = decodeKey(record.s3.object.key);
          counts.objects += 1;
          if (bucket !== deps.trailBucket) {
            counts.skippedObjects += 1;
            deps.warn?.('an object of another bucket than the trail bucket: skipped', { bucket, key });
            continue;
          }
          // Only the trail's own log files: Config writes its snapshots under the same AWSLogs/ tree.
          const trailFile = key.startsWith(logsRoot) && key.split('/').includes('CloudTrail');
          if (!trailFile || isDigestFile(key) || !isLogFileName(key)) {
            counts.skippedObjects += 1;
            continue;
          }
          const { batches, oversized } = batchEntries(await entriesOf(bucket, key, counts));
          for (const entry of oversized) {
            counts.oversized += 1;
            deps.warn?.('a CloudTrail record is larger than one PutEvents entry may be: not forwarded', {
              object: `s3://${bucket}/${key}`,
              bytes: entrySize(entry),
              eventId: (JSON.parse(entry.Detail ?? '{}') as { detail?: { eventID?: string } }).detail?.eventID,
            });
          }
          for (const batch of batches) {
            await put(batch);
            counts.forwarded += batch.length;
          }
        }
      } catch (error) {
        deps.warn?.('a message could not be forwarded: SQS delivers it again', {
          messageId: message.messageId,
          error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
        });
        failures.push({ itemIdentifier: message.messageId });
      }
    }
    return { batchItemFailures: failures, ...counts };
  };
}

export type { ForwardTrailDeps, ForwardTrailResult };
export {
  batchEntries,
  createForwardTrail,
  entrySize,
  FORWARDED_DETAIL_TYPE,
  FORWARDED_SOURCE,
  ForwardIncompleteError,
  MAX_REQUEST_BYTES,
};
