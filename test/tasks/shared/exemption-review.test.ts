/** The end-of-sweep exemption review: expiring within 7 days, stale, expired; the requester's reminder. */
import { describe, expect, it } from 'vitest';
import { expiryReminder, reviewExemptions } from '../../../tasks/shared/exemption-review';

const NOW = new Date('2026-11-22T06:00:00Z');
const KNOWN = new Set(['s3-bucket-encryption', 'ec2-instance-required-tags']);
const scope = { accountIds: new Set(['111111111111', '222222222222']), ruleIds: KNOWN };

function item(id: string, fields: Record<string, unknown> = {}) {
  return {
    exemptionId: id,
    ruleId: 's3-bucket-encryption',
    accountId: '111111111111',
    region: '*',
    resource: `arn:aws:s3:::${id}`,
    effect: 'SUPPRESS',
    reason: 'r',
    requestedBy: 'alice@example.com',
    approvedBy: 'sec@example.com',
    expiresAt: '2030-01-01T00:00:00Z',
    ...fields,
  };
}

const review = (items: unknown[], matched: string[] = [], s = scope) =>
  reviewExemptions({ items, knownRuleIds: KNOWN, matched: new Set(matched), scope: s, now: NOW });

describe('reviewExemptions', () => {
  it('lists exemptions expiring within 7 days, soonest first, with whole days left', () => {
    const r = review(
      [
        item('in-3-days', { expiresAt: '2026-11-25T07:00:00Z' }),
        item('in-12-hours', { expiresAt: '2026-11-22T18:00:00Z' }),
        item('exactly-7-days', { expiresAt: '2026-11-29T06:00:00Z' }),
        item('in-8-days', { expiresAt: '2026-11-30T06:00:00Z' }),
      ],
      ['in-3-days', 'in-12-hours', 'exactly-7-days', 'in-8-days'],
    );
    expect(r.expiringSoon.map((e) => [e.exemptionId, e.daysLeft])).toEqual([
      ['in-12-hours', 0],
      ['in-3-days', 3],
      ['exactly-7-days', 7],
    ]);
    expect([r.active, r.expired]).toEqual([4, 0]);
  });

  it('an exemption expiring exactly now is expired, not expiring (active strictly before expiresAt)', () => {
    const r = review([item('now', { expiresAt: '2026-11-22T06:00:00Z' })]);
    expect([r.active, r.expired, r.expiringSoon, r.stale]).toEqual([0, 1, [], []]);
  });

  it('an active exemption in scope that matched no finding is stale; a matched one is not', () => {
    const r = review([item('used'), item('unused')], ['used']);
    expect(r.stale.map((e) => e.exemptionId)).toEqual(['unused']);
    expect(r.stale[0]).toEqual({
      exemptionId: 'unused',
      ruleId: 's3-bucket-encryption',
      accountId: '111111111111',
      region: '*',
      resource: 'arn:aws:s3:::unused',
      effect: 'SUPPRESS',
      requestedBy: 'alice@example.com',
      approvedBy: 'sec@example.com',
      expiresAt: '2030-01-01T00:00:00Z',
    });
  });

  it('says nothing about exemptions outside the sweep: unswept accounts, rules not evaluated', () => {
    const r = review(
      [
        item('other-account', { accountId: '999999999999' }),
        item('other-rule', { ruleId: 'ec2-instance-required-tags' }),
        item('any-rule', { ruleId: '*' }),
        item('any-account', { accountId: '*' }),
      ],
      [],
      { accountIds: new Set(['111111111111']), ruleIds: new Set(['s3-bucket-encryption']) },
    );
    expect(r.stale.map((e) => e.exemptionId)).toEqual(['any-account', 'any-rule']);
  });

  it('skips invalid items (Resolve targets reports them) and counts expired ones', () => {
    const r = review([item('broken', { approvedBy: '' }), item('old', { expiresAt: '2025-01-01T00:00:00Z' })]);
    expect([r.active, r.expired, r.stale, r.expiringSoon]).toEqual([0, 1, [], []]);
  });
});

describe('expiryReminder', () => {
  it('tells the requester what expires, when, and how to renew; attributes let them filter', () => {
    const [e] = review(
      [item('ex-1', { expiresAt: '2026-11-25T07:00:00Z', ticket: 'https://t/SEC-1' })],
      ['ex-1'],
    ).expiringSoon;
    if (e === undefined) throw new Error('not expiring');
    const n = expiryReminder(e, 'sweep-2026-11-22T06-00-00Z');
    expect(n.subject).toBe('[Warden] Exemption ex-1 expires in 3 days');
    expect(n.message).toContain('Warden exemption ex-1 expires in 3 days, at 2026-11-25T07:00:00Z.');
    expect(n.message).toContain('Requested by alice@example.com, approved by sec@example.com (https://t/SEC-1).');
    expect(n.message).toContain('warden exempt add --replace --id ex-1');
    expect(n.attributes).toEqual({
      kind: 'exemption-expiring',
      severity: 'LOW',
      ruleId: 's3-bucket-encryption',
      accountId: '111111111111',
      requestedBy: 'alice@example.com',
    });
  });
});

describe('reviewExemptions: the exemption policy', () => {
  it('reports an item written straight into the table with expiresAt 9999 (honoured as written)', () => {
    const r = review([item('forever', { expiresAt: '9999-12-31T00:00:00Z' })], ['forever']);
    expect(r.policy).toEqual([
      {
        exemptionId: 'forever',
        accountId: '111111111111',
        problem: 'expiresAt: 9999-12-31T00:00:00Z is more than 365 days away',
        honoured: true,
      },
    ]);
    expect(r.active).toBe(1);
  });

  it('measures the lifetime from createdAt when add wrote one', () => {
    const r = review([
      item('old-long', { createdAt: '2025-01-01T00:00:00Z', expiresAt: '2026-12-31T00:00:00Z' }),
      item('fine', { createdAt: '2026-11-01T00:00:00Z', expiresAt: '2027-06-30T00:00:00Z' }),
    ]);
    expect(r.policy.map((p) => [p.exemptionId, p.problem])).toEqual([
      ['old-long', 'expiresAt: 2026-12-31T00:00:00Z is more than 365 days after createdAt 2025-01-01T00:00:00Z'],
    ]);
  });

  it('reports self-approved, broad and many-wildcard items as not honoured, and does not count them active', () => {
    const r = review([
      item('self', { approvedBy: 'ALICE@example.com', expiresAt: '2027-01-01T00:00:00Z' }),
      item('broad', { accountId: '*', ruleId: '*', resource: 'arn:aws:s3:::*', expiresAt: '2027-01-01T00:00:00Z' }),
      item('allowed-broad', {
        resource: 'arn:aws:s3:::*',
        allowBroad: true,
        expiresAt: '2027-01-01T00:00:00Z',
      }),
      item('stars', { resource: 'arn:aws:s3:::*a*b*c*d*e*f*g*h*i', expiresAt: '2027-01-01T00:00:00Z' }),
      item('expired-self', { approvedBy: 'alice@example.com', expiresAt: '2026-01-01T00:00:00Z' }),
    ]);
    expect(r.policy.map((p) => [p.exemptionId, p.honoured])).toEqual([
      ['broad', false],
      ['self', false],
      ['stars', false],
    ]);
    expect(r.policy.find((p) => p.exemptionId === 'stars')?.problem).toBe(
      'resource: 9 wildcards; at most 8 are allowed',
    );
    expect([r.active, r.expired]).toEqual([1, 1]);
    expect(r.stale.map((e) => e.exemptionId)).toEqual(['allowed-broad']);
  });
});
