/** `Notify owners`: one message per owner and sweep for all of their NOTIFY findings; failures recorded. */
import { describe, expect, it } from 'vitest';
import { MemoryObjectStore } from '../../../local/memory-store';
import { composeOwnerDigest } from '../../../tasks/notify-owners/digest';
import { createNotifyOwners, type OwnerNotice } from '../../../tasks/notify-owners/notify-owners';
import type { Finding, Notification } from '../../../tasks/shared/model';
import type { FindingOutcome } from '../../../tasks/shared/report';
import { exportAccountResults } from '../../support/account-results';
import { bucketFinding, SWEEP } from '../../support/sweep-fixtures';

function notifyFinding(
  name: string,
  accountId: string,
  owner: string,
  decision = 'NOTIFY',
  severity: Finding['severity'] = 'HIGH',
): Finding {
  return {
    ...bucketFinding(name, { accountId, arn: `arn:aws:s3:::${name}`, severity }),
    decision: decision as Finding['decision'],
    decisionReason: 'rule mode is notify',
    notification: { subject: `[HIGH] s3-bucket-encryption: ${name}`, message: '...', attributes: { owner } },
  };
}

/** What `Finding done` returns for a remediation (`Save outcomes` stores a page of these). */
function outcome(findingId: string, remediationOutcome: string, extra: Partial<FindingOutcome> = {}): FindingOutcome {
  return {
    findingId,
    decision: 'REMEDIATE',
    subject: `subject of ${findingId}`,
    remediation: { outcome: remediationOutcome as FindingOutcome['remediation']['outcome'], apiCalls: [] },
    notified: { status: 'IN_DIGEST' },
    ledger: { status: 'WRITTEN' },
    ...extra,
  };
}

/** OK accounts with these decisions (and outcomes), and a child that timed out, as `For each account` exports them. */
async function exported(
  store: MemoryObjectStore,
  decisions: Record<string, Finding[]>,
  outcomes: Record<string, FindingOutcome[]> = {},
) {
  const outputs = [];
  for (const [accountId, findings] of Object.entries(decisions)) {
    await store.putJson(`decisions/${accountId}.json`, findings);
    await store.putJson(`outcomes/${accountId}/us-east-1/0.json`, outcomes[accountId] ?? []);
    outputs.push({
      accountId,
      alias: `alias-${accountId}`,
      status: 'OK',
      inventory: { resourceCount: findings.length, regionErrors: [] },
      evaluation: { resourcesEvaluated: findings.length, counts: {} },
      decisions: { decisionsRef: `decisions/${accountId}.json`, exemptionLookupError: null },
      // Per region, per page: where `Save outcomes` stored that page's outcomes.
      outcomes: [[{ outcomesRef: `outcomes/${accountId}/us-east-1/0.json`, count: outcomes[accountId]?.length ?? 0 }]],
    });
  }
  return exportAccountResults(store, outputs, [
    { input: { target: { accountId: '999999999999', alias: 'slow' } }, status: 'TIMED_OUT' },
  ]);
}

