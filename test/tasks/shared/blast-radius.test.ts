/**
 * The blast-radius cap (issue 14 item 8), pure part: which of one account's REMEDIATE decisions
 * are held back by the per-rule and per-account caps, what the held ones become, and how the held
 * ones are summed up for operators.
 */
import { describe, expect, it } from 'vitest';
import {
  applyAccountCaps,
  type BlastRadiusSettings,
  capExceeded,
  capGroups,
  capNotice,
} from '../../../tasks/shared/blast-radius';
import { parseWardenConfig } from '../../../tasks/shared/config';
import type { Finding } from '../../../tasks/shared/model';
import { bucketFinding, TARGET } from '../../support/sweep-fixtures';

const remediate = (name: string, overrides: Partial<Finding> = {}): Finding =>
  bucketFinding(name, { decision: 'REMEDIATE', decisionReason: 'mode is remediate', ...overrides });
const tagFinding = (name: string): Finding =>
  remediate(name, {
    findingId: `f-tags-${name}`,
    ruleId: 'ec2-instance-required-tags',
    resourceType: 'AWS::EC2::Instance',
    resourceId: name,
    arn: `arn:aws:ec2:us-east-1:${TARGET.accountId}:instance/${name}`,
    plan: [{ service: 'ec2', operation: 'CreateTags', input: { Resources: [name] } }],
  });

const settings = (overrides: Partial<BlastRadiusSettings> = {}): BlastRadiusSettings => ({
  ...parseWardenConfig({}).blastRadius,
  ...overrides,
});

describe('capExceeded (Cloud Custodian max-resources / max-resources-percent semantics)', () => {
  const limit = { maxResources: 50, maxResourcesPercent: 20, percentAppliesAbove: 5 };
  it.each([
    [50, 1000, false, 'exactly the count is allowed'],
    [51, 1000, true, 'one more than the count is not'],
    [200, 1000, true, 'over the count, whatever the percentage'],
    [20, 100, false, 'exactly 20 % is allowed'],
    [21, 100, true, 'over 20 % of the evaluated resources'],
    [5, 5, false, 'the percentage does not count at or below percentAppliesAbove (small accounts)'],
    [6, 10, true, 'above percentAppliesAbove, the percentage counts'],
    [0, 0, false, 'nothing to remediate is never over'],
  ])('%i remediations of %i evaluated: %s (%s)', (wanted, evaluated, over) => {
    expect(capExceeded(limit, wanted, evaluated)).toBe(over);
  });

  it('without a percentage only the count limits', () => {
    expect(capExceeded({ maxResources: 100, maxResourcesPercent: null, percentAppliesAbove: 5 }, 100, 100)).toBe(false);
    expect(capExceeded({ maxResources: 0, maxResourcesPercent: null, percentAppliesAbove: 5 }, 1, 100)).toBe(true);
  });
});

