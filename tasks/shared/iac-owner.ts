/**
 * Who owns a resource's infrastructure-as-code, read from the tags the IaC tools put on it
 * (DESIGN §4.4). CloudFormation (and so CDK) tags every resource it creates with the stack name
 * and logical id; Terraform has no automatic tags, so Warden reads the `default_tags` convention
 * documented in the README. (CDK stacks are CloudFormation stacks: the construct path lives in the
 * template's `aws:cdk:path` metadata, not in a tag, so it is looked up from the stack, not here.)
 * And where in that IaC the fix belongs: each rule declares it as a table (`IacTable`), rendered here.
 */
import type { ConfigurationItem, IacHint } from './model';

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

/** A hint's text: fixed, or made from the item and the rule's parameters. */
type IacText<P> = string | ((ci: ConfigurationItem, params: P) => string);

/**
 * Where a rule's fix belongs in infrastructure-as-code, per tool, as data: the CloudFormation
 * property path and the change to make there, and the CDK and Terraform equivalents.
 */
interface IacTable<P> {
  readonly cloudformation: IacText<P>;
  readonly change: IacText<P>;
  readonly cdk?: IacText<P>;
  readonly terraform?: IacText<P>;
}

type IacPlace = Omit<IacHint, 'tool' | 'stack' | 'logicalId'>;

/** The hint a rule's table gives for one item: `propertyPath` and `suggestedChange`, then `cdk` and `terraform`. */
function renderIacHint<P>(table: IacTable<P>, ci: ConfigurationItem, params: P): IacPlace {
  const text = (value: IacText<P>) => (typeof value === 'string' ? value : value(ci, params));
  return {
    propertyPath: text(table.cloudformation),
    suggestedChange: text(table.change),
    ...(table.cdk === undefined ? {} : { cdk: text(table.cdk) }),
    ...(table.terraform === undefined ? {} : { terraform: text(table.terraform) }),
  };
}

export type { IacOwner, IacPlace, IacTable, IacText };
export { renderIacHint, resolveIacOwner };
