import { describe, expect, it } from 'vitest';
import { iamUserConsoleMfa as rule } from '../../../../tasks/rules/iam/iam-user-console-mfa';
import { UnknownPropertyError } from '../../../../tasks/shared/errors';
import { readRuleFixture } from '../../../support/ci-builder';

const fixture = (name: string) => readRuleFixture('iam-user-console-mfa', name);
const params = rule.parameters.parse({});

describe('iam-user-console-mfa', () => {
  it('notifies and reads the users’ MFA devices', () => {
    expect(rule.defaultMode).toBe('notify');
    expect(rule.permissions.read).toEqual(expect.arrayContaining(['iam:ListMFADevices', 'iam:GetLoginProfile']));
  });

  it('a console user with a device is compliant, without one non-compliant', () => {
    expect(rule.evaluate(fixture('compliant'), params)).toEqual({
      status: 'COMPLIANT',
      message: 'IAM user maria.silva signs in to the console with MFA',
      evidence: { consolePassword: true, mfaDevices: ['arn:aws:iam::222222222222:mfa/maria.silva'] },
    });
    expect(rule.evaluate(fixture('non-compliant'), params).message).toBe(
      'IAM user j.fischer has a console password and no MFA device',
    );
  });

  it('a user without a console password is not applicable', () => {
    expect(rule.evaluate(fixture('not-applicable-no-console'), params).status).toBe('NOT_APPLICABLE');
  });

  it('a Config item (no login profile or devices recorded) and a denied listing are errors', () => {
    expect(() => rule.evaluate(fixture('error-config-item'), params)).toThrow(/AWS Config does not record it/);
    expect(() => rule.evaluate(fixture('error-access-denied'), params)).toThrow(UnknownPropertyError);
  });
});
