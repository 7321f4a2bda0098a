import { describe, expect, it } from 'vitest';
import { type DecideInput, decide, effectiveMode } from '../../../tasks/shared/decide';
import type { Exemption } from '../../../tasks/shared/exemptions';
import type { Mode } from '../../../tasks/shared/model';

const exemption = (effect: Exemption['effect']): Exemption => ({
  exemptionId: 'EX-12',
  ruleId: 's3-bucket-encryption',
  accountId: '111122223333',
  region: 'us-east-1',
  resource: 'arn:aws:s3:::legacy-*',
  effect,
  reason: 'legacy data lake',
  requestedBy: 'alice',
  approvedBy: 'bob',
  expiresAt: '2030-12-31T00:00:00Z',
  expiresAtMs: Date.UTC(2030, 11, 31),
});
const SUPPRESS = exemption('SUPPRESS');
const NOTIFY_ONLY = exemption('NOTIFY_ONLY');

describe('effectiveMode', () => {
  it.each<[(Mode | undefined)[], Mode]>([
    [['remediate'], 'remediate'],
    [['notify'], 'notify'],
    [['audit'], 'audit'],
    [['remediate', 'notify'], 'notify'],
    [['notify', 'remediate'], 'notify'],
    [['remediate', 'audit', 'notify'], 'audit'],
    [['remediate', 'remediate', 'remediate', 'remediate'], 'remediate'],
    [[undefined, 'remediate', undefined], 'remediate'],
    [[undefined, 'notify', 'remediate'], 'notify'],
    [['audit', undefined, 'remediate'], 'audit'],
  ])('%j -> %s', (modes, expected) => {
    expect(effectiveMode(...modes)).toBe(expected);
  });

  it('requires at least one mode (no silent default)', () => {
    expect(() => effectiveMode()).toThrow('effectiveMode: at least one mode is required');
    expect(() => effectiveMode(undefined, undefined)).toThrow('effectiveMode: at least one mode is required');
  });

  it('rejects an unknown mode rather than ranking it', () => {
    expect(() => effectiveMode('remediate', 'REMEDIATE' as Mode)).toThrow(
      "unknown mode 'REMEDIATE'; expected one of audit, notify, remediate",
    );
  });
});

