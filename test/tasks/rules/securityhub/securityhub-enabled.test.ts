import { describe, expect, it } from 'vitest';
import { securityhubEnabled as rule } from '../../../../tasks/rules/securityhub/securityhub-enabled';
import { UnknownPropertyError } from '../../../../tasks/shared/errors';
import { readRuleFixture } from '../../../support/ci-builder';

const RULE_ID = 'securityhub-enabled';
const fixture = (name: string) => readRuleFixture(RULE_ID, name);
const defaults = rule.parameters.parse({});

describe('securityhub-enabled', () => {
  it('notifies, no remediation; CIS 4.16 and why no FSBP control', () => {
    expect(rule.defaultMode).toBe('notify');
    expect(rule.remediation).toBeUndefined();
    expect(rule.controls).toEqual(['CIS 4.16']);
    expect(rule.controlsNote).toContain('No FSBP control');
  });

  it('enabled (the recorded hub) is compliant, "not subscribed" is not', () => {
    expect(rule.evaluate(fixture('compliant'), defaults)).toEqual({
      status: 'COMPLIANT',
      message: 'Security Hub is enabled in 644160558196/us-east-1 since 2018-11-28T22:14:06.771Z',
      evidence: { enabled: true, hubArn: 'arn:aws:securityhub:us-east-1:644160558196:hub/default' },
    });
    expect(rule.evaluate(fixture('non-compliant'), defaults)).toEqual({
      status: 'NON_COMPLIANT',
      message:
        "Security Hub is not enabled in 644160558196/us-east-1: the region's findings are not gathered or checked against the standards",
      evidence: {
        enabled: false,
        reason: 'AccountId: 644160558196 is not enabled for securityhub. Currentstate: false',
      },
    });
  });

  it('AccessDenied is an error; a deleted item is not applicable', () => {
    expect(() => rule.evaluate(fixture('error-access-denied'), defaults)).toThrow(UnknownPropertyError);
    expect(rule.evaluate(fixture('not-applicable-deleted'), defaults).status).toBe('NOT_APPLICABLE');
  });
});
