/**
 * The per-sweep blast-radius cap (issue 14 item 8): `Remediate` reserves a slot on one counter item
 * per execution (atomic conditional UpdateItem, here on the embedded DynamoDB) before it sends
 * anything. Past the cap the remediation is held back (SKIPPED_CAP, decision NOTIFY); a retried
 * remediation of the same finding never reserves twice, also through Powertools idempotency.
 */
import { EC2Client } from '@aws-sdk/client-ec2';
import { PutBucketEncryptionCommand, S3Client } from '@aws-sdk/client-s3';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type EmbeddedDynamoDb, startEmbeddedDynamoDb } from '../../../local/embedded-dynamodb';
import { idempotentRemediate } from '../../../tasks/remediate/idempotency';
import { createRemediate } from '../../../tasks/remediate/remediate';
import { reserveSweepSlot, type SweepCounter } from '../../../tasks/shared/blast-radius';
import { otherClients } from '../../support/other-clients';
import { fakeS3Buckets, type S3Fake } from '../../support/s3-fake';
import { bucketFinding, SWEEP, TARGET } from '../../support/sweep-fixtures';

const s3 = new S3Client({ region: 'us-east-1' });
const s3Mock = mockClient(s3);
const clients = { s3, ec2: new EC2Client({ region: 'us-east-1' }), of: otherClients };
const AT = new Date('2026-11-22T06:05:00Z');

let dynamodb: EmbeddedDynamoDb;
const hashKeyTable = (tableName: string) => ({
  tableName,
  keySchema: [{ AttributeName: 'id', KeyType: 'HASH' as const }],
  attributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' as const }],
  globalSecondaryIndexes: [],
});

beforeAll(async () => {
  dynamodb = await startEmbeddedDynamoDb([hashKeyTable('BlastRadius'), hashKeyTable('Idempotency')]);
});
afterAll(() => dynamodb.close());
/** Remediate reads each bucket before and after it writes: S3 keeps what it is told. */
let buckets: S3Fake;
beforeEach(() => {
  s3Mock.reset();
  buckets = fakeS3Buckets(s3Mock);
});

let executions = 0;
/** A fresh execution (its own counter item) for each test. */
function sweep() {
  executions += 1;
  const name = `sweep-2026-11-22T06-00-${String(executions).padStart(2, '0')}Z`;
  return { ...SWEEP, executionName: name, executionArn: `${SWEEP.executionArn.replace(/:[^:]+$/, '')}:${name}` };
}
const counter = (maxResources: number): SweepCounter => ({
  ddb: dynamodb.documents,
  table: 'BlastRadius',
  maxResources,
});
const item = (bucket: string, s = sweep()) => ({
  finding: { ...bucketFinding(bucket), decision: 'REMEDIATE' },
  target: TARGET,
  sweep: s,
});

describe('reserveSweepSlot', () => {
  it('reserves exactly maxResources slots among parallel callers, whatever their order', async () => {
    const { executionArn } = sweep();
    const ids = Array.from({ length: 12 }, (_, i) => `finding-${i}`);
    const results = await Promise.all(ids.map((id) => reserveSweepSlot(counter(5), executionArn, id, AT)));
    expect(results.filter(Boolean)).toHaveLength(5);
    const stored = await dynamodb.documents.send(
      new GetCommand({ TableName: 'BlastRadius', Key: { id: executionArn } }),
    );
    expect(stored.Item?.reserved).toBe(5);
    expect([...((stored.Item?.findingIds ?? []) as Set<string>)].sort()).toEqual(
      ids.filter((_, i) => results[i]).sort(),
    );
    // Removed by the table's TTL a week after the sweep.
    expect(stored.Item?.expiresAt).toBe(Math.floor(AT.getTime() / 1000) + 7 * 86_400);
  });

  it('a second reservation of the same finding (a retry) is granted again and not counted twice, even when full', async () => {
    const { executionArn } = sweep();
    expect(await reserveSweepSlot(counter(2), executionArn, 'a', AT)).toBe(true);
    expect(await reserveSweepSlot(counter(2), executionArn, 'a', AT)).toBe(true);
    expect(await reserveSweepSlot(counter(2), executionArn, 'b', AT)).toBe(true);
    expect(await reserveSweepSlot(counter(2), executionArn, 'a', AT)).toBe(true);
    expect(await reserveSweepSlot(counter(2), executionArn, 'c', AT)).toBe(false);
    const stored = await dynamodb.documents.send(
      new GetCommand({ TableName: 'BlastRadius', Key: { id: executionArn } }),
    );
    expect(stored.Item?.reserved).toBe(2);
  });

  it('each execution has its own count', async () => {
    expect(await reserveSweepSlot(counter(1), sweep().executionArn, 'a', AT)).toBe(true);
    expect(await reserveSweepSlot(counter(1), sweep().executionArn, 'a', AT)).toBe(true);
  });

  it('a cap of 0 reserves nothing', async () => {
    expect(await reserveSweepSlot(counter(0), sweep().executionArn, 'a', AT)).toBe(false);
  });
});