describe('decide', () => {
  const base: DecideInput = { status: 'NON_COMPLIANT', mode: 'remediate', hasRemediation: true };

  it.each<[string, Partial<DecideInput>, ReturnType<typeof decide>]>([
    ['COMPLIANT', { status: 'COMPLIANT' }, { decision: 'NONE', reason: 'resource is compliant' }],
    [
      'COMPLIANT even with a SUPPRESS exemption',
      { status: 'COMPLIANT', exemption: SUPPRESS },
      { decision: 'NONE', reason: 'resource is compliant' },
    ],
    [
      'NOT_APPLICABLE',
      { status: 'NOT_APPLICABLE' },
      { decision: 'NONE', reason: 'rule does not apply to this resource' },
    ],
    [
      'ERROR in remediate mode',
      { status: 'ERROR' },
      {
        decision: 'NOTIFY',
        reason: 'the rule could not evaluate the resource; evaluation errors are always notified',
      },
    ],
    [
      'ERROR in audit mode: reported only, saying it would be notified (issue 20 item 3)',
      { status: 'ERROR', mode: 'audit' },
      {
        decision: 'NONE',
        reason:
          'mode is audit: reported only (otherwise: the rule could not evaluate the resource; evaluation errors are always notified)',
      },
    ],
    [
      'ERROR with a SUPPRESS exemption is still notified',
      { status: 'ERROR', exemption: SUPPRESS },
      {
        decision: 'NOTIFY',
        reason:
          'the rule could not evaluate the resource; evaluation errors are always notified (exemption EX-12 does not cover errors)',
      },
    ],
    [
      'ERROR with a failed lookup',
      { status: 'ERROR', exemptionLookupError: 'ProvisionedThroughputExceededException' },
      {
        decision: 'NOTIFY',
        reason: 'the rule could not evaluate the resource; evaluation errors are always notified',
      },
    ],
    [
      'NON_COMPLIANT, lookup failed, remediate mode: never remediate',
      { exemptionLookupError: 'AccessDeniedException: not authorized to perform dynamodb:Query' },
      {
        decision: 'NOTIFY',
        reason:
          'exemption lookup failed (AccessDeniedException: not authorized to perform dynamodb:Query): notifying instead of acting',
      },
    ],
    [
      'NON_COMPLIANT, lookup failed, audit mode: reported only, never acted on',
      { mode: 'audit', exemptionLookupError: 'timeout' },
      {
        decision: 'NONE',
        reason:
          'mode is audit: reported only (otherwise: exemption lookup failed (timeout): notifying instead of acting)',
      },
    ],
    [
      'NON_COMPLIANT, lookup failed even though an exemption was passed',
      { exemption: SUPPRESS, exemptionLookupError: 'partial scan' },
      { decision: 'NOTIFY', reason: 'exemption lookup failed (partial scan): notifying instead of acting' },
    ],
    [
      'NON_COMPLIANT, SUPPRESS',
      { exemption: SUPPRESS },
      {
        decision: 'EXEMPT',
        reason: 'exempted by EX-12 until 2030-12-31T00:00:00Z: legacy data lake',
        exemptionId: 'EX-12',
      },
    ],
    [
      'NON_COMPLIANT, SUPPRESS in audit mode',
      { exemption: SUPPRESS, mode: 'audit' },
      {
        decision: 'EXEMPT',
        reason: 'exempted by EX-12 until 2030-12-31T00:00:00Z: legacy data lake',
        exemptionId: 'EX-12',
      },
    ],
    [
      'NON_COMPLIANT, NOTIFY_ONLY in remediate mode',
      { exemption: NOTIFY_ONLY },
      {
        decision: 'NOTIFY',
        reason: 'exemption EX-12 (notify only) until 2030-12-31T00:00:00Z: legacy data lake',
        exemptionId: 'EX-12',
      },
    ],
    [
      'NON_COMPLIANT, NOTIFY_ONLY in audit mode: reported only, naming the exemption (issue 20 item 3)',
      { exemption: NOTIFY_ONLY, mode: 'audit' },
      {
        decision: 'NONE',
        reason:
          'mode is audit: reported only (otherwise: exemption EX-12 (notify only) until 2030-12-31T00:00:00Z: legacy data lake)',
        exemptionId: 'EX-12',
      },
    ],
    ['NON_COMPLIANT, audit', { mode: 'audit' }, { decision: 'NONE', reason: 'mode is audit: reported only' }],
    ['NON_COMPLIANT, notify', { mode: 'notify' }, { decision: 'NOTIFY', reason: 'mode is notify' }],
    [
      'NON_COMPLIANT, notify without remediation',
      { mode: 'notify', hasRemediation: false },
      { decision: 'NOTIFY', reason: 'mode is notify' },
    ],
    ['NON_COMPLIANT, remediate', {}, { decision: 'REMEDIATE', reason: 'mode is remediate' }],
    [
      'NON_COMPLIANT, remediate without remediation',
      { hasRemediation: false },
      { decision: 'NOTIFY', reason: 'mode is remediate but the rule has no remediation' },
    ],
  ])('%s', (_name, overrides, expected) => {
    expect(decide({ ...base, ...overrides })).toEqual(expected);
  });

  it('rejects an unknown mode or status', () => {
    expect(() => decide({ ...base, mode: 'fix' as Mode })).toThrow("unknown mode 'fix'");
    expect(() => decide({ ...base, status: 'FAILED' as DecideInput['status'] })).toThrow(
      "decide: unknown finding status 'FAILED'",
    );
  });
});

describe('decide: an item that is not honoured covers the finding', () => {
  const base: DecideInput = { status: 'NON_COMPLIANT', mode: 'remediate', hasRemediation: true };
  const unhonoured = { exemptionId: 'EX-BAD', problem: 'effect: must be SUPPRESS or NOTIFY_ONLY (got "suppress")' };

  it('turns REMEDIATE into NOTIFY, naming the item and its problem, and exempts nothing', () => {
    expect(decide({ ...base, unhonoured })).toEqual({
      decision: 'NOTIFY',
      reason:
        'exemption EX-BAD covers this resource but is not honoured (effect: must be SUPPRESS or NOTIFY_ONLY (got "suppress")): notifying instead of remediating',
    });
  });

  it.each<[string, Partial<DecideInput>, string]>([
    ['a valid SUPPRESS still decides', { exemption: SUPPRESS }, 'EXEMPT'],
    ['a valid NOTIFY_ONLY still decides', { exemption: NOTIFY_ONLY }, 'NOTIFY'],
    ['audit stays NONE', { mode: 'audit' }, 'NONE'],
    ['notify stays NOTIFY', { mode: 'notify' }, 'NOTIFY'],
    ['ERROR stays NOTIFY', { status: 'ERROR' }, 'NOTIFY'],
    ['COMPLIANT stays NONE', { status: 'COMPLIANT' }, 'NONE'],
  ])('otherwise changes nothing: %s', (_what, overrides, decision) => {
    expect(decide({ ...base, unhonoured, ...overrides }).decision).toBe(decision);
  });
});