describe('Notify owners', () => {
  it('sends each owner one digest per sweep: what needs them, and what became of their remediations', async () => {
    const store = new MemoryObjectStore();
    const accountResults = await exported(
      store,
      {
        '111111111111': [
          notifyFinding('a', '111111111111', 'payments@example.com'),
          notifyFinding('fixed', '111111111111', 'payments@example.com', 'REMEDIATE'),
          notifyFinding('broken', '111111111111', 'payments@example.com', 'REMEDIATE', 'CRITICAL'),
          notifyFinding('exempt', '111111111111', 'payments@example.com', 'EXEMPT'),
          notifyFinding('audit-only', '111111111111', 'payments@example.com', 'NONE'),
        ],
        '222222222222': [
          notifyFinding('d', '222222222222', 'payments@example.com'),
          notifyFinding('e', '222222222222', 'data@example.com'),
          notifyFinding('planned', '222222222222', 'data@example.com', 'REMEDIATE'),
          notifyFinding('looped', '222222222222', 'web@example.com', 'REMEDIATE'),
        ],
      },
      {
        '111111111111': [
          outcome('f-fixed', 'SUCCEEDED'),
          outcome('f-broken', 'FAILED', {
            remediation: { outcome: 'FAILED', error: 'AccessDenied: not authorized to PutBucketEncryption' },
          }),
        ],
        '222222222222': [
          outcome('f-planned', 'PLANNED'),
          // Remediate held it back: the owner's IaC keeps reverting the fix.
          outcome('f-looped', 'SKIPPED_LOOP', { decision: 'NOTIFY', decisionReason: 'remediated 3 times in 7 days' }),
        ],
      },
    );
    const sent: Notification[] = [];
    const out = await createNotifyOwners({
      store,
      publish: async (n) => {
        sent.push(n);
        return { messageId: String(sent.length) };
      },
    })({ sweep: SWEEP, accountResults });

    // Exactly one message per owner, whatever their findings' accounts and decisions.
    expect(sent.map((n) => n.attributes.owner)).toEqual([
      'data@example.com',
      'payments@example.com',
      'web@example.com',
    ]);
    const [data, payments, web] = sent as [Notification, Notification, Notification];

    const sections = (n: Notification) => n.message.split('\n').filter((line) => line.startsWith('== '));
    expect(sections(payments)).toEqual([
      '== Needs you: Warden changed nothing here; fix these, or ask for an exemption (2) ==',
      '== Remediation failed: Warden tried and the resource is not fixed; check it (1) ==',
      '== Fixed by Warden: put the fix into your infrastructure code, or the next deploy reverts it (1) ==',
    ]);
    expect(payments.message).toContain('2 findings need you');
    expect(payments.message).toContain('2 remediations: 1 fixed, 1 failed.');
    const order = ['arn:aws:s3:::a', 'arn:aws:s3:::d', 'arn:aws:s3:::broken', 'arn:aws:s3:::fixed'].map((arn) =>
      payments.message.indexOf(arn),
    );
    expect(order.every((at, i) => at > 0 && (i === 0 || at > (order[i - 1] as number)))).toBe(true);
    expect(payments.message).toContain('Remediation: FAILED (not fixed)');
    expect(payments.message).toContain('Error: AccessDenied: not authorized to PutBucketEncryption');
    expect(payments.message).toContain('Remediation: SUCCEEDED (fixed and verified)');
    // Exempt and audit-only findings are in the report, never in a message.
    expect(payments.message).not.toContain('arn:aws:s3:::exempt');
    expect(payments.message).not.toContain('arn:aws:s3:::audit-only');
    expect(payments.subject).toBe('[CRITICAL] Warden: 2 findings, 2 remediations for payments@example.com');
    expect(payments.attributes).toEqual({
      severity: 'CRITICAL',
      decision: 'NOTIFY',
      owner: 'payments@example.com',
      kind: 'DIGEST',
      ruleId: 's3-bucket-encryption',
    });

    expect(sections(data)).toEqual([
      '== Needs you: Warden changed nothing here; fix these, or ask for an exemption (1) ==',
      '== Planned, not sent (dry run or offline): what Warden would change (1) ==',
    ]);
    expect(data.message).toContain('Remediation: PLANNED (planned, not sent)');
    // A remediation Remediate held back needs its owner: it is listed with what needs them.
    expect(sections(web)).toEqual([
      '== Needs you: Warden changed nothing here; fix these, or ask for an exemption (1) ==',
    ]);
    expect(web.message).toContain('Decision: NOTIFY (remediated 3 times in 7 days)');
    expect(web.message).toContain('Remediation: SKIPPED_LOOP');

    expect(out).toMatchObject({ sent: 3, failed: 0 });
    const notices = await store.getJson<OwnerNotice[]>(out.noticesRef);
    expect(notices.map((n) => [n.owner, n.status, n.findingIds, n.ruleId, n.accountId])).toEqual([
      ['data@example.com', 'SENT', ['f-e', 'f-planned'], 's3-bucket-encryption', '222222222222'],
      // Two accounts in one digest: the report's notification says `*` for the account.
      ['payments@example.com', 'SENT', ['f-a', 'f-fixed', 'f-broken', 'f-d'], 's3-bucket-encryption', '*'],
      ['web@example.com', 'SENT', ['f-looped'], 's3-bucket-encryption', '222222222222'],
    ]);
  });

  it('counts a remediation whose per-item states never reported back as failed', async () => {
    const store = new MemoryObjectStore();
    const accountResults = await exported(store, {
      '111111111111': [notifyFinding('lost', '111111111111', 'o@example.com', 'REMEDIATE')],
    });
    const sent: Notification[] = [];
    await createNotifyOwners({
      store,
      publish: async (n) => {
        sent.push(n);
        return { messageId: '1' };
      },
    })({ sweep: SWEEP, accountResults });
    expect(sent).toHaveLength(1);
    expect(sent[0]?.message).toContain('Remediation failed');
    expect(sent[0]?.message).toContain('Error: no outcome was reported for this remediation');
    expect(sent[0]?.attributes.decision).toBe('REMEDIATE');
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
    const digest = composeOwnerDigest(
      findings.map((finding) => ({ finding, decision: 'NOTIFY' as const })),
      {
        owner: 'o',
        executionName: 'sweep-x',
        reportRef: 'reports/x/report.md',
      },
    );
    expect(Buffer.byteLength(digest.message)).toBeLessThanOrEqual(240 * 1024);
    expect(digest.message).toMatch(
      /\.\.\. and \d+ more finding\(s\): see the sweep report \(reports\/x\/report\.md\)\.$/,
    );
    expect(digest.subject).toBe('[HIGH] Warden: 3000 findings for o');
  });
});
