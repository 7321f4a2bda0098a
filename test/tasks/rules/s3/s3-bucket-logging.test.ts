import { describe, expect, it } from 'vitest';
import { s3BucketLogging as rule } from '../../../../tasks/rules/s3/s3-bucket-logging';
import { UnknownPropertyError } from '../../../../tasks/shared/errors';
import { readRuleFixture } from '../../../support/ci-builder';

const RULE_ID = 's3-bucket-logging';
const fixture = (name: string) => readRuleFixture(RULE_ID, name);
const defaults = rule.parameters.parse({});
const BUCKET = 'mborch-test-bucket-config-item';

describe('s3-bucket-logging: definition', () => {
  it('implements FSBP S3.9, notifies, has no remediation', () => {
    expect(rule.controls).toEqual(['FSBP S3.9']);
    expect(rule.defaultMode).toBe('notify');
    expect(rule.remediation).toBeUndefined();
    expect(rule.permissions.read).toContain('s3:GetBucketLogging');
  });
});

describe('s3-bucket-logging: evaluate', () => {
  it('a destination bucket is compliant, named in the message', () => {
    expect(rule.evaluate(fixture('compliant'), defaults)).toEqual({
      status: 'COMPLIANT',
      message: `Bucket ${BUCKET} logs server access to mborch-access-logs/mborch-test-bucket-config-item/`,
      evidence: { destinationBucketName: 'mborch-access-logs', logFilePrefix: 'mborch-test-bucket-config-item/' },
    });
  });

  it('logging off — nulls (the AWS sample CI) or {} (an advanced-query row) — is non-compliant', () => {
    for (const name of ['non-compliant', 'non-compliant-empty-select-row']) {
      expect(rule.evaluate(fixture(name), defaults)).toEqual({
        status: 'NON_COMPLIANT',
        message: `Bucket ${BUCKET} has server access logging off`,
        evidence: { destinationBucketName: null, logFilePrefix: null },
      });
    }
  });

  it('a deleted bucket is not applicable; denied or unrecorded logging is an error', () => {
    expect(rule.evaluate(fixture('not-applicable-deleted'), defaults).status).toBe('NOT_APPLICABLE');
    expect(() => rule.evaluate(fixture('error-access-denied'), defaults)).toThrow(
      new UnknownPropertyError('BucketLoggingConfiguration', 'AccessDenied'),
    );
    expect(() => rule.evaluate(fixture('error-not-recorded'), defaults)).toThrow(UnknownPropertyError);
  });

  it('iacHint names LoggingConfiguration', () => {
    expect(rule.iacHint(fixture('non-compliant'), defaults)).toMatchObject({
      propertyPath: 'LoggingConfiguration.DestinationBucketName',
    });
  });
});
