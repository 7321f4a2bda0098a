/**
 * Nothing lost, nothing widened (issue 14, item 15): the accounts registry items and the exemption
 * items that fail validation are listed in the sweep report, however many there are. They are
 * stored in the artifacts bucket beside the target list, and only their keys and counts travel in
 * the state payload: through the synthesized SweepStateMachine (whose local runner fails a state
 * input or output over 256 KiB with `States.DataLimitExceeded`, as AWS would), 5,000 invalid
 * Accounts items and 5,000 invalid Exemptions items still give a report listing every one.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { type LocalSweepResult, runLocalSweep } from '../../local/run-sweep';
import type { Report } from '../../tasks/shared/report';
import { accounts, estateItems, exemptions, NOW } from '../support/sample-estate';

const MANY = 5000;
/** Registry items with an empty alias: never swept, each reported with why. */
const invalidAccounts = Array.from({ length: MANY }, (_, i) => ({
  accountId: String(900000000000 + i),
  alias: '',
  regions: ['us-east-1'],
}));
/** Exemption items without `approvedBy`, in an account the sweep does not visit: each reported. */
const invalidExemptions = Array.from({ length: MANY }, (_, i) => ({
  exemptionId: `ex-unapproved-${String(i).padStart(4, '0')}`,
  ruleId: 's3-bucket-encryption',
  accountId: '999999999999',
  region: '*',
  resource: `arn:aws:s3:::bucket-${i}`,
  effect: 'SUPPRESS',
  reason: 'a reason long enough to make each problem weigh what a real one does',
  requestedBy: 'someone@example.com',
  expiresAt: '2030-01-01T00:00:00Z',
}));

let run: LocalSweepResult;
let report: Report;

beforeAll(async () => {
  run = await runLocalSweep({
    items: await estateItems(),
    accounts: [...accounts, ...invalidAccounts],
    exemptions: [...exemptions, ...invalidExemptions],
    request: { dryRun: true },
    now: NOW,
  });
  if (run.report === undefined) throw new Error(`sweep failed: ${run.execution.error}: ${run.execution.cause}`);
  report = run.report;
}, 300_000);

describe('a sweep with 5,000 invalid Accounts items and 5,000 invalid Exemptions items', () => {
  it('succeeds, every state payload under 256 KiB', () => {
    expect(run.execution.status, run.execution.cause).toBe('SUCCEEDED');
    expect(run.execution.largestPayload?.bytes).toBeLessThan(256 * 1024);
  });

  it('lists every invalid Accounts item in the report, with why, and still sweeps the valid accounts', () => {
    const listed = report.accounts.filter((a) => a.accountId.startsWith('9'));
    expect(listed.map((a) => a.accountId).sort()).toEqual(invalidAccounts.map((a) => a.accountId));
    for (const a of listed) {
      expect(a.status).toBe('UNREACHABLE');
      expect(a.error).toMatch(/^invalid Accounts item: alias: /);
    }
    expect(report.accounts.filter((a) => a.status === 'OK').map((a) => a.accountId)).toEqual([
      '111111111111',
      '222222222222',
      '333333333333',
    ]);
    expect(run.markdown).toContain(`| ${invalidAccounts[MANY - 1]?.accountId} |`);
  });

  it('lists every invalid Exemptions item in the report, with why', () => {
    const ids = report.exemptionProblems.map((p) => p.exemptionId);
    expect(ids).toEqual([...invalidExemptions.map((e) => e.exemptionId), 'ex-sandbox-tags-unapproved'].sort());
    for (const p of report.exemptionProblems) expect(p.problem).toContain('approvedBy');
    expect(run.markdown).toContain(`| ${invalidExemptions[MANY - 1]?.exemptionId} |`);
  });
});
