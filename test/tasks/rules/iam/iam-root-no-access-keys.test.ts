import { describe, expect, it } from 'vitest';
import { iamRootNoAccessKeys as rule } from '../../../../tasks/rules/iam/iam-root-no-access-keys';
import { UnknownPropertyError } from '../../../../tasks/shared/errors';
import { readRuleFixture } from '../../../support/ci-builder';

const fixture = (name: string) => readRuleFixture('iam-root-no-access-keys', name);
const params = rule.parameters.parse({});

describe('iam-root-no-access-keys', () => {
  it('notifies, has no remediation, runs on the sweep of the account item', () => {
    expect(rule.defaultMode).toBe('notify');
    expect(rule.remediation).toBeUndefined();
    expect(rule.resourceTypes).toEqual(['Warden::IAM::Account']);
    expect(rule.permissions.read).toContain('iam:GetAccountSummary');
  });

  it('judges AccountAccessKeysPresent', () => {
    expect(rule.evaluate(fixture('compliant'), params)).toEqual({
      status: 'COMPLIANT',
      message: 'The root user of account 222222222222 has no access keys',
      evidence: { accountAccessKeysPresent: 0 },
    });
    expect(rule.evaluate(fixture('non-compliant'), params)).toMatchObject({
      status: 'NON_COMPLIANT',
      evidence: { accountAccessKeysPresent: 1 },
    });
  });

  it('an unread account summary is an error, never compliant', () => {
    expect(() => rule.evaluate(fixture('error-access-denied'), params)).toThrow(UnknownPropertyError);
    expect(() => rule.evaluate(fixture('error-access-denied'), params)).toThrow(/accountSummary.*AccessDenied/);
  });
});
