import { describe, expect, it } from 'vitest';
import { s3AccountPublicAccessBlock as rule } from '../../../../tasks/rules/s3/s3-account-public-access-block';
import { UnknownPropertyError } from '../../../../tasks/shared/errors';
import { readRuleFixture } from '../../../support/ci-builder';

const RULE_ID = 's3-account-public-access-block';
const fixture = (name: string) => readRuleFixture(RULE_ID, name);
const defaults = rule.parameters.parse({});
const ALL = ['blockPublicAcls', 'ignorePublicAcls', 'blockPublicPolicy', 'restrictPublicBuckets'];

describe('s3-account-public-access-block: definition', () => {
  it('implements FSBP S3.1 and CIS 2.1.4 on the account-level item, notifies, has no remediation', () => {
    expect(rule.controls).toEqual(['FSBP S3.1', 'CIS 2.1.4']);
    expect(rule.resourceTypes).toEqual(['AWS::S3::AccountPublicAccessBlock']);
    expect(rule.defaultMode).toBe('notify');
    expect(rule.remediation).toBeUndefined();
    expect(rule.permissions.read).toEqual(['s3:GetAccountPublicAccessBlock']);
    expect(rule.triggers.cloudTrail?.[0]?.eventNames).toEqual([
      'PutAccountPublicAccessBlock',
      'DeleteAccountPublicAccessBlock',
    ]);
  });
});

describe('s3-account-public-access-block: evaluate', () => {
  it('all four on is compliant, also as the string booleans Config sometimes records', () => {
    expect(rule.evaluate(fixture('compliant'), defaults)).toEqual({
      status: 'COMPLIANT',
      message: 'Account 934654633380 blocks public access to S3 at account level (all four settings on)',
      evidence: Object.fromEntries(ALL.map((s) => [s, true])),
    });
    expect(rule.evaluate(fixture('compliant-string-booleans'), defaults).status).toBe('COMPLIANT');
  });

  it('off (not configured is recorded as all four false) and partial are non-compliant, naming what is off', () => {
    expect(rule.evaluate(fixture('non-compliant'), defaults).message).toBe(
      `Account 934654633380 does not block public access to S3 at account level: ${ALL.join(', ')} off`,
    );
    expect(rule.evaluate(fixture('non-compliant-partial'), defaults)).toMatchObject({
      status: 'NON_COMPLIANT',
      message:
        'Account 934654633380 does not block public access to S3 at account level: ignorePublicAcls, restrictPublicBuckets off',
    });
  });

  it('an unrecorded item is not applicable; a denied read is an error', () => {
    expect(rule.evaluate(fixture('not-applicable-deleted'), defaults).status).toBe('NOT_APPLICABLE');
    expect(() => rule.evaluate(fixture('error-access-denied'), defaults)).toThrow(
      new UnknownPropertyError('AccountPublicAccessBlock', 'AccessDenied'),
    );
  });
});
