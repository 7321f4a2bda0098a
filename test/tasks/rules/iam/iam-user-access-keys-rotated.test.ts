import { describe, expect, it } from 'vitest';
import { iamUserAccessKeysRotated as rule } from '../../../../tasks/rules/iam/iam-user-access-keys-rotated';
import { UnknownPropertyError } from '../../../../tasks/shared/errors';
import { readRuleFixture, readRuleFixtureCase } from '../../../support/ci-builder';

const RULE_ID = 'iam-user-access-keys-rotated';
const fixture = (name: string) => readRuleFixture(RULE_ID, name);
const defaults = rule.parameters.parse({});

describe('iam-user-access-keys-rotated', () => {
  it('defaults to IAM.3’s 90 days and notifies', () => {
    expect(defaults).toEqual({ maxAccessKeyAgeDays: 90 });
    expect(rule.defaultMode).toBe('notify');
    expect(rule.parameters.safeParse({ maxAccessKeyAgeDays: 0 }).success).toBe(false);
  });

  it('ages active keys from the capture time; inactive keys do not count', () => {
    expect(rule.evaluate(fixture('compliant'), defaults)).toEqual({
      status: 'COMPLIANT',
      message: "IAM user deploy-bot's active access keys are at most 90 days old",
      evidence: { activeAccessKeys: [{ accessKeyId: 'AKIAT2K4Q7XNDEPLOY01', ageDays: 47 }], maxAccessKeyAgeDays: 90 },
    });
    expect(rule.evaluate(fixture('non-compliant'), defaults).message).toBe(
      'IAM user etl-runner has active access keys older than 90 days: AKIAT2K4Q7XNETLRUN01 (302 days)',
    );
  });

  it('the maximum is a parameter', () => {
    const custom = readRuleFixtureCase(RULE_ID, 'compliant-custom-maximum');
    expect(rule.evaluate(custom.ci, rule.parameters.parse(custom.parameters)).status).toBe('COMPLIANT');
    expect(rule.evaluate(custom.ci, defaults).status).toBe('NON_COMPLIANT');
  });

  it('no active key is not applicable; a Config item (no access keys recorded) is an error saying so', () => {
    expect(rule.evaluate(fixture('not-applicable-no-active-keys'), defaults).status).toBe('NOT_APPLICABLE');
    expect(() => rule.evaluate(fixture('error-config-item'), defaults)).toThrow(UnknownPropertyError);
    expect(() => rule.evaluate(fixture('error-config-item'), defaults)).toThrow(/AWS Config does not record it/);
  });
});