describe('applyAccountCaps', () => {
  it('leaves an account within every cap untouched', () => {
    const findings = [remediate('a'), remediate('b')];
    const out = applyAccountCaps(findings, {
      settings: settings(),
      evaluatedByRule: { 's3-bucket-encryption': 100 },
      resourcesEvaluated: 100,
    });
    expect(out.findings).toEqual(findings);
    expect(out.held).toEqual([]);
  });

  it("holds back every one of a rule's remediations when they exceed its count (none are sent, not the first N)", () => {
    const buckets = ['a', 'b', 'c'].map((n) => remediate(n));
    const tags = [tagFinding('i-1')];
    const out = applyAccountCaps([...buckets, ...tags], {
      settings: settings({ perRule: { maxResources: 2, maxResourcesPercent: null, percentAppliesAbove: 5 } }),
      evaluatedByRule: { 's3-bucket-encryption': 100, 'ec2-instance-required-tags': 100 },
      resourcesEvaluated: 200,
    });
    const byId = new Map(out.findings.map((f) => [f.resourceId, f]));
    for (const name of ['a', 'b', 'c']) {
      const f = byId.get(name);
      expect(f?.decision).toBe('NOTIFY');
      expect(f?.remediation).toMatchObject({
        outcome: 'SKIPPED_CAP',
        apiCalls: bucketFinding(name).plan,
        cap: { scope: 'rule', wanted: 3, evaluated: 100 },
      });
      expect(f?.decisionReason).toContain('blast-radius cap');
      expect(f?.decisionReason).toContain('s3-bucket-encryption would remediate 3 of 100');
      expect(f?.decisionReason).toContain('blastRadius.perRule');
    }
    // The other rule is within its cap: it still remediates.
    expect(byId.get('i-1')).toEqual(tags[0]);
    expect(out.held).toEqual([
      expect.objectContaining({
        scope: 'rule',
        ruleId: 's3-bucket-encryption',
        heldBack: 3,
        wanted: 3,
        evaluated: 100,
      }),
    ]);
  });

  it('holds back a rule that would change more than its percentage of the resources it evaluated', () => {
    const findings = ['a', 'b', 'c', 'd', 'e', 'f'].map((n) => remediate(n));
    const out = applyAccountCaps(findings, {
      settings: settings(),
      evaluatedByRule: { 's3-bucket-encryption': 10 },
      resourcesEvaluated: 10,
    });
    expect(out.findings.every((f) => f.remediation?.outcome === 'SKIPPED_CAP')).toBe(true);
    expect(out.findings[0]?.decisionReason).toContain('6 of 10 evaluated');
    expect(out.findings[0]?.decisionReason).toContain('20 %');
  });

  it('without evaluation counts, judges the percentage against the findings themselves (the conservative reading)', () => {
    const findings = ['a', 'b', 'c', 'd', 'e', 'f'].map((n) => remediate(n));
    const out = applyAccountCaps(findings, { settings: settings() });
    expect(out.held[0]).toMatchObject({ scope: 'rule', wanted: 6, evaluated: 6 });
  });

  it("then holds back all of the account's remaining remediations when together they exceed the account cap", () => {
    const findings = [remediate('a'), remediate('b'), tagFinding('i-1'), tagFinding('i-2')];
    const out = applyAccountCaps(findings, {
      settings: settings({ perAccount: { maxResources: 3, maxResourcesPercent: null, percentAppliesAbove: 5 } }),
      evaluatedByRule: { 's3-bucket-encryption': 100, 'ec2-instance-required-tags': 100 },
      resourcesEvaluated: 200,
    });
    expect(out.findings.map((f) => [f.decision, f.remediation?.outcome, f.remediation?.cap?.scope])).toEqual(
      Array(4).fill(['NOTIFY', 'SKIPPED_CAP', 'account']),
    );
    expect(out.findings[0]?.decisionReason).toContain('blastRadius.perAccount');
    expect(out.held.map((h) => [h.scope, h.ruleId, h.heldBack])).toEqual([
      ['account', 'ec2-instance-required-tags', 2],
      ['account', 's3-bucket-encryption', 2],
    ]);
  });

  it('leaves decisions other than REMEDIATE alone and does not count them', () => {
    const notify = bucketFinding('n', { decision: 'NOTIFY', decisionReason: 'mode is notify' });
    const exempt = bucketFinding('x', { decision: 'EXEMPT', decisionReason: 'exempted' });
    const out = applyAccountCaps([notify, exempt, remediate('a')], {
      settings: settings({ perRule: { maxResources: 1, maxResourcesPercent: null, percentAppliesAbove: 5 } }),
    });
    expect(out.findings).toEqual([notify, exempt, remediate('a')]);
  });
});

describe('capGroups and capNotice', () => {
  it('sums the held-back remediations by scope, account and rule, and tells operators in one message', () => {
    const groups = capGroups([
      { accountId: '111111111111', ruleId: 'r1', cap: { scope: 'rule', limit: 'at most 2', wanted: 3, evaluated: 9 } },
      { accountId: '111111111111', ruleId: 'r1', cap: { scope: 'rule', limit: 'at most 2', wanted: 3, evaluated: 9 } },
      { accountId: '111111111111', ruleId: 'r1', cap: { scope: 'rule', limit: 'at most 2', wanted: 3, evaluated: 9 } },
      { accountId: '222222222222', ruleId: 'r2', cap: { scope: 'sweep', limit: 'at most 4 per sweep' } },
    ]);
    expect(groups).toEqual([
      {
        scope: 'rule',
        accountId: '111111111111',
        ruleId: 'r1',
        heldBack: 3,
        limit: 'at most 2',
        wanted: 3,
        evaluated: 9,
      },
      { scope: 'sweep', accountId: '222222222222', ruleId: 'r2', heldBack: 1, limit: 'at most 4 per sweep' },
    ]);
    const notice = capNotice(groups, { executionName: 'sweep-x', aliases: new Map([['111111111111', 'payments']]) });
    expect(notice.subject).toBe('[HIGH] Warden blast-radius cap hit: 4 remediation(s) held back in sweep-x');
    expect(notice.message).toContain('r1 in payments (111111111111): 3 held back');
    expect(notice.message).toContain('r2 in 222222222222: 1 held back');
    expect(notice.attributes).toMatchObject({ kind: 'blast-radius-cap', severity: 'HIGH', decision: 'NOTIFY' });
  });
});
