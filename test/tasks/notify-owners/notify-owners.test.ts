/** `Notify owners`: one message per owner and sweep for all of their NOTIFY findings; failures recorded. */
import { describe, expect, it } from 'vitest';
import { MemoryObjectStore } from '../../../local/memory-store';
import { composeOwnerDigest } from '../../../tasks/notify-owners/digest';
import { createNotifyOwners, type OwnerNotice } from '../../../tasks/notify-owners/notify-owners';
import type { Finding, Notification } from '../../../tasks/shared/model';
import { exportAccountResults } from '../../support/account-results';
import { bucketFinding, SWEEP } from '../../support/sweep-fixtures';

function notifyFinding(name: string, accountId: string, owner: string, decision = 'NOTIFY'): Finding {
  return {
    ...bucketFinding(name, { accountId, arn: `arn:aws:s3:::${name}` }),
    decision: decision as Finding['decision'],
    decisionReason: 'rule mode is notify',
    notification: { subject: `[HIGH] s3-bucket-encryption: ${name}`, message: '...', attributes: { owner } },
  };
}

/** OK accounts with these decisions, and a child that timed out, as `For each account` exports them. */
async function exported(store: MemoryObjectStore, decisions: Record<string, Finding[]>) {
  const outputs = [];
  for (const [accountId, findings] of Object.entries(decisions)) {
    await store.putJson(`decisions/${accountId}.json`, findings);
    outputs.push({
      accountId,
      alias: `alias-${accountId}`,
      status: 'OK',
      inventory: { resourceCount: findings.length, regionErrors: [] },
      evaluation: { resourcesEvaluated: findings.length, counts: {} },
      decisions: { decisionsRef: `decisions/${accountId}.json`, exemptionLookupError: null },
      outcomes: [],
    });
  }
  return exportAccountResults(store, outputs, [
    { input: { target: { accountId: '999999999999', alias: 'slow' } }, status: 'TIMED_OUT' },
  ]);
}

describe('Notify owners', () => {
  it('sends each owner one message with all of their NOTIFY findings, across accounts', async () => {
    const store = new MemoryObjectStore();
    const accountResults = await exported(store, {
      '111111111111': [
        notifyFinding('a', '111111111111', 'payments@example.com'),
        notifyFinding('b', '111111111111', 'payments@example.com', 'REMEDIATE'),
        notifyFinding('c', '111111111111', 'payments@example.com', 'EXEMPT'),
      ],
      '222222222222': [
        notifyFinding('d', '222222222222', 'payments@example.com'),
        notifyFinding('e', '222222222222', 'data@example.com'),
      ],
    });
    const sent: Notification[] = [];
    const out = await createNotifyOwners({
      store,
      publish: async (n) => {
        sent.push(n);
        return { messageId: String(sent.length) };
      },
    })({ sweep: SWEEP, accountResults });

    expect(sent.map((n) => n.attributes.owner)).toEqual(['data@example.com', 'payments@example.com']);
    const payments = sent[1] as Notification;
    expect(payments.message).toContain('arn:aws:s3:::a');
    expect(payments.message).toContain('arn:aws:s3:::d');
    expect(payments.message).not.toContain('arn:aws:s3:::b');
    expect(payments.attributes).toEqual({
      severity: 'HIGH',
      decision: 'NOTIFY',
      owner: 'payments@example.com',
      ruleId: 's3-bucket-encryption',
    });
    expect(out).toMatchObject({ sent: 2, failed: 0 });
    const notices = await store.getJson<OwnerNotice[]>(out.noticesRef);
    expect(notices.map((n) => [n.owner, n.status, n.findingIds, n.ruleId, n.accountId])).toEqual([
      ['data@example.com', 'SENT', ['f-e'], 's3-bucket-encryption', '222222222222'],
      // Two accounts in one digest: the report's notification says `*` for the account.
      ['payments@example.com', 'SENT', ['f-a', 'f-d'], 's3-bucket-encryption', '*'],
    ]);
  });

  it('records a message SNS refuses as FAILED with why, and still sends the others', async () => {
    const store = new MemoryObjectStore();
    const accountResults = await exported(store, {
      '111111111111': [notifyFinding('a', '111111111111', 'x@example.com')],
      '222222222222': [notifyFinding('b', '222222222222', 'y@example.com')],
    });
    const out = await createNotifyOwners({
      store,
      publish: async (n) => {
        if (n.attributes.owner === 'x@example.com')
          throw Object.assign(new Error('key disabled'), { name: 'KMSDisabledException' });
        return { messageId: '1' };
      },
    })({ sweep: SWEEP, accountResults });
    expect(out).toMatchObject({ sent: 1, failed: 1 });
    const notices = await store.getJson<OwnerNotice[]>(out.noticesRef);
    expect(notices[0]).toMatchObject({
      owner: 'x@example.com',
      status: 'FAILED',
      error: expect.stringContaining('key disabled'),
    });
  });

  it('keeps a huge digest under the SNS limit and says how many findings it left out', () => {
    const findings = Array.from({ length: 3000 }, (_, i) =>
      notifyFinding(`bucket-with-a-rather-long-name-${i}`.padEnd(63, 'x'), '111111111111', 'o@example.com'),
    );
    const digest = composeOwnerDigest(findings, {
      owner: 'o',
      executionName: 'sweep-x',
      reportRef: 'reports/x/report.md',
    });
    expect(Buffer.byteLength(digest.message)).toBeLessThanOrEqual(240 * 1024);
    expect(digest.message).toMatch(
      /\.\.\. and \d+ more finding\(s\): see the sweep report \(reports\/x\/report\.md\)\.$/,
    );
    expect(digest.subject).toBe('[HIGH] Warden: 3000 finding(s) for o');
  });
});
