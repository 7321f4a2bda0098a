/**
 * The trail forwarder's handler (`tasks/forward-trail/forward-trail.ts`) against aws-sdk-client-mock:
 * a gzipped log object in, the records the deployed rules' patterns match out on the central bus,
 * wrapped as EventBridge would wrap them; batches of at most 10 entries and 256 KB; a failed entry
 * retried alone; entries that never go fail their SQS message (so it is delivered again); a corrupt
 * object fails its message and the others go on; digests and other buckets are skipped.
 */
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { DescribeRuleCommand, EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  batchEntries,
  createForwardTrail,
  entrySize,
  FORWARDED_DETAIL_TYPE,
  FORWARDED_SOURCE,
  MAX_REQUEST_BYTES,
} from '../../../tasks/forward-trail/forward-trail';
import { watchListPattern } from '../../../tasks/sync-watch-list/sync-watch-list';

const s3 = mockClient(S3Client);
const eventBridge = mockClient(EventBridgeClient);
const BUCKET = 'org-trail-logs';
const KEY =
  'AWSLogs/o-a1b2c3d4e5/111111111111/CloudTrail/us-east-1/2026/11/21/111111111111_CloudTrail_us-east-1_20261121T0005Z_a1.json.gz';

const S3_PATTERN = {
  source: ['aws.s3'],
  'detail-type': ['AWS API Call via CloudTrail'],
  detail: { eventName: ['PutBucketPolicy', 'DeleteBucketEncryption'] },
};
const SIGN_IN_PATTERN = { source: ['aws.signin'], 'detail-type': ['AWS Console Sign In via CloudTrail'] };

const record = (eventName: string, eventSource: string, i: number, extra: Record<string, unknown> = {}) => ({
  eventVersion: '1.08',
  eventTime: '2026-11-21T00:05:00Z',
  eventSource,
  eventName,
  awsRegion: 'us-east-1',
  recipientAccountId: '111111111111',
  eventID: `e-${i}`,
  eventType: eventSource === 'signin.amazonaws.com' ? 'AwsConsoleSignIn' : 'AwsApiCall',
  readOnly: eventName.startsWith('Get') || eventName.startsWith('Describe'),
  ...extra,
});

function objectBody(records: unknown[], gzip = true) {
  const bytes = Buffer.from(JSON.stringify({ Records: records }));
  // The SDK's Body in Node is a Readable (with helpers the forwarder does not use).
  return Readable.from([gzip ? gzipSync(bytes) : bytes]) as never;
}

function sqsEvent(...objects: { bucket?: string; key: string; id?: string }[]) {
  return {
    Records: objects.map((o, i) => ({
      messageId: o.id ?? `m-${i}`,
      body: JSON.stringify({
        Records: [
          {
            eventSource: 'aws:s3',
            eventName: 'ObjectCreated:Put',
            s3: { bucket: { name: o.bucket ?? BUCKET }, object: { key: o.key } },
          },
        ],
      }),
    })),
  };
}

function forwarder(overrides: Partial<Parameters<typeof createForwardTrail>[0]> = {}) {
  const warnings: string[] = [];
  const run = createForwardTrail({
    s3: s3 as unknown as S3Client,
    events: eventBridge as unknown as EventBridgeClient,
    eventBusName: 'warden',
    trailBucket: BUCKET,
    ruleNames: ['S3ApiCalls', 'ConsoleSignIns', 'WatchedApiCalls'],
    sleep: async () => undefined,
    warn: (message) => warnings.push(message),
    ...overrides,
  });
  return { run, warnings };
}

/** Every entry PutEvents was called with, in order, across calls. */
const putCalls = () => eventBridge.commandCalls(PutEventsCommand).map((c) => c.args[0].input.Entries ?? []);

