import { describe, expect, it } from 'vitest';
import { type AccountResult, buildReport, type FindingOutcome } from '../../../tasks/shared/report';
import { renderMarkdown } from '../../../tasks/summarize/markdown';
import { bucketFinding, SWEEP } from '../../support/sweep-fixtures';

const ok = (outcomes: FindingOutcome[]): AccountResult => ({
  accountId: '111111111111',
  alias: 'payments-prod',
  status: 'OK',
  inventory: { resourceCount: 3, regionErrors: [] },
  evaluation: {
    resourcesEvaluated: 3,
    counts: { 's3-bucket-encryption': { COMPLIANT: 1, NON_COMPLIANT: 2, NOT_APPLICABLE: 0, ERROR: 0 } },
  },
  decisions: { decisionsRef: 'd', exemptionLookupError: null },
  outcomes,
});

const decided = new Map([
  [
    '111111111111',
    [
      { ...bucketFinding('a'), decision: 'REMEDIATE' as const, decisionReason: 'mode is remediate' },
      { ...bucketFinding('b'), decision: 'EXEMPT' as const, decisionReason: 'exempted', exemptionId: 'ex-1' },
    ],
  ],
]);

describe('buildReport', () => {
  it('joins decisions with outcomes, and reads a Lambda error Cause as its message', () => {
    const report = buildReport({
      sweep: SWEEP,
      accounts: [
        ok([
          {
            findingId: 'f-a',
            decision: 'REMEDIATE',
            subject: '[HIGH] s3-bucket-encryption',
            remediation: { outcome: 'SUCCEEDED' },
            notified: { status: 'SENT' },
          },
        ]),
        {
          accountId: '222222222222',
          alias: 'data',
          status: 'UNREACHABLE',
          error: JSON.stringify({
            errorType: 'AccountUnreachableError',
            errorMessage: 'AccessDenied on AssumeRole',
            trace: [],
          }),
          subject: '[HIGH] Warden could not reach account 222222222222',
          notified: { status: 'SENT' },
        },
      ],
      decided,
      invalidTargets: [{ accountId: '12345', alias: '', error: 'invalid Accounts item: accountId: must be 12 digits' }],
      exemptionProblems: [{ exemptionId: 'ex-9', problem: 'approvedBy: required, non-empty' }],
    });
    expect(report.resourcesEvaluated).toBe(3);
    expect(report.accounts.map((a) => [a.accountId, a.status, a.error])).toEqual([
      ['111111111111', 'OK', undefined],
      ['222222222222', 'UNREACHABLE', 'AccountUnreachableError: AccessDenied on AssumeRole'],
      ['12345', 'UNREACHABLE', 'invalid Accounts item: accountId: must be 12 digits'],
    ]);
    expect(report.findings.map((f) => [f.resourceId, f.decision, f.remediation?.outcome, f.notified])).toEqual([
      ['a', 'REMEDIATE', 'SUCCEEDED', 'SENT'],
      ['b', 'EXEMPT', undefined, 'NOT_SENT'],
    ]);
    expect(report.notifications).toHaveLength(2);
  });

  it('never reports a remediation whose states did not report back as anything but FAILED', () => {
    const report = buildReport({
      sweep: SWEEP,
      accounts: [ok([])],
      decided,
      invalidTargets: [],
      exemptionProblems: [],
    });
    expect(report.findings[0]?.remediation).toMatchObject({
      outcome: 'FAILED',
      error: 'no outcome was reported for this remediation',
    });
  });

  it('reads a failed publish ({Error, Cause}) as notified FAILED', () => {
    const report = buildReport({
      sweep: SWEEP,
      accounts: [
        ok([
          {
            findingId: 'f-a',
            decision: 'REMEDIATE',
            subject: 's',
            remediation: { outcome: 'PLANNED' },
            notified: { Error: 'SNS.KMSDisabledException', Cause: 'key disabled' },
          },
        ]),
      ],
      decided,
      invalidTargets: [],
      exemptionProblems: [],
    });
    expect(report.findings[0]?.notified).toBe('FAILED');
    expect(report.notifications).toEqual([]);
  });

  it("says a remediation's owner was told when its own message or its owner's digest was sent (issue 20 item 10)", () => {
    const report = (single: FindingOutcome['notified'], digest: 'SENT' | 'FAILED' | undefined) =>
      buildReport({
        sweep: SWEEP,
        accounts: [
          ok([
            {
              findingId: 'f-a',
              decision: 'REMEDIATE',
              subject: 's',
              remediation: { outcome: 'PLANNED' },
              notified: single,
            },
          ]),
        ],
        decided,
        invalidTargets: [],
        exemptionProblems: [],
        ...(digest === undefined
          ? {}
          : { ownerNotices: [{ subject: 'd', severity: 'HIGH', status: digest, findingIds: ['f-a'] }] }),
      }).findings.find((f) => f.findingId === 'f-a')?.notified;
    // Below immediateSeverity: only in the digest, so the digest says.
    expect(report({ status: 'IN_DIGEST' }, 'SENT')).toBe('SENT');
    expect(report({ status: 'IN_DIGEST' }, 'FAILED')).toBe('FAILED');
    // Sent on its own as well: a digest SNS refused does not make it untold.
    expect(report({ status: 'SENT' }, 'FAILED')).toBe('SENT');
    expect(report({ Error: 'SNS.KMSDisabledException', Cause: 'key disabled' }, 'SENT')).toBe('SENT');
    expect(report({ Error: 'SNS.KMSDisabledException', Cause: 'key disabled' }, undefined)).toBe('FAILED');
  });

  it('renders Markdown a person can read', () => {
    const report = buildReport({
      sweep: SWEEP,
      accounts: [ok([])],
      decided,
      invalidTargets: [],
      exemptionProblems: [],
    });
    const md = renderMarkdown(report);
    expect(md).toContain('# Warden sweep sweep-2026-11-22T06-00Z');
    expect(md).toContain('| 111111111111 | payments-prod | OK |');
    expect(md).toContain('## Remediated (1)');
    expect(md).toContain('`s3:PutBucketEncryption {"Bucket":"a"');
    expect(md).toContain('## Exempted (1)');
  });
});
