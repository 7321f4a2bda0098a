import { describe, expect, it } from 'vitest';
import { guarddutyEnabled as rule } from '../../../../tasks/rules/guardduty/guardduty-enabled';
import { UnknownPropertyError } from '../../../../tasks/shared/errors';
import { readRuleFixture } from '../../../support/ci-builder';

const RULE_ID = 'guardduty-enabled';
const fixture = (name: string) => readRuleFixture(RULE_ID, name);
const defaults = rule.parameters.parse({});

describe('guardduty-enabled', () => {
  it('notifies, no remediation, GuardDuty.1, read permissions from its collector', () => {
    expect(rule.defaultMode).toBe('notify');
    expect(rule.remediation).toBeUndefined();
    expect(rule.controls).toEqual(['FSBP GuardDuty.1']);
    expect(rule.permissions.read).toEqual(['guardduty:ListDetectors', 'guardduty:GetDetector']);
  });

  it.each([
    [
      'compliant',
      'COMPLIANT',
      'GuardDuty is enabled in 644160558196/us-east-1 (detector 06b01209ca77b0865dd973df0355fc1e)',
    ],
    [
      'non-compliant',
      'NON_COMPLIANT',
      'GuardDuty is not enabled in 644160558196/us-east-1: the region has no detector',
    ],
    [
      'non-compliant-suspended',
      'NON_COMPLIANT',
      'GuardDuty is suspended in 644160558196/us-east-1: detector 06b01209ca77b0865dd973df0355fc1e is DISABLED',
    ],
    ['not-applicable-deleted', 'NOT_APPLICABLE', 'No GuardDuty status for 644160558196/us-east-1 (ResourceDeleted)'],
  ])('%s -> %s', (name, status, message) => {
    expect(rule.evaluate(fixture(name), defaults)).toMatchObject({ status, message });
  });

  it('a denied GetDetector is an error, never "not enabled"', () => {
    expect(() => rule.evaluate(fixture('error-access-denied'), defaults)).toThrow(UnknownPropertyError);
    expect(() => rule.evaluate(fixture('error-access-denied'), defaults)).toThrow('AccessDeniedException');
  });
});
