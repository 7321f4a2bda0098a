/** What `warden exempt add` admits and how `exempt list` shows stored items, under the exemption policy. */
import { describe, expect, it } from 'vitest';
import { admitExemption, exemptionState } from '../../../tasks/shared/exemption-admission';

const KNOWN = new Set(['s3-bucket-encryption']);
const NOW = new Date('2026-11-22T06:00:00Z');
const raw = (over: Record<string, unknown> = {}) => ({
  exemptionId: 'ex-1',
  ruleId: 's3-bucket-encryption',
  accountId: '111111111111',
  region: '*',
  resource: 'arn:aws:s3:::legacy-*',
  effect: 'SUPPRESS',
  reason: 'archive',
  requestedBy: 'alice@example.com',
  approvedBy: 'bob@example.com',
  expiresAt: '2027-01-31T00:00:00Z',
  ...over,
});

describe('admitExemption', () => {
  it('stores the item with createdAt, purgeAt, and allowBroad only when the override was given', () => {
    const plain = admitExemption(raw(), { knownRuleIds: KNOWN, now: NOW });
    expect(plain.ok && plain.item).toMatchObject({ createdAt: NOW.toISOString(), purgeAt: expect.any(Number) });
    expect(plain.ok && 'allowBroad' in plain.item).toBe(false);
    const broad = admitExemption(raw({ resource: 'arn:aws:s3:::*' }), {
      knownRuleIds: KNOWN,
      now: NOW,
      allowBroad: true,
    });
    expect(broad.ok && broad.item.allowBroad).toBe(true);
  });

  it('gives every reason at once', () => {
    const refused = admitExemption(
      raw({ resource: 'arn:aws:s3:::*', approvedBy: 'alice@example.com', expiresAt: '2028-01-01T00:00:00Z' }),
      { knownRuleIds: KNOWN, now: NOW },
    );
    expect(refused.ok).toBe(false);
    expect(refused.ok ? [] : refused.reasons).toEqual([
      expect.stringContaining('needs a second person'),
      expect.stringContaining('is broad'),
      'expiresAt: 2028-01-01T00:00:00Z is more than 180 days away (the configured maximum)',
    ]);
  });

  it('accepts a maximum lifetime of 1 to 365 days only', () => {
    for (const maxDays of [0, 366, 1.5]) {
      const r = admitExemption(raw(), { knownRuleIds: KNOWN, now: NOW, maxDays });
      expect(r.ok ? '' : r.reasons.join()).toContain('must be 1 to 365 days');
    }
    expect(
      admitExemption(raw({ expiresAt: '2027-11-21T00:00:00Z' }), { knownRuleIds: KNOWN, now: NOW, maxDays: 365 }).ok,
    ).toBe(true);
  });
});

describe('exemptionState', () => {
  it.each<[string, Record<string, unknown>, { state: string; problem?: unknown }]>([
    ['valid', {}, { state: 'active' }],
    ['expired', { expiresAt: '2026-01-01T00:00:00Z' }, { state: 'expired' }],
    ['invalid', { approvedBy: '' }, { state: 'invalid', problem: 'approvedBy: required, non-empty' }],
    [
      'self-approved',
      { approvedBy: 'alice@example.com' },
      { state: 'refused', problem: expect.stringContaining('second person') },
    ],
    ['broad', { resource: 'arn:aws:s3:::*' }, { state: 'refused', problem: expect.stringContaining('is broad') }],
    ['broad, admitted with --allow-broad', { resource: 'arn:aws:s3:::*', allowBroad: true }, { state: 'active' }],
    [
      'too long',
      { expiresAt: '9999-12-31T00:00:00Z' },
      { state: 'active', problem: expect.stringContaining('more than 365 days away') },
    ],
  ])('%s', (_what, over, expected) => {
    expect(exemptionState(raw(over), KNOWN, NOW)).toEqual(expected);
  });
});
