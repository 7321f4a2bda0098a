/**
 * Who owns a resource's infrastructure-as-code, read from the tags the IaC tools put on it
 * (DESIGN §4.4). CloudFormation (and so CDK) tags every resource it creates with the stack name
 * and logical id; Terraform has no automatic tags, so Warden reads the `default_tags` convention
 * documented in the README. (CDK stacks are CloudFormation stacks: the construct path lives in the
 * template's `aws:cdk:path` metadata, not in a tag, so it is looked up from the stack, not here.)
 */
import type { IacHint } from './model';

type IacOwner = Pick<IacHint, 'tool' | 'stack' | 'logicalId'>;

const CFN_STACK = 'aws:cloudformation:stack-name';
const CFN_LOGICAL_ID = 'aws:cloudformation:logical-id';
const TF_WORKSPACE = 'terraform:workspace';
const TF_STACK = 'terraform:stack';

function resolveIacOwner(tags: Readonly<Record<string, string>>): IacOwner {
  const stack = tags[CFN_STACK];
  if (stack !== undefined) {
    const logicalId = tags[CFN_LOGICAL_ID];
    return { tool: 'cloudformation', stack, ...(logicalId !== undefined ? { logicalId } : {}) };
  }
  const tfStack = tags[TF_STACK] ?? tags[TF_WORKSPACE];
  if (tfStack !== undefined) return { tool: 'terraform', stack: tfStack };
  return { tool: 'unknown' };
}

export type { IacOwner };
export { resolveIacOwner };
