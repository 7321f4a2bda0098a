import { describe, expect, it } from 'vitest';
import { iamPolicyNoFullAdmin as rule } from '../../../../tasks/rules/iam/iam-policy-no-full-admin';
import { UnknownPropertyError } from '../../../../tasks/shared/errors';
import { readRuleFixture } from '../../../support/ci-builder';

const fixture = (name: string) => readRuleFixture('iam-policy-no-full-admin', name);
const defaults = rule.parameters.parse({});

describe('iam-policy-no-full-admin', () => {
  it('excludes permissions boundaries by default (IAM.1) and notifies', () => {
    expect(defaults).toEqual({ excludePermissionBoundaryPolicy: true });
    expect(rule.defaultMode).toBe('notify');
    expect(rule.permissions.read).toEqual(['iam:ListPolicies', 'iam:GetPolicyVersion']);
  });

  it('the recorded URL-encoded "*" on "*" document is non-compliant, and so is "*:*"', () => {
    expect(rule.evaluate(fixture('non-compliant'), defaults)).toEqual({
      status: 'NON_COMPLIANT',
      message: 'IAM policy MyAdminPolicy allows every action on every resource (Everything; attached 2 times)',
      evidence: { adminStatements: ['Everything'], attachmentCount: 2 },
    });
    expect(rule.evaluate(fixture('non-compliant-star-colon-star'), defaults).status).toBe('NON_COMPLIANT');
  });

  it('scoped actions, a service wildcard and a Deny of "*" are not full admin', () => {
    expect(rule.evaluate(fixture('compliant'), defaults).status).toBe('COMPLIANT');
    expect(rule.evaluate(fixture('compliant-service-wildcard'), defaults).status).toBe('COMPLIANT');
  });

  it('a boundary-only policy is not applicable unless boundaries are included', () => {
    expect(rule.evaluate(fixture('not-applicable-boundary'), defaults).status).toBe('NOT_APPLICABLE');
    expect(rule.evaluate(fixture('not-applicable-boundary'), { excludePermissionBoundaryPolicy: false }).status).toBe(
      'NON_COMPLIANT',
    );
  });

  it('a default version without its document is an error', () => {
    expect(() => rule.evaluate(fixture('error-no-document'), defaults)).toThrow(UnknownPropertyError);
  });
});
