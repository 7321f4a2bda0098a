/**
 * iam-policy-no-full-admin: no customer managed policy allows every action on every resource
 * (`"Effect": "Allow", "Action": "*", "Resource": "*"` in its default version; FSBP IAM.1, CIS 1.16).
 * Notify only: narrowing a policy takes permissions away from every user, group and role it is
 * attached to.
 *
 * Reads `configuration.policyVersionList[]` of AWS::IAM::Policy (the default version's `document`,
 * URL-encoded as IAM returns it and Config records it; `parsePolicy` reads both) and
 * `permissionsBoundaryUsageCount`/`attachmentCount`. As Security Hub's IAM.1 parameter
 * `excludePermissionBoundaryPolicy` (default true), a policy used only as a permissions boundary is
 * NOT_APPLICABLE: a boundary caps permissions, it grants none. AWS managed policies are not
 * collected (AWS owns them; IAM.1 checks customer managed ones only).
 */
import { z } from 'zod';
import { isGone, requireKnown } from '../../shared/ci';
import { UnknownPropertyError } from '../../shared/errors';
import type { ConfigurationItem, Evaluation } from '../../shared/model';
import { booleanOf, isRecord, numberOf, stringOf } from '../ci-values';
import { PolicyDocumentError, type PolicyStatement, parsePolicy } from '../policy-document';
import { defineRule } from '../rule';

const parameters = z
  .object({
    /** Skip policies used only as permissions boundaries (IAM.1's excludePermissionBoundaryPolicy). @default true */
    excludePermissionBoundaryPolicy: z.boolean().default(true),
  })
  .strict();

type IamPolicyNoFullAdminParams = z.infer<typeof parameters>;

/** The default version's document: the version flagged default, else the one named by `defaultVersionId`. */
function defaultDocument(ci: ConfigurationItem): unknown {
  requireKnown(ci, 'policyVersionList');
  const versions = ci.configuration.policyVersionList;
  if (!Array.isArray(versions))
    throw new UnknownPropertyError('policyVersionList', 'not recorded in the configuration item');
  const defaultId = stringOf(ci.configuration.defaultVersionId);
  const version = versions
    .filter(isRecord)
    .find((v) => booleanOf(v.isDefaultVersion) === true || (defaultId !== undefined && v.versionId === defaultId));
  if (version?.document === undefined)
    throw new UnknownPropertyError('policyVersionList[].document', 'the default version’s document is not recorded');
  return version.document;
}

/**
 * `Allow` of every action, written `"*"` (or `"*:*"`), on `Resource` `"*"`: IAM.1's match. A `NotAction`
 * statement is not matched, as IAM.1 does not (it still excludes what it lists).
 */
function grantsFullAdmin(statement: PolicyStatement): boolean {
  return (
    statement.effect === 'Allow' &&
    !statement.notAction &&
    statement.actions.some((a) => a === '*' || a === '*:*') &&
    statement.resources.includes('*')
  );
}

function evaluate(ci: ConfigurationItem, params: IamPolicyNoFullAdminParams): Evaluation {
  const name = stringOf(ci.configuration.policyName) ?? ci.resourceName ?? ci.resourceId;
  if (isGone(ci)) return { status: 'NOT_APPLICABLE', message: `IAM policy ${name} no longer exists` };
  const boundaryUses = numberOf(ci.configuration.permissionsBoundaryUsageCount) ?? 0;
  const attachments = numberOf(ci.configuration.attachmentCount) ?? 0;
  if (params.excludePermissionBoundaryPolicy && boundaryUses > 0 && attachments === 0) {
    return {
      status: 'NOT_APPLICABLE',
      message: `IAM policy ${name} is used only as a permissions boundary (${boundaryUses} uses), which grants nothing`,
    };
  }
  let statements: PolicyStatement[];
  try {
    statements = parsePolicy(defaultDocument(ci));
  } catch (error) {
    if (error instanceof PolicyDocumentError)
      throw new UnknownPropertyError('policyVersionList[].document', error.message);
    throw error;
  }
  const admin = statements.filter(grantsFullAdmin).map((s, index) => s.sid ?? `statement ${index + 1}`);
  const evidence = { adminStatements: admin, attachmentCount: attachments };
  if (admin.length === 0) {
    return { status: 'COMPLIANT', message: `IAM policy ${name} does not allow "*" on "*"`, evidence };
  }
  return {
    status: 'NON_COMPLIANT',
    message: `IAM policy ${name} allows every action on every resource (${admin.join(', ')}; attached ${attachments} times)`,
    evidence,
  };
}

const iamPolicyNoFullAdmin = defineRule<IamPolicyNoFullAdminParams>({
  id: 'iam-policy-no-full-admin',
  title: 'Customer managed IAM policies do not grant full administrator access',
  severity: 'HIGH',
  controls: ['FSBP IAM.1', 'CIS 1.16'],
  rationale:
    'A customer managed policy allowing "*" on "*" makes every principal it is attached to an administrator, usually far beyond what the job needs, and a compromise of any of them is a compromise of the account. Narrowing it removes permissions its users may rely on today, so the rule notifies.',
  resourceTypes: ['AWS::IAM::Policy'],
  triggers: { configChange: true, sweep: true },
  defaultMode: 'notify',
  parameters,
  evaluate,
  iac: {
    cloudformation: 'AWS::IAM::ManagedPolicy PolicyDocument.Statement',
    change:
      'replace "Action": "*" with the actions the job needs (or attach the AWS managed AdministratorAccess only to a break-glass role)',
    cdk: 'iam.ManagedPolicy statements with explicit actions instead of "*"',
    terraform: 'aws_iam_policy policy: list the actions instead of "*"',
  },
});

export { type IamPolicyNoFullAdminParams, iamPolicyNoFullAdmin };
