import { describe, expect, it } from 'vitest';
import { s3BucketNoPublicWrite as rule } from '../../../../tasks/rules/s3/s3-bucket-no-public-write';
import { UnknownPropertyError } from '../../../../tasks/shared/errors';
import { fixtureContext, readRuleFixtureCase } from '../../../support/ci-builder';

const RULE_ID = 's3-bucket-no-public-write';
const defaults = rule.parameters.parse({});
const BUCKET = 'mborch-test-bucket-config-item';

function evaluateFixture(name: string) {
  const fixture = readRuleFixtureCase(RULE_ID, name);
  return rule.evaluate(fixture.ci, defaults, fixtureContext(fixture));
}

describe('s3-bucket-no-public-write: definition', () => {
  it('implements FSBP S3.3, notifies, reads the account-level block', () => {
    expect(rule.controls).toEqual(['FSBP S3.3']);
    expect(rule.defaultMode).toBe('notify');
    expect(rule.remediation).toBeUndefined();
    expect(rule.relatedTypes).toEqual(['AWS::S3::AccountPublicAccessBlock']);
    expect(rule.parameters.parse({})).toEqual({});
  });
});

describe('s3-bucket-no-public-write: evaluate', () => {
  it('the AWS sample CI is not publicly writable; a publicly readable bucket is not writable either', () => {
    expect(evaluateFixture('compliant')).toEqual({
      status: 'COMPLIANT',
      message: `Bucket ${BUCKET} is not publicly writable`,
      evidence: { publicVia: [] },
    });
    expect(evaluateFixture('compliant-public-read-only').status).toBe('COMPLIANT');
  });

  it.each([
    ['non-compliant-acl-all-users-write', 'the ACL grants Write to AllUsers'],
    ['non-compliant-acl-write-acp', 'the ACL grants WriteAcp to AuthenticatedUsers'],
    ['non-compliant-policy-put-object', 'statement PublicUpload allows s3:PutObject, s3:PutObjectAcl'],
  ])('%s: says how it is writable', (name, detail) => {
    expect(evaluateFixture(name)).toMatchObject({
      status: 'NON_COMPLIANT',
      message: `Bucket ${BUCKET} is publicly writable: ${detail}`,
    });
  });

  it('RestrictPublicBuckets on the bucket neutralises a public upload policy', () => {
    expect(evaluateFixture('compliant-public-upload-restricted-at-bucket-level')).toMatchObject({
      status: 'COMPLIANT',
      evidence: { restrictPublicBuckets: 'bucket' },
    });
  });

  it('a deleted bucket is not applicable; a denied ACL read is an error', () => {
    expect(evaluateFixture('not-applicable-deleted').status).toBe('NOT_APPLICABLE');
    expect(() => evaluateFixture('error-acl-access-denied')).toThrow(
      new UnknownPropertyError('AccessControlList', 'AccessDenied'),
    );
  });
});
