import { describe, expect, it } from 'vitest';
import { s3BucketSslOnly as rule } from '../../../../tasks/rules/s3/s3-bucket-ssl-only';
import { UnknownPropertyError } from '../../../../tasks/shared/errors';
import { readRuleFixture } from '../../../support/ci-builder';

const RULE_ID = 's3-bucket-ssl-only';
const fixture = (name: string) => readRuleFixture(RULE_ID, name);
const defaults = rule.parameters.parse({});
const BUCKET = 'mborch-test-bucket-config-item';
const NO_DENY = `Bucket ${BUCKET}'s policy has no statement denying s3:* on the bucket and its objects to everyone when aws:SecureTransport is false`;

describe('s3-bucket-ssl-only: definition', () => {
  it('implements FSBP S3.5 and CIS 2.1.1, notifies, has no remediation', () => {
    expect(rule.controls).toEqual(['FSBP S3.5', 'CIS 2.1.1']);
    expect(rule.defaultMode).toBe('notify');
    expect(rule.remediation).toBeUndefined();
    expect(rule.permissions.read).toContain('s3:GetBucketPolicy');
  });
});

describe('s3-bucket-ssl-only: evaluate', () => {
  it('a Deny of s3:* on the bucket and its objects when aws:SecureTransport is false is compliant', () => {
    expect(rule.evaluate(fixture('compliant'), defaults)).toEqual({
      status: 'COMPLIANT',
      message: `Bucket ${BUCKET} denies requests without TLS (statement DenyInsecureTransport)`,
      evidence: { sslDenyStatement: 'DenyInsecureTransport' },
    });
    // "*" on "*", BoolIfExists, a JSON boolean, {"AWS": "*"}.
    expect(rule.evaluate(fixture('compliant-any-action-any-resource-boolean'), defaults).status).toBe('COMPLIANT');
  });

  it('no policy at all is non-compliant', () => {
    expect(rule.evaluate(fixture('non-compliant-no-policy'), defaults)).toEqual({
      status: 'NON_COMPLIANT',
      message: `Bucket ${BUCKET} has no bucket policy, so it accepts plain-HTTP requests`,
      evidence: { policy: null },
    });
  });

  it.each([
    // The AWS sample CI: the deny names the bucket ARN only, so object requests over HTTP stay allowed.
    ['non-compliant-bucket-arn-only'],
    ['non-compliant-get-object-only'],
    ['non-compliant-denies-secure-transport-true'],
  ])('%s: a deny that does not close HTTP is non-compliant', (name) => {
    expect(rule.evaluate(fixture(name), defaults)).toMatchObject({ status: 'NON_COMPLIANT', message: NO_DENY });
  });

  it('a deleted bucket is not applicable; a denied or unreadable policy is an error', () => {
    expect(rule.evaluate(fixture('not-applicable-deleted'), defaults).status).toBe('NOT_APPLICABLE');
    expect(() => rule.evaluate(fixture('error-policy-access-denied'), defaults)).toThrow(
      new UnknownPropertyError('BucketPolicy', 'AccessDenied'),
    );
    expect(() => rule.evaluate(fixture('error-policy-not-json'), defaults)).toThrow(/not an IAM policy document/);
  });

  it('iacHint gives the statement to add and the CDK switch', () => {
    expect(rule.iacHint(fixture('non-compliant-no-policy'), defaults)).toMatchObject({ cdk: 'enforceSSL: true' });
  });
});
