import { describe, expect, it } from 'vitest';
import { s3BucketNoPublicRead as rule } from '../../../../tasks/rules/s3/s3-bucket-no-public-read';
import { UnknownPropertyError } from '../../../../tasks/shared/errors';
import { fixtureContext, readRuleFixtureCase } from '../../../support/ci-builder';

const RULE_ID = 's3-bucket-no-public-read';
const defaults = rule.parameters.parse({});
const BUCKET = 'mborch-test-bucket-config-item';

function evaluateFixture(name: string) {
  const fixture = readRuleFixtureCase(RULE_ID, name);
  return rule.evaluate(fixture.ci, defaults, fixtureContext(fixture));
}

describe('s3-bucket-no-public-read: definition', () => {
  it('implements FSBP S3.2, notifies, reads the account-level block, takes no parameters', () => {
    expect(rule.controls).toEqual(['FSBP S3.2']);
    expect(rule.defaultMode).toBe('notify');
    expect(rule.remediation).toBeUndefined();
    expect(rule.relatedTypes).toEqual(['AWS::S3::AccountPublicAccessBlock']);
    expect(rule.permissions.read).toEqual(
      expect.arrayContaining(['s3:GetBucketPolicy', 's3:GetBucketAcl', 's3:GetAccountPublicAccessBlock']),
    );
    expect(rule.parameters.safeParse({ allowWebsites: true }).success).toBe(false);
  });
});

describe('s3-bucket-no-public-read: evaluate', () => {
  it('the AWS sample CI (a Deny-only policy, the owner alone in the ACL) is not publicly readable', () => {
    expect(evaluateFixture('compliant')).toEqual({
      status: 'COMPLIANT',
      message: `Bucket ${BUCKET} is not publicly readable`,
      evidence: { publicVia: [] },
    });
  });

  it('nothing public needs no account-level lookup (the event path without context)', () => {
    expect(evaluateFixture('compliant-no-context-needed').status).toBe('COMPLIANT');
  });

  it.each([
    ['non-compliant-policy', 'statement PublicRead allows s3:GetObject'],
    ['non-compliant-acl-json-string', 'the ACL grants Read to AllUsers'],
    ['non-compliant-authenticated-users-full-control', 'the ACL grants FullControl to AuthenticatedUsers'],
  ])('%s: says how it is public', (name, detail) => {
    expect(evaluateFixture(name)).toMatchObject({
      status: 'NON_COMPLIANT',
      message: `Bucket ${BUCKET} is publicly readable: ${detail}`,
      evidence: { publicVia: [detail] },
    });
  });

  it('Block Public Access neutralises the path it covers, at bucket or account level, and only that path', () => {
    expect(evaluateFixture('compliant-public-policy-restricted-at-account-level')).toMatchObject({
      status: 'COMPLIANT',
      evidence: { restrictPublicBuckets: 'account' },
    });
    expect(evaluateFixture('compliant-public-acl-ignored-at-bucket-level')).toMatchObject({
      status: 'COMPLIANT',
      evidence: { ignorePublicAcls: 'bucket' },
    });
    // IgnorePublicAcls at account level does nothing for a public policy.
    expect(evaluateFixture('non-compliant-acl-ignored-only-at-account-policy-public')).toMatchObject({
      status: 'NON_COMPLIANT',
      evidence: { ignorePublicAcls: 'account', publicVia: ['statement PublicRead allows s3:GetObject'] },
    });
  });

  it('a condition pinning the organisation makes a "*" statement private; a write-only grant is not a read', () => {
    expect(evaluateFixture('compliant-policy-pinned-to-organization').status).toBe('COMPLIANT');
    expect(evaluateFixture('compliant-write-only-grant').status).toBe('COMPLIANT');
  });

  it('a deleted bucket is not applicable', () => {
    expect(evaluateFixture('not-applicable-deleted').status).toBe('NOT_APPLICABLE');
  });

  it('never guesses: a denied policy read, or a public policy without the account-level block to judge it, is an error', () => {
    expect(() => evaluateFixture('error-policy-access-denied')).toThrow(
      new UnknownPropertyError('BucketPolicy', 'AccessDenied'),
    );
    expect(() => evaluateFixture('error-account-level-unreadable')).toThrow(UnknownPropertyError);
    expect(() => evaluateFixture('error-account-level-unreadable')).toThrow(/restrictPublicBuckets/);
  });

  it('iacHint points at the policy and the ACL', () => {
    const { ci } = readRuleFixtureCase(RULE_ID, 'non-compliant-policy');
    expect(rule.iacHint(ci, defaults)).toMatchObject({
      propertyPath: 'AWS::S3::BucketPolicy PolicyDocument / AccessControl',
    });
  });
});
