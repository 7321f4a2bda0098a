/** Repeat notifications on the event path: findings marked, informational sends claimed and given back. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedDynamoDb } from '../../../local/embedded-dynamodb';
import { sendUnlessRepeated, suppressRepeatedFindings } from '../../../tasks/engine/repeats';
import type { Finding } from '../../../tasks/shared/model';
import { createDeduplicator } from '../../../tasks/shared/notification/dedupe';
import { startEventTables } from '../../support/event-tables';

let db: EmbeddedDynamoDb;
beforeAll(async () => {
  db = await startEventTables();
});
afterAll(async () => db.close());

const NOW = () => new Date('2026-11-22T06:00:00Z');
const dedupe = () => createDeduplicator({ ddb: db.documents, table: 'NotificationLog', now: NOW });
const decided = (id: string, decision: Finding['decision']): Finding => ({
  findingId: id,
  ruleId: 's3-bucket-encryption',
  severity: 'HIGH',
  accountId: '111111111111',
  region: 'us-east-1',
  resourceType: 'AWS::S3::Bucket',
  resourceId: id,
  arn: `arn:aws:s3:::${id}`,
  status: 'NON_COMPLIANT',
  message: 'no default encryption',
  tags: {},
  decision,
  decisionReason: 'mode is notify',
});

describe('suppressRepeatedFindings', () => {
  it('marks a NOTIFY already notified within the window, keeps its decision, and never holds back a REMEDIATE', async () => {
    const first = await suppressRepeatedFindings([decided('n-1', 'NOTIFY'), decided('r-1', 'REMEDIATE')], dedupe());
    expect(first.map((f) => f.suppressedDuplicate)).toEqual([undefined, undefined]);
    const again = await suppressRepeatedFindings([decided('n-1', 'NOTIFY'), decided('r-1', 'REMEDIATE')], dedupe());
    expect(again.map((f) => [f.decision, f.suppressedDuplicate, f.decisionReason])).toEqual([
      ['NOTIFY', true, 'mode is notify; already notified within the duplicate-suppression window'],
      ['REMEDIATE', undefined, 'mode is notify'],
    ]);
  });
});

describe('sendUnlessRepeated', () => {
  it('sends once per window, and gives the claim back when the send fails', async () => {
    const info = { ruleId: 'vpc-created', accountId: '111111111111' };
    await expect(
      sendUnlessRepeated(dedupe(), 'k-1', info, async () => {
        throw new Error('topic gone');
      }),
    ).rejects.toThrow('topic gone');
    expect(await sendUnlessRepeated(dedupe(), 'k-1', info, async () => 'm-1')).toEqual({
      repeated: false,
      sent: 'm-1',
    });
    expect(await sendUnlessRepeated(dedupe(), 'k-1', info, async () => 'm-2')).toEqual({ repeated: true });
  });
});
