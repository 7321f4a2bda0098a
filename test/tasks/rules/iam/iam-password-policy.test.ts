import { describe, expect, it } from 'vitest';
import { iamPasswordPolicy as rule } from '../../../../tasks/rules/iam/iam-password-policy';
import { UnknownPropertyError } from '../../../../tasks/shared/errors';
import { readRuleFixture, readRuleFixtureCase } from '../../../support/ci-builder';

const RULE_ID = 'iam-password-policy';
const fixture = (name: string) => readRuleFixture(RULE_ID, name);
const defaults = rule.parameters.parse({});

describe('iam-password-policy: definition', () => {
  it('defaults to IAM.7’s character classes with IAM.15/IAM.16’s length and reuse', () => {
    expect(defaults).toEqual({
      requireUppercaseCharacters: true,
      requireLowercaseCharacters: true,
      requireSymbols: true,
      requireNumbers: true,
      minimumPasswordLength: 14,
      passwordReusePrevention: 24,
      maxPasswordAge: null,
    });
    expect(rule.defaultMode).toBe('notify');
    expect(rule.parameters.safeParse({ minimumPasswordLength: 5 }).success).toBe(false);
    expect(rule.parameters.safeParse({ passwordReusePrevention: 25 }).success).toBe(false);
    expect(rule.parameters.safeParse({ other: 1 }).success).toBe(false);
  });
});

describe('iam-password-policy: evaluate', () => {
  it('a strong policy is compliant', () => {
    expect(rule.evaluate(fixture('compliant'), defaults).status).toBe('COMPLIANT');
  });

  it('names every shortfall of a weak policy', () => {
    expect(rule.evaluate(fixture('non-compliant'), defaults).message).toBe(
      'The IAM password policy of account 222222222222 does not require upper-case letters; does not require lower-case letters; does not require symbols; does not require numbers; allows passwords of 10 characters (at least 14 required); allows password reuse (the last 24 must be refused)',
    );
  });

  it('no password policy at all is non-compliant', () => {
    expect(rule.evaluate(fixture('non-compliant-no-policy'), defaults)).toEqual({
      status: 'NON_COMPLIANT',
      message: 'Account 222222222222 has no IAM password policy',
      evidence: { passwordPolicy: null },
    });
  });

  it('IAM.7 alone (length 8, no reuse requirement) accepts a 10-character policy; maxPasswordAge is checked when set', () => {
    const iam7 = readRuleFixtureCase(RULE_ID, 'compliant-iam7-parameters');
    const params = rule.parameters.parse(iam7.parameters);
    expect(rule.evaluate(iam7.ci, params).status).toBe('COMPLIANT');
    expect(rule.evaluate(iam7.ci, { ...params, maxPasswordAge: 90 }).message).toMatch(
      /never expires passwords \(at most 90 days required\)$/,
    );
    expect(rule.evaluate(fixture('compliant'), { ...defaults, maxPasswordAge: 60 }).message).toMatch(
      /expires passwords after 90 days \(at most 60 required\)$/,
    );
  });

  it('an unread password policy is an error', () => {
    expect(() => rule.evaluate(fixture('error-access-denied'), defaults)).toThrow(UnknownPropertyError);
  });

  it('iacHint gives the CLI call with the parameters', () => {
    expect(rule.iacHint(fixture('non-compliant'), defaults).suggestedChange).toBe(
      'aws iam update-account-password-policy --minimum-password-length 14 --require-uppercase-characters --require-lowercase-characters --require-symbols --require-numbers --password-reuse-prevention 24',
    );
  });
});
