/**
 * lambda-function-not-public: no Lambda function's resource-based policy lets anyone invoke it
 * (FSBP Lambda.1). Notify only: removing a permission can cut off a caller the owner meant to allow
 * (an S3 bucket, an API, another account), so the owner fixes the policy.
 *
 * Reads `supplementaryConfiguration.Policy`, the function policy as AWS Config records it on
 * AWS::Lambda::Function items (and as `GetPolicy` returns it; absent = no policy). A statement is
 * public when it allows everyone (`"*"`, `{"AWS": "*"}`) with no condition pinning the caller
 * (`isPublicStatement`, `../policy-document.ts`: `AWS:SourceAccount`, `AWS:SourceArn`,
 * `aws:PrincipalOrgID`, …), and, as Lambda.1 says, when it lets the S3 service invoke the function
 * without `AWS:SourceAccount` (bucket ARNs carry no account: any account's bucket could). A function
 * URL open with `lambda:FunctionUrlAuthType` `NONE` is public too: that condition selects the URL, it
 * does not restrict the caller.
 */
import { z } from 'zod';
import { isGone, requireKnown } from '../../shared/ci';
import { UnknownPropertyError } from '../../shared/errors';
import type { ConfigurationItem, Evaluation } from '../../shared/model';
import { isPublicStatement, PolicyDocumentError, type PolicyStatement, parsePolicy } from '../policy-document';
import { defineRule } from '../rule';

const parameters = z.object({}).strict();

type LambdaFunctionNotPublicParams = z.infer<typeof parameters>;

const URL_AUTH_TYPE = 'lambda:functionurlauthtype';
/** Condition keys that tie an S3 invocation to a bucket owner (Lambda.1: `AWS:SourceAccount`). */
const SOURCE_ACCOUNT_KEYS = new Set(['aws:sourceaccount', 'aws:sourceowner']);

/** The statement without its `lambda:FunctionUrlAuthType = NONE` condition (which restricts nobody). */
function withoutOpenUrlCondition(statement: PolicyStatement): PolicyStatement {
  const condition = Object.fromEntries(
    Object.entries(statement.condition).map(([operator, keys]) => [
      operator,
      Object.fromEntries(
        Object.entries(keys).filter(([key, value]) => !(key.toLowerCase() === URL_AUTH_TYPE && value === 'NONE')),
      ),
    ]),
  );
  return { ...statement, condition };
}

function s3WithoutSourceAccount(statement: PolicyStatement): boolean {
  if (statement.effect !== 'Allow' || statement.principals === '*') return false;
  if (!statement.principals.includes('s3.amazonaws.com')) return false;
  return !Object.entries(statement.condition).some(
    ([operator, keys]) =>
      !/^(StringNot|ArnNot)/.test(operator) &&
      Object.keys(keys).some((key) => SOURCE_ACCOUNT_KEYS.has(key.toLowerCase())),
  );
}

function problemOf(statement: PolicyStatement): string | undefined {
  if (isPublicStatement(withoutOpenUrlCondition(statement))) return 'allows everyone';
  if (s3WithoutSourceAccount(statement)) return 'lets Amazon S3 invoke it without an AWS:SourceAccount condition';
  return undefined;
}

function evaluate(ci: ConfigurationItem): Evaluation {
  if (isGone(ci))
    return { status: 'NOT_APPLICABLE', message: `Function ${ci.resourceId} no longer exists (${ci.status})` };
  requireKnown(ci, 'Policy');
  const policy = ci.supplementaryConfiguration.Policy;
  if (policy === undefined || policy === null) {
    return {
      status: 'COMPLIANT',
      message: `Function ${ci.resourceId} has no resource-based policy`,
      evidence: { publicStatements: [] },
    };
  }
  let statements: PolicyStatement[];
  try {
    statements = parsePolicy(policy);
  } catch (error) {
    if (error instanceof PolicyDocumentError) throw new UnknownPropertyError('Policy', error.message);
    throw error;
  }
  const found = statements
    .map((statement, index) => ({ sid: statement.sid ?? `#${index}`, problem: problemOf(statement) }))
    .filter((s): s is { sid: string; problem: string } => s.problem !== undefined);
  const evidence = { publicStatements: found.map((s) => s.sid) };
  if (found.length === 0) {
    return { status: 'COMPLIANT', message: `Function ${ci.resourceId}'s policy grants no public access`, evidence };
  }
  return {
    status: 'NON_COMPLIANT',
    message: `Function ${ci.resourceId}'s policy is public: ${found.map((s) => `statement ${s.sid} ${s.problem}`).join('; ')}`,
    evidence,
  };
}

const lambdaFunctionNotPublic = defineRule<LambdaFunctionNotPublicParams>({
  id: 'lambda-function-not-public',
  title: 'Lambda function policies do not allow public invocation',
  severity: 'CRITICAL',
  controls: ['FSBP Lambda.1'],
  rationale:
    'A function anyone can invoke runs attacker-chosen input with its execution role and bills its owner for every call. Removing the statement could break an integration the owner intended (an S3 notification, a partner account), so the rule notifies and names the statements to narrow.',
  resourceTypes: ['AWS::Lambda::Function'],
  triggers: {
    cloudTrail: [
      {
        source: 'aws.lambda',
        eventNames: ['AddPermission20150331v2', 'CreateFunction20150331', 'CreateFunctionUrlConfig20211031'],
      },
    ],
    configChange: true,
    sweep: true,
  },
  defaultMode: 'notify',
  parameters,
  evaluate,
  iac: {
    cloudformation: 'AWS::Lambda::Permission Principal / SourceAccount',
    change: 'name the calling account or service as Principal and add SourceAccount (and SourceArn) instead of "*"',
    cdk: "fn.addPermission('…', { principal: new iam.ServicePrincipal('…'), sourceAccount: '…', sourceArn: '…' })",
    terraform: 'principal = "<service or account>", source_account = "…" on aws_lambda_permission',
  },
});

export { type LambdaFunctionNotPublicParams, lambdaFunctionNotPublic };