describe('Remediate with the per-sweep cap', () => {
  it('applies the first maxResources remediations and holds back the rest: SKIPPED_CAP, NOTIFY, why, nothing sent', async () => {
    const remediate = createRemediate({ clientsFor: async () => clients, now: () => AT, sweepCap: counter(2) });
    const s = sweep();
    const outs = [];
    for (const bucket of ['a', 'b', 'c']) outs.push(await remediate(item(bucket, s)));
    expect(outs.map((o) => [o.remediation.outcome, o.finding.decision])).toEqual([
      ['SUCCEEDED', 'REMEDIATE'],
      ['SUCCEEDED', 'REMEDIATE'],
      ['SKIPPED_CAP', 'NOTIFY'],
    ]);
    expect(s3Mock.commandCalls(PutBucketEncryptionCommand)).toHaveLength(2);
    const heldBack = outs[2];
    expect(heldBack?.remediation).toMatchObject({
      apiCalls: bucketFinding('c').plan,
      cap: { scope: 'sweep', limit: 'at most 2 per sweep' },
      at: AT.toISOString(),
    });
    expect(heldBack?.finding.decisionReason).toContain('blast-radius cap');
    expect(heldBack?.finding.decisionReason).toContain('blastRadius.perSweep');
    expect(heldBack?.notification.message).toContain('Remediation: SKIPPED_CAP');
  });

  it('counts planned remediations too: a dry run shows what a real run would do', async () => {
    const remediate = createRemediate({ now: () => AT, sweepCap: counter(1) });
    const s = { ...sweep(), dryRun: true };
    expect((await remediate(item('a', s))).remediation.outcome).toBe('PLANNED');
    expect((await remediate(item('b', s))).remediation.outcome).toBe('SKIPPED_CAP');
  });

  it('holds back, and never remediates, when the counter cannot be updated', async () => {
    const remediate = createRemediate({
      clientsFor: async () => clients,
      now: () => AT,
      sweepCap: { ...counter(10), table: 'NoSuchTable' },
    });
    const out = await remediate(item('a'));
    expect(out.remediation.outcome).toBe('SKIPPED_CAP');
    expect(out.finding.decisionReason).toContain('counter could not be updated');
    expect(s3Mock.commandCalls(PutBucketEncryptionCommand)).toHaveLength(0);
  });

  it('a throttled attempt retried through Powertools idempotency reserves its slot once', async () => {
    const run = idempotentRemediate(
      createRemediate({ clientsFor: async () => clients, now: () => AT, sweepCap: counter(2) }),
      { client: dynamodb.client, tableName: 'Idempotency' },
    ).run;
    const s = sweep();
    s3Mock
      .on(PutBucketEncryptionCommand)
      .rejectsOnce(Object.assign(new Error('slow down'), { name: 'ThrottlingException' }))
      .callsFake(buckets.putEncryption);
    // The first attempt reserves, then is throttled: Powertools keeps no result, the state retries.
    await expect(run(item('a', s))).rejects.toThrow('slow down');
    expect((await run(item('a', s))).remediation.outcome).toBe('SUCCEEDED');
    // So one slot is left for another finding, and then the cap is reached.
    expect((await run(item('b', s))).remediation.outcome).toBe('SUCCEEDED');
    expect((await run(item('c', s))).remediation.outcome).toBe('SKIPPED_CAP');
  });
});
