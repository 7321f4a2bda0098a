import { describe, expect, it } from 'vitest';
import { iamUserNoDirectPolicies as rule } from '../../../../tasks/rules/iam/iam-user-no-direct-policies';
import { UnknownPropertyError } from '../../../../tasks/shared/errors';
import { readRuleFixture } from '../../../support/ci-builder';

const fixture = (name: string) => readRuleFixture('iam-user-no-direct-policies', name);
const params = rule.parameters.parse({});

describe('iam-user-no-direct-policies', () => {
  it('notifies and reacts to Config changes of users', () => {
    expect(rule.defaultMode).toBe('notify');
    expect(rule.triggers).toEqual({ configChange: true, sweep: true });
  });

  it('a user whose permissions come from groups only is compliant (a Config item suffices)', () => {
    expect(rule.evaluate(fixture('compliant'), params)).toMatchObject({
      status: 'COMPLIANT',
      message: 'IAM user maria.silva has no policies of its own (permissions come from groups)',
    });
  });

  it('inline and attached policies are both named', () => {
    expect(rule.evaluate(fixture('non-compliant'), params)).toEqual({
      status: 'NON_COMPLIANT',
      message:
        'IAM user etl-runner has policies of its own (inline s3-raw-bucket-access; attached arn:aws:iam::aws:policy/AmazonAthenaFullAccess, arn:aws:iam::222222222222:policy/etl-glue-jobs): grant them through a group',
      evidence: {
        inlinePolicies: ['s3-raw-bucket-access'],
        attachedManagedPolicies: [
          'arn:aws:iam::aws:policy/AmazonAthenaFullAccess',
          'arn:aws:iam::222222222222:policy/etl-glue-jobs',
        ],
      },
    });
    expect(rule.evaluate(fixture('non-compliant-managed-only'), params).status).toBe('NON_COMPLIANT');
  });

  it('a deleted user is not applicable; unrecorded or denied lists are errors', () => {
    expect(rule.evaluate(fixture('not-applicable-deleted'), params).status).toBe('NOT_APPLICABLE');
    expect(() => rule.evaluate(fixture('error-not-recorded'), params)).toThrow(UnknownPropertyError);
    expect(() => rule.evaluate(fixture('error-access-denied'), params)).toThrow(
      /attachedManagedPolicies.*AccessDenied/,
    );
  });
});
