/**
 * iam-user-no-direct-policies: IAM users get their permissions through groups, with no inline policy
 * and no managed policy attached to the user itself (FSBP IAM.2, CIS 1.15). Notify only: detaching a
 * policy takes permissions away from whoever uses the user until a group grants them again.
 *
 * Reads `configuration.userPolicyList[].policyName` (inline policies) and
 * `configuration.attachedManagedPolicies[].policyArn` of AWS::IAM::User, as AWS Config records them
 * (awslabs/aws-config-resource-schema) and the live collector builds them.
 */
import { z } from 'zod';
import { isGone, requireKnown } from '../../shared/ci';
import { UnknownPropertyError } from '../../shared/errors';
import type { ConfigurationItem, Evaluation } from '../../shared/model';
import { isRecord, stringOf } from '../ci-values';
import { defineRule } from '../rule';
import { userNameOf } from './iam-item';

const parameters = z.object({}).strict();

type IamUserNoDirectPoliciesParams = z.infer<typeof parameters>;

/** The names (or ARNs) under `property`, a list Config always records (`[]` for none). */
function policyList(ci: ConfigurationItem, property: string, key: string): string[] {
  requireKnown(ci, property);
  const list = ci.configuration[property];
  if (!Array.isArray(list)) throw new UnknownPropertyError(property, 'not recorded in the configuration item');
  return list.filter(isRecord).map((p) => stringOf(p[key]) ?? stringOf(p.policyName) ?? '(unnamed)');
}

function evaluate(ci: ConfigurationItem): Evaluation {
  const name = userNameOf(ci);
  if (isGone(ci)) return { status: 'NOT_APPLICABLE', message: `IAM user ${name} no longer exists` };
  const inline = policyList(ci, 'userPolicyList', 'policyName');
  const managed = policyList(ci, 'attachedManagedPolicies', 'policyArn');
  const evidence = { inlinePolicies: inline, attachedManagedPolicies: managed };
  if (inline.length === 0 && managed.length === 0) {
    return {
      status: 'COMPLIANT',
      message: `IAM user ${name} has no policies of its own (permissions come from groups)`,
      evidence,
    };
  }
  const parts = [
    ...(inline.length === 0 ? [] : [`inline ${inline.join(', ')}`]),
    ...(managed.length === 0 ? [] : [`attached ${managed.join(', ')}`]),
  ];
  return {
    status: 'NON_COMPLIANT',
    message: `IAM user ${name} has policies of its own (${parts.join('; ')}): grant them through a group`,
    evidence,
  };
}

const iamUserNoDirectPolicies = defineRule<IamUserNoDirectPoliciesParams>({
  id: 'iam-user-no-direct-policies',
  title: 'IAM users get permissions only through groups',
  severity: 'LOW',
  controls: ['FSBP IAM.2', 'CIS 1.15'],
  rationale:
    'Policies attached to individual users are permissions nobody reviews with the rest: they outlive role changes and make least privilege hard to audit, where a group states one job once. Moving them into groups changes what the user may do in between, so the rule notifies.',
  resourceTypes: ['AWS::IAM::User'],
  triggers: { configChange: true, sweep: true },
  defaultMode: 'notify',
  parameters,
  evaluate,
  iac: {
    cloudformation: 'AWS::IAM::User Policies / ManagedPolicyArns',
    change: 'remove Policies and ManagedPolicyArns from the user and list the user in an AWS::IAM::Group that has them',
    cdk: 'group.addUser(user) with the policies on the iam.Group, none on the iam.User',
    terraform:
      'aws_iam_group_policy_attachment + aws_iam_user_group_membership instead of aws_iam_user_policy(_attachment)',
  },
});

export { type IamUserNoDirectPoliciesParams, iamUserNoDirectPolicies };
