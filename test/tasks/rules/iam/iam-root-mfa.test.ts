import { describe, expect, it } from 'vitest';
import { iamRootMfa as rule } from '../../../../tasks/rules/iam/iam-root-mfa';
import { UnknownPropertyError } from '../../../../tasks/shared/errors';
import { readRuleFixture } from '../../../support/ci-builder';

const fixture = (name: string) => readRuleFixture('iam-root-mfa', name);
const params = rule.parameters.parse({});

describe('iam-root-mfa', () => {
  it('notifies and has no remediation', () => {
    expect(rule.defaultMode).toBe('notify');
    expect(rule.remediation).toBeUndefined();
  });

  it('judges AccountMFAEnabled', () => {
    expect(rule.evaluate(fixture('compliant'), params)).toMatchObject({
      status: 'COMPLIANT',
      evidence: { accountMFAEnabled: 1 },
    });
    expect(rule.evaluate(fixture('non-compliant'), params)).toEqual({
      status: 'NON_COMPLIANT',
      message: 'The root user of account 222222222222 signs in without MFA',
      evidence: { accountMFAEnabled: 0 },
    });
  });

  it('an unread account summary is an error', () => {
    expect(() => rule.evaluate(fixture('error-access-denied'), params)).toThrow(UnknownPropertyError);
  });
});
