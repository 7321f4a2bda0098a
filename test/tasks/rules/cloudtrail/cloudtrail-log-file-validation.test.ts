import { describe, expect, it } from 'vitest';
import { cloudtrailLogFileValidation as rule } from '../../../../tasks/rules/cloudtrail/cloudtrail-log-file-validation';
import { UnknownPropertyError } from '../../../../tasks/shared/errors';
import { readRuleFixture } from '../../../support/ci-builder';

const RULE_ID = 'cloudtrail-log-file-validation';
const fixture = (name: string) => readRuleFixture(RULE_ID, name);
const defaults = rule.parameters.parse({});

describe('cloudtrail-log-file-validation', () => {
  it('notifies, no remediation, CloudTrail.4 / CIS 3.2', () => {
    expect(rule.defaultMode).toBe('notify');
    expect(rule.remediation).toBeUndefined();
    expect(rule.controls).toEqual(['FSBP CloudTrail.4', 'CIS 3.2']);
  });

  it.each([
    ['compliant', 'COMPLIANT', 'Trail skunk-trails validates its log files (signed hourly digests)'],
    [
      'non-compliant',
      'NON_COMPLIANT',
      'Trail S3-DataEvents has log file validation off: a changed or deleted log file would go unnoticed',
    ],
    [
      'not-applicable-other-region',
      'NOT_APPLICABLE',
      'Trail skunk-trails is judged in its home region us-east-1, not in eu-west-1',
    ],
  ])('%s -> %s', (name, status, message) => {
    expect(rule.evaluate(fixture(name), defaults)).toMatchObject({ status, message });
  });

  it('"false" as a string (older Config items) is read as false', () => {
    const ci = fixture('compliant');
    const stringly = { ...ci, configuration: { ...ci.configuration, logFileValidationEnabled: 'false' } };
    expect(rule.evaluate(stringly, defaults).status).toBe('NON_COMPLIANT');
  });

  it('an unrecorded logFileValidationEnabled is an error', () => {
    expect(() => rule.evaluate(fixture('error-not-recorded'), defaults)).toThrow(UnknownPropertyError);
  });
});
