import { describe, expect, it } from 'vitest';
import { cloudtrailEncrypted as rule } from '../../../../tasks/rules/cloudtrail/cloudtrail-encrypted';
import { readRuleFixture } from '../../../support/ci-builder';

const RULE_ID = 'cloudtrail-encrypted';
const fixture = (name: string) => readRuleFixture(RULE_ID, name);
const defaults = rule.parameters.parse({});

describe('cloudtrail-encrypted', () => {
  it('notifies, reacts to Config changes of trails, no remediation', () => {
    expect(rule.defaultMode).toBe('notify');
    expect(rule.remediation).toBeUndefined();
    expect(rule.triggers).toEqual({ configChange: true, sweep: true });
    expect(rule.controls).toEqual(['FSBP CloudTrail.2', 'CIS 3.5']);
  });

  it('a KMS key is compliant; none is not', () => {
    expect(rule.evaluate(fixture('compliant'), defaults)).toEqual({
      status: 'COMPLIANT',
      message:
        'Trail skunk-trails encrypts its log files with KMS key arn:aws:kms:us-east-1:644160558196:key/36812ccf-daaf-49b1-a24b-0eef254ffe41',
      evidence: { kmsKeyId: 'arn:aws:kms:us-east-1:644160558196:key/36812ccf-daaf-49b1-a24b-0eef254ffe41' },
    });
    expect(rule.evaluate(fixture('non-compliant'), defaults)).toEqual({
      status: 'NON_COMPLIANT',
      message:
        "Trail S3-DataEvents does not encrypt its log files with a KMS key (only the bucket's default encryption): set a KMS key whose policy lets CloudTrail encrypt and the log readers decrypt",
      evidence: { kmsKeyId: null },
    });
  });

  it('a null or empty kmsKeyId (as Config records an unset one) is unencrypted', () => {
    const ci = fixture('compliant');
    for (const kmsKeyId of [null, '']) {
      expect(rule.evaluate({ ...ci, configuration: { ...ci.configuration, kmsKeyId } }, defaults).status).toBe(
        'NON_COMPLIANT',
      );
    }
  });

  it('deleted trails and copies outside the home region are not applicable', () => {
    expect(rule.evaluate(fixture('not-applicable-deleted'), defaults).status).toBe('NOT_APPLICABLE');
    expect(rule.evaluate(fixture('not-applicable-other-region'), defaults).message).toBe(
      'Trail skunk-trails is judged in its home region us-east-1, not in eu-west-1',
    );
  });

  it('iacHint points at KMSKeyId', () => {
    expect(rule.iacHint(fixture('non-compliant'), defaults).propertyPath).toBe('KMSKeyId');
  });
});