beforeEach(() => {
  s3.reset();
  eventBridge.reset();
  eventBridge
    .on(DescribeRuleCommand, { Name: 'S3ApiCalls' })
    .resolves({ EventPattern: JSON.stringify(S3_PATTERN), State: 'ENABLED' });
  eventBridge
    .on(DescribeRuleCommand, { Name: 'ConsoleSignIns' })
    .resolves({ EventPattern: JSON.stringify(SIGN_IN_PATTERN), State: 'ENABLED' });
  eventBridge
    .on(DescribeRuleCommand, { Name: 'WatchedApiCalls' })
    .resolves({ EventPattern: JSON.stringify(watchListPattern([])), State: 'ENABLED' });
  eventBridge
    .on(PutEventsCommand)
    .callsFake((input) => ({ FailedEntryCount: 0, Entries: input.Entries.map(() => ({ EventId: 'x' })) }));
});

describe('forward-trail', () => {
  it('puts the matching records of a gz object on the bus, wrapped as EventBridge would, and nothing else', async () => {
    s3.on(GetObjectCommand, { Bucket: BUCKET, Key: KEY }).resolves({
      Body: objectBody([
        record('DescribeInstances', 'ec2.amazonaws.com', 1),
        record('PutBucketPolicy', 's3.amazonaws.com', 2, { requestParameters: { bucketName: 'b' } }),
        record('GetBucketPolicy', 's3.amazonaws.com', 3),
        record('ConsoleLogin', 'signin.amazonaws.com', 4, { responseElements: { ConsoleLogin: 'Failure' } }),
      ]),
    });
    const { run } = forwarder();
    const out = await run(sqsEvent({ key: KEY }));
    expect(out).toMatchObject({ batchItemFailures: [], objects: 1, records: 4, matched: 2, forwarded: 2 });
    const [entries] = putCalls();
    expect(entries).toHaveLength(2);
    const first = entries?.[0];
    expect(first).toMatchObject({
      EventBusName: 'warden',
      Source: FORWARDED_SOURCE,
      DetailType: FORWARDED_DETAIL_TYPE,
      Resources: [`arn:aws:s3:::${BUCKET}/${KEY}`],
      Time: new Date('2026-11-21T00:05:00Z'),
    });
    // The detail is the event EventBridge would have delivered: what the central rule hands on as `$.detail`.
    expect(JSON.parse(first?.Detail ?? '')).toEqual({
      version: '0',
      'detail-type': 'AWS API Call via CloudTrail',
      source: 'aws.s3',
      account: '111111111111',
      time: '2026-11-21T00:05:00Z',
      region: 'us-east-1',
      resources: [],
      detail: record('PutBucketPolicy', 's3.amazonaws.com', 2, { requestParameters: { bucketName: 'b' } }),
    });
    expect(JSON.parse(entries?.[1]?.Detail ?? '')).toMatchObject({
      'detail-type': 'AWS Console Sign In via CloudTrail',
      source: 'aws.signin',
    });
  });

  it('filters with the rules as deployed now: the watch list as last synced, a disabled rule not at all; read again after the TTL', async () => {
    let now = 0;
    const calls = [record('CreateUser', 'iam.amazonaws.com', 1), record('PutBucketPolicy', 's3.amazonaws.com', 2)];
    s3.on(GetObjectCommand).callsFake(() => ({ Body: objectBody(calls) }));
    eventBridge.on(DescribeRuleCommand, { Name: 'WatchedApiCalls' }).resolves({
      EventPattern: JSON.stringify(watchListPattern([{ eventSource: 'iam.amazonaws.com', eventName: 'CreateUser' }])),
    });
    eventBridge
      .on(DescribeRuleCommand, { Name: 'S3ApiCalls' })
      .resolves({ EventPattern: JSON.stringify(S3_PATTERN), State: 'DISABLED' });
    const { run } = forwarder({ clock: () => now, patternTtlMs: 1000 });
    expect(await run(sqsEvent({ key: KEY }))).toMatchObject({ matched: 1 });
    expect(JSON.parse(putCalls()[0]?.[0]?.Detail ?? '').detail.eventName).toBe('CreateUser');
    await run(sqsEvent({ key: KEY }));
    expect(eventBridge.commandCalls(DescribeRuleCommand)).toHaveLength(3); // cached
    now = 1500;
    await run(sqsEvent({ key: KEY }));
    expect(eventBridge.commandCalls(DescribeRuleCommand)).toHaveLength(6);
  });

  it('batches at most 10 entries per PutEvents', async () => {
    const records = Array.from({ length: 23 }, (_, i) => record('PutBucketPolicy', 's3.amazonaws.com', i));
    s3.on(GetObjectCommand).resolves({ Body: objectBody(records) });
    const out = await forwarder().run(sqsEvent({ key: KEY }));
    expect(out.forwarded).toBe(23);
    expect(putCalls().map((e) => e.length)).toEqual([10, 10, 3]);
  });

  it('and at most 256 KB per call, as AWS counts entry sizes; a record too large alone is reported, the rest go on', async () => {
    const big = (i: number) =>
      record('PutBucketPolicy', 's3.amazonaws.com', i, { requestParameters: { pad: 'x'.repeat(100_000) } });
    const huge = record('PutBucketPolicy', 's3.amazonaws.com', 99, { requestParameters: { pad: 'x'.repeat(300_000) } });
    s3.on(GetObjectCommand).resolves({ Body: objectBody([big(1), big(2), big(3), huge, big(4)]) });
    const { run, warnings } = forwarder();
    const out = await run(sqsEvent({ key: KEY }));
    expect(out).toMatchObject({ batchItemFailures: [], matched: 5, forwarded: 4, oversized: 1 });
    const calls = putCalls();
    expect(calls.map((e) => e.length)).toEqual([2, 2]);
    for (const entries of calls)
      expect(entries.reduce((n, e) => n + entrySize(e), 0)).toBeLessThanOrEqual(MAX_REQUEST_BYTES);
    expect(warnings).toEqual(['a CloudTrail record is larger than one PutEvents entry may be: not forwarded']);
  });

  it('retries only the entries that failed (FailedEntryCount), until they go', async () => {
    const records = Array.from({ length: 3 }, (_, i) => record('PutBucketPolicy', 's3.amazonaws.com', i));
    s3.on(GetObjectCommand).resolves({ Body: objectBody(records) });
    eventBridge
      .on(PutEventsCommand)
      .resolvesOnce({
        FailedEntryCount: 1,
        Entries: [{ EventId: 'a' }, { ErrorCode: 'ThrottlingException', ErrorMessage: 'slow down' }, { EventId: 'c' }],
      })
      .resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'b' }] });
    const slept: number[] = [];
    const out = await forwarder({ sleep: async (ms) => void slept.push(ms) }).run(sqsEvent({ key: KEY }));
    expect(out).toMatchObject({ batchItemFailures: [], forwarded: 3 });
    const calls = putCalls();
    expect(calls.map((e) => e.map((x) => JSON.parse(x.Detail ?? '').detail.eventID))).toEqual([
      ['e-0', 'e-1', 'e-2'],
      ['e-1'],
    ]);
    expect(slept).toEqual([100]);
  });

  it('fails the message when entries never go (SQS delivers it again, then to the dead-letter queue); other messages go on', async () => {
    const other = KEY.replace('a1.json.gz', 'b2.json.gz');
    s3.on(GetObjectCommand, { Key: KEY }).resolves({
      Body: objectBody([record('PutBucketPolicy', 's3.amazonaws.com', 1)]),
    });
    s3.on(GetObjectCommand, { Key: other }).resolves({
      Body: objectBody([record('PutBucketPolicy', 's3.amazonaws.com', 2)]),
    });
    eventBridge
      .on(PutEventsCommand)
      .callsFake((input) =>
        JSON.parse(input.Entries[0].Detail).detail.eventID === 'e-1'
          ? { FailedEntryCount: 1, Entries: [{ ErrorCode: 'InternalFailure' }] }
          : { FailedEntryCount: 0, Entries: [{ EventId: 'ok' }] },
      );
    const { run, warnings } = forwarder({ maxAttempts: 3 });
    const out = await run(sqsEvent({ key: KEY, id: 'first' }, { key: other, id: 'second' }));
    expect(out.batchItemFailures).toEqual([{ itemIdentifier: 'first' }]);
    expect(out.forwarded).toBe(1);
    expect(eventBridge.commandCalls(PutEventsCommand)).toHaveLength(4); // 3 attempts, then the other object
    expect(warnings).toEqual(['a message could not be forwarded: SQS delivers it again']);
  });

  it('a .json.gz that is not gzip, or an unreadable object, fails its message; digests, other buckets and test events are skipped', async () => {
    const corrupt = KEY.replace('a1.json.gz', 'corrupt.json.gz');
    const digest =
      'AWSLogs/o-a1b2c3d4e5/111111111111/CloudTrail-Digest/us-east-1/2026/11/21/111111111111_CloudTrail-Digest_us-east-1_t_us-east-1_20261121T230000Z.json.gz';
    s3.on(GetObjectCommand, { Key: corrupt }).resolves({
      Body: objectBody([record('PutBucketPolicy', 's3.amazonaws.com', 1)], false),
    });
    s3.on(GetObjectCommand, { Key: KEY }).rejects(Object.assign(new Error('Access Denied'), { name: 'AccessDenied' }));
    const event = sqsEvent(
      { key: corrupt, id: 'corrupt' },
      { key: KEY, id: 'denied' },
      { key: digest, id: 'digest' },
      { key: KEY, bucket: 'other-bucket', id: 'other' },
    );
    event.Records.push({
      messageId: 'test',
      body: JSON.stringify({ Service: 'Amazon S3', Event: 's3:TestEvent', Bucket: BUCKET }),
    });
    event.Records.push({ messageId: 'junk', body: 'not json' });
    const { run, warnings } = forwarder();
    const out = await run(event);
    expect(out.batchItemFailures).toEqual([
      { itemIdentifier: 'corrupt' },
      { itemIdentifier: 'denied' },
      { itemIdentifier: 'junk' },
    ]);
    expect(out).toMatchObject({ objects: 4, skippedObjects: 2, forwarded: 0 });
    expect(s3.commandCalls(GetObjectCommand).map((c) => c.args[0].input.Key)).toEqual([corrupt, KEY]);
    expect(warnings).toContain('an object of another bucket than the trail bucket: skipped');
  });

  it('reads only the trail log files: not the Config files beside them under AWSLogs/, and under the trail key prefix when it has one', async () => {
    const config =
      'AWSLogs/111111111111/Config/us-east-1/2026/11/21/ConfigSnapshot/111111111111_Config_us-east-1_ConfigSnapshot_x.json.gz';
    const prefixed = `o-a1b2c3d4e5/${KEY}`;
    s3.on(GetObjectCommand, { Key: prefixed }).resolves({
      Body: objectBody([record('PutBucketPolicy', 's3.amazonaws.com', 1)]),
    });
    const plain = await forwarder().run(sqsEvent({ key: config }));
    expect(plain).toMatchObject({ batchItemFailures: [], objects: 1, skippedObjects: 1 });
    const withPrefix = await forwarder({ keyPrefix: 'o-a1b2c3d4e5' }).run(sqsEvent({ key: prefixed }, { key: KEY }));
    expect(withPrefix).toMatchObject({ batchItemFailures: [], objects: 2, skippedObjects: 1, forwarded: 1 });
    expect(s3.commandCalls(GetObjectCommand).map((c) => c.args[0].input.Key)).toEqual([prefixed]);
  });

  it('decodes the URL-encoded keys of S3 notifications', async () => {
    const spaced = 'AWSLogs/111111111111/CloudTrail/us-east-1/2026/11/21/my file.json.gz';
    s3.on(GetObjectCommand, { Key: spaced }).resolves({
      Body: objectBody([record('PutBucketPolicy', 's3.amazonaws.com', 1)]),
    });
    const out = await forwarder().run(
      sqsEvent({ key: 'AWSLogs/111111111111/CloudTrail/us-east-1/2026/11/21/my+file.json.gz' }),
    );
    expect(out).toMatchObject({ batchItemFailures: [], forwarded: 1 });
  });
});

describe('batchEntries', () => {
  it('counts 14 bytes for Time and the UTF-8 bytes of source, detail-type, detail and resources', () => {
    const entry = { Source: 'ab', DetailType: 'c', Detail: '{"é":1}', Resources: ['r1'], Time: new Date() };
    expect(entrySize(entry)).toBe(14 + 2 + 1 + 8 + 2); // "é" is two bytes
    expect(batchEntries([]).batches).toEqual([]);
  });
});
