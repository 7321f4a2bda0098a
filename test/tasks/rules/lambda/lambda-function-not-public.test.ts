import { describe, expect, it } from 'vitest';
import { lambdaFunctionNotPublic as rule } from '../../../../tasks/rules/lambda/lambda-function-not-public';
import type { ConfigurationItem } from '../../../../tasks/shared/model';
import { readRuleFixture } from '../../../support/ci-builder';
import { placeboResponse } from '../../../support/placebo';

const RULE_ID = 'lambda-function-not-public';
const fixture = (name: string) => readRuleFixture(RULE_ID, name);
const defaults = rule.parameters.parse({});
const ARN = 'arn:aws:lambda:us-west-2:644160558196:function:c7n-cross-check';

function withPolicy(statement: Record<string, unknown>): ConfigurationItem {
  const ci = fixture('compliant');
  return {
    ...ci,
    supplementaryConfiguration: {
      Policy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Resource: ARN, ...statement }] },
    },
  };
}

describe('lambda-function-not-public: definition', () => {
  it('implements Lambda.1, notifies, has no remediation and no parameters', () => {
    expect(rule.controls).toEqual(['FSBP Lambda.1']);
    expect(rule.defaultMode).toBe('notify');
    expect(rule.remediation).toBeUndefined();
    expect(rule.parameters.parse({})).toEqual({});
    expect(rule.parameters.safeParse({ allow: true }).success).toBe(false);
    expect(rule.permissions.read).toEqual([
      'lambda:ListFunctions',
      'lambda:GetPolicy',
      'lambda:GetFunctionConfiguration',
    ]);
  });
});

describe('lambda-function-not-public: evaluate', () => {
  it('the recorded "oops" policy (Principal "*", placebo test_cross_account_lambda) is public', () => {
    const recorded = placeboResponse('test_cross_account_lambda__lambda.GetPolicy_2.json');
    expect(recorded.ok && fixture('non-compliant').supplementaryConfiguration.Policy === recorded.output.Policy).toBe(
      true,
    );
    expect(rule.evaluate(fixture('non-compliant'), defaults)).toEqual({
      status: 'NON_COMPLIANT',
      message: "Function c7n-cross-check's policy is public: statement oops allows everyone",
      evidence: { publicStatements: ['oops'] },
    });
  });

  it('no policy (GetPolicy ResourceNotFoundException, placebo GetPolicy_1) is compliant', () => {
    const recorded = placeboResponse('test_cross_account_lambda__lambda.GetPolicy_1.json');
    expect(recorded.ok ? 'ok' : recorded.error.name).toBe('ResourceNotFoundException');
    expect(rule.evaluate(fixture('compliant'), defaults)).toEqual({
      status: 'COMPLIANT',
      message: 'Function c7n-cross-check has no resource-based policy',
      evidence: { publicStatements: [] },
    });
  });

  it.each([
    ['compliant-s3-source-account', 'COMPLIANT', "Function c7n-cross-check's policy grants no public access"],
    ['compliant-account-principal', 'COMPLIANT', "Function c7n-cross-check's policy grants no public access"],
    [
      'non-compliant-s3-without-source-account',
      'NON_COMPLIANT',
      "Function c7n-cross-check's policy is public: statement s3-invoke lets Amazon S3 invoke it without an AWS:SourceAccount condition",
    ],
    [
      'non-compliant-function-url-open',
      'NON_COMPLIANT',
      "Function c7n-cross-check's policy is public: statement FunctionURLAllowPublicAccess allows everyone",
    ],
    ['not-applicable-deleted', 'NOT_APPLICABLE', 'Function c7n-cross-check no longer exists (ResourceDeleted)'],
  ])('%s -> %s', (name, status, message) => {
    expect(rule.evaluate(fixture(name), defaults)).toMatchObject({ status, message });
  });

  it.each([
    ['{"AWS": "*"} without a condition', { Principal: { AWS: '*' }, Action: 'lambda:InvokeFunction' }, 'NON_COMPLIANT'],
    [
      '"*" pinned to a source account',
      {
        Principal: '*',
        Action: 'lambda:InvokeFunction',
        Condition: { StringEquals: { 'AWS:SourceAccount': '644160558196' } },
      },
      'COMPLIANT',
    ],
    [
      '"*" pinned to the organization',
      {
        Principal: '*',
        Action: 'lambda:InvokeFunction',
        Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc123' } },
      },
      'COMPLIANT',
    ],
    [
      'a function URL that requires IAM auth',
      {
        Principal: { AWS: 'arn:aws:iam::123456789012:root' },
        Action: 'lambda:InvokeFunctionUrl',
        Condition: { StringEquals: { 'lambda:FunctionUrlAuthType': 'AWS_IAM' } },
      },
      'COMPLIANT',
    ],
    ['a Deny to everyone', { Effect: 'Deny', Principal: '*', Action: 'lambda:InvokeFunction' }, 'COMPLIANT'],
    [
      'S3 with a negated source-account condition',
      {
        Principal: { Service: 's3.amazonaws.com' },
        Action: 'lambda:InvokeFunction',
        Condition: { StringNotEquals: { 'AWS:SourceAccount': '111111111111' } },
      },
      'NON_COMPLIANT',
    ],
    [
      'another service with only a source ARN',
      {
        Principal: { Service: 'events.amazonaws.com' },
        Action: 'lambda:InvokeFunction',
        Condition: { ArnLike: { 'AWS:SourceArn': 'arn:aws:events:us-west-2:644160558196:rule/nightly' } },
      },
      'COMPLIANT',
    ],
  ])('%s -> %s', (_what, statement, status) => {
    expect(rule.evaluate(withPolicy(statement), defaults).status).toBe(status);
  });

  it('an unreadable policy, or one that is not a policy document, is an error', () => {
    expect(() => rule.evaluate(fixture('error-access-denied'), defaults)).toThrow(
      'Policy could not be read (AccessDeniedException)',
    );
    const garbled = { ...fixture('compliant'), supplementaryConfiguration: { Policy: '{not json' } };
    expect(() => rule.evaluate(garbled, defaults)).toThrow('not an IAM policy document');
  });
});
