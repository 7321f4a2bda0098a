import { describe, expect, it } from 'vitest';
import { iamUserUnusedCredentials as rule } from '../../../../tasks/rules/iam/iam-user-unused-credentials';
import { UnknownPropertyError } from '../../../../tasks/shared/errors';
import { readRuleFixture } from '../../../support/ci-builder';

const fixture = (name: string) => readRuleFixture('iam-user-unused-credentials', name);
const defaults = rule.parameters.parse({});

describe('iam-user-unused-credentials', () => {
  it('defaults to IAM.22’s 45 days and notifies', () => {
    expect(defaults).toEqual({ maxUnusedDays: 45 });
    expect(rule.defaultMode).toBe('notify');
  });

  it('credentials used recently, or created recently and not yet used, are compliant', () => {
    expect(rule.evaluate(fixture('compliant'), defaults).status).toBe('COMPLIANT');
    expect(rule.evaluate(fixture('compliant-new-key-never-used'), defaults).status).toBe('COMPLIANT');
  });

  it('an unused console password and a never used old key are non-compliant', () => {
    expect(rule.evaluate(fixture('non-compliant'), defaults)).toMatchObject({
      status: 'NON_COMPLIANT',
      message:
        'IAM user j.fischer keeps credentials unused for 45 days or more: console password (unused for 173 days)',
    });
    expect(rule.evaluate(fixture('non-compliant-never-used'), defaults).message).toBe(
      'IAM user test-integration keeps credentials unused for 45 days or more: access key AKIAT2K4Q7XNTESTIN01 (never used, created 223 days ago)',
    );
    expect(rule.evaluate(fixture('non-compliant'), { maxUnusedDays: 180 }).status).toBe('COMPLIANT');
  });

  it('no credentials is not applicable; a Config item is an error', () => {
    expect(rule.evaluate(fixture('not-applicable-no-credentials'), defaults).status).toBe('NOT_APPLICABLE');
    expect(() => rule.evaluate(fixture('error-config-item'), defaults)).toThrow(UnknownPropertyError);
  });
});
