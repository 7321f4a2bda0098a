/** The event path's `Check exemptions`: decisions, kill switch, ledger records, and repeat notifications dropped. */

import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedDynamoDb } from '../../../local/embedded-dynamodb';
import { MemoryObjectStore } from '../../../local/memory-store';
import {
  createCheckEventExemptions,
  type DecidedFinding,
} from '../../../tasks/check-event-exemptions/check-event-exemptions';
import { parseWardenConfig } from '../../../tasks/shared/config';
import { scanAll } from '../../../tasks/shared/dynamo';
import { fixedKillSwitch } from '../../../tasks/shared/kill-switch';
import type { Finding } from '../../../tasks/shared/model';
import { createDeduplicator } from '../../../tasks/shared/notification/dedupe';
import { startEventTables } from '../../support/event-tables';

let db: EmbeddedDynamoDb;
beforeAll(async () => {
  db = await startEventTables();
});
afterAll(async () => db.close());

const NOW = () => new Date('2026-11-22T06:00:00Z');
const A = '111111111111';
const finding = (over: Partial<Finding> = {}): Finding => ({
  findingId: 'f-bucket',
  ruleId: 's3-bucket-encryption',
  severity: 'HIGH',
  accountId: A,
  region: 'us-east-1',
  resourceType: 'AWS::S3::Bucket',
  resourceId: 'b',
  arn: 'arn:aws:s3:::b',
  status: 'NON_COMPLIANT',
  message: 'no default encryption',
  tags: {},
  plan: [{ service: 's3', operation: 'PutBucketEncryption', input: { Bucket: 'b' } }],
  ...over,
});

async function check(
  findings: Finding[],
  killSwitch: 'off' | 'notify' = 'off',
  sweepId = 'event-1',
  exemptionsTable = 'Exemptions',
) {
  const store = new MemoryObjectStore();
  await store.putJson(`findings/${sweepId}/${A}.json`, findings);
  const task = createCheckEventExemptions({
    ddb: db.documents,
    exemptionsTable,
    ledgerTable: 'Ledger',
    killSwitch: fixedKillSwitch(killSwitch),
    store,
    config: parseWardenConfig({}),
    dedupe: createDeduplicator({ ddb: db.documents, table: 'NotificationLog', now: NOW }),
    now: NOW,
  });
  const out = await task({
    event: {
      eventId: 'e-1',
      eventName: 'DeleteBucketEncryption',
      eventSource: 's3.amazonaws.com',
      accountId: A,
      region: 'us-east-1',
    },
    target: { accountId: A, alias: 'payments-prod', owner: 'team-payments' },
    sweep: {
      sweepId,
      executionName: sweepId,
      executionArn: `arn:aws:states:::execution:m:${sweepId}`,
      mode: 'remediate',
    },
    evaluation: { findingsRef: `findings/${sweepId}/${A}.json` },
  });
  return { out, decided: await store.getJson<DecidedFinding[]>(out.decisionsRef) };
}

describe('Check exemptions (events)', () => {
  it('REMEDIATE goes on with an event-aware notification; nothing is written to the ledger yet', async () => {
    const { out } = await check([finding()]);
    expect(out.byDecision).toEqual({ REMEDIATE: 1, NOTIFY: 0, EXEMPT: 0, NONE: 0 });
    expect(out.actionable.map((f) => f.notification?.message.split('\n')[0])).toEqual([
      'Event: DeleteBucketEncryption (s3.amazonaws.com)',
    ]);
    expect(out.actionable[0]?.notification?.attributes.owner).toBe('team-payments');
  });

  it("routes like the sweep: the resource's Owner tag before the account's owner, a placeholder tag ignored (issue 20 item 10)", async () => {
    const { out } = await check(
      [
        finding({ findingId: 'f-tagged', tags: { Owner: 'j.doe@example.com' } }),
        finding({ findingId: 'f-placeholder', arn: 'arn:aws:s3:::c', resourceId: 'c', tags: { Owner: 'TBD' } }),
      ],
      'off',
      'event-owner',
    );
    expect(
      out.actionable.map((f) => [
        f.findingId,
        f.notification?.attributes.owner,
        f.notification?.attributes.ownerSource,
      ]),
    ).toEqual([
      ['f-tagged', 'j.doe@example.com', 'tag'],
      ['f-placeholder', 'team-payments', 'account'],
    ]);
  });

  it('with the kill switch at notify: NOTIFY, recorded in the ledger, then a repeat is not sent again', async () => {
    const first = await check([finding({ findingId: 'f-kill' })], 'notify', 'event-2');
    expect(first.decided.map((f) => [f.decision, f.decisionReason])).toEqual([
      ['NOTIFY', 'mode is notify (kill switch is notify)'],
    ]);
    expect(first.out.actionable).toHaveLength(1);
    const ledger = await scanAll(db.documents, 'Ledger');
    expect(ledger.filter((r) => r.findingId === 'f-kill').map((r) => [r.decision, r.executionName])).toEqual([
      ['NOTIFY', 'event-2'],
    ]);
    const repeat = await check([finding({ findingId: 'f-kill' })], 'notify', 'event-3');
    expect([repeat.out.actionable, repeat.out.duplicates]).toEqual([[], 1]);
    expect(repeat.decided[0]?.decisionReason).toContain('already notified within the duplicate-suppression window');
  });

  it('an ERROR finding is always NOTIFY', async () => {
    const { decided } = await check(
      [finding({ findingId: 'f-err', status: 'ERROR', plan: undefined })],
      'off',
      'event-4',
    );
    expect(decided.map((f) => f.decision)).toEqual(['NOTIFY']);
  });

  it('exemptions that cannot be read: NOTIFY naming the failure, never REMEDIATE as if nothing were exempt', async () => {
    const { out, decided } = await check([finding({ findingId: 'f-lookup' })], 'off', 'event-5', 'NoSuchTable');
    expect(out.byDecision).toEqual({ REMEDIATE: 0, NOTIFY: 1, EXEMPT: 0, NONE: 0 });
    expect(out.exemptionLookupError).toMatch(/ResourceNotFoundException|not found/i);
    expect(decided[0]?.decisionReason).toMatch(/^exemption lookup failed \(.+\): notifying instead of acting$/);
    expect(out.actionable.map((f) => f.decision)).toEqual(['NOTIFY']);
  });

  it('an invalid item that would have matched (effect suppress, expiry +01:00): NOTIFY naming it, never REMEDIATE nor EXEMPT', async () => {
    await db.documents.send(
      new PutCommand({
        TableName: 'Exemptions',
        Item: {
          accountId: A,
          exemptionId: 'ex-malformed',
          ruleId: 's3-bucket-encryption',
          region: '*',
          resource: 'arn:aws:s3:::protected-*',
          effect: 'suppress',
          reason: 'vendor-managed bucket',
          requestedBy: 'data@example.com',
          approvedBy: 'security@example.com',
          expiresAt: '2030-01-01T00:00:00+01:00',
        },
      }),
    );
    const protectedBucket = finding({
      findingId: 'f-protected',
      resourceId: 'protected-1',
      arn: 'arn:aws:s3:::protected-1',
      plan: [{ service: 's3', operation: 'PutBucketEncryption', input: { Bucket: 'protected-1' } }],
    });
    const other = finding({ findingId: 'f-other', resourceId: 'other-1', arn: 'arn:aws:s3:::other-1' });
    const { out, decided } = await check([protectedBucket, other], 'off', 'event-6');
    expect(decided.map((f) => [f.findingId, f.decision])).toEqual([
      ['f-protected', 'NOTIFY'],
      ['f-other', 'REMEDIATE'],
    ]);
    expect(decided[0]?.exemptionId).toBeUndefined();
    expect(decided[0]?.decisionReason).toMatch(/^exemption ex-malformed covers this resource but is not honoured/);
    expect(decided[0]?.decisionReason).toContain('effect: must be SUPPRESS or NOTIFY_ONLY');
    expect(decided[0]?.decisionReason).toContain('expiresAt: must be an ISO-8601 UTC timestamp');
    expect(out.actionable.find((f) => f.findingId === 'f-protected')?.notification?.message).toContain('ex-malformed');
  });
});
