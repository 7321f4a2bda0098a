/**
 * ec2-security-group-unused: a security group is used by at least one network interface of its
 * region (informational). Instances, Lambda functions in a VPC, RDS instances, load balancers and VPC
 * endpoints all reach the network through an ENI carrying their groups, so a group on no ENI protects
 * nothing; it is clutter that someone may later attach without reading its rules. Notify only: an
 * unused group may be kept for a launch template or a stack about to use it, and deleting one is not
 * Warden's call.
 *
 * Reads the group (AWS::EC2::SecurityGroup `configuration.{groupName, groupId, vpcId, ownerId}`) and,
 * through the evaluation context, the region's AWS::EC2::NetworkInterface items
 * (`configuration.groups[].groupId`, awslabs/aws-config-resource-schema), as AWS Config's
 * ec2-security-group-attached-to-eni-periodic rule does. A group referenced by another group's rule but
 * on no ENI counts as unused, as there: the reference lets nothing through while no ENI is in it.
 * NOT_APPLICABLE: default groups (they cannot be deleted) and groups of another owner.
 */
import { z } from 'zod';
import { isGone } from '../../shared/ci';
import { UnknownPropertyError } from '../../shared/errors';
import type { ConfigurationItem, Evaluation } from '../../shared/model';
import { isRecord, listOf, stringOf } from '../ci-values';
import { defineRule, type EvaluationContext } from '../rule';

const ENI_TYPE = 'AWS::EC2::NetworkInterface';

/** ENIs named in the evidence of a used group (the count is always complete). */
const EVIDENCE_ENIS = 5;

const parameters = z.object({}).strict();

/** Whether the ENI item lists the group (its `groups`, or Config's relationship to it). */
function carries(eni: ConfigurationItem, groupId: string): boolean {
  const groups = listOf(eni.configuration.groups).filter(isRecord);
  if (groups.some((g) => stringOf(g.groupId) === groupId)) return true;
  return eni.relationships.some((r) => r.resourceType === 'AWS::EC2::SecurityGroup' && r.resourceId === groupId);
}

function evaluate(ci: ConfigurationItem, _params: unknown, context?: EvaluationContext): Evaluation {
  if (isGone(ci))
    return { status: 'NOT_APPLICABLE', message: `Security group ${ci.resourceId} no longer exists (${ci.status})` };
  const name = stringOf(ci.configuration.groupName) ?? ci.resourceName;
  if (name === undefined) throw new UnknownPropertyError('groupName', 'not recorded in the configuration item');
  const label = `Security group ${ci.resourceId} (${name})`;
  if (name === 'default') {
    return { status: 'NOT_APPLICABLE', message: `${label} is its VPC's default group, which cannot be deleted` };
  }
  const owner = stringOf(ci.configuration.ownerId);
  if (owner !== undefined && owner !== ci.accountId) {
    return { status: 'NOT_APPLICABLE', message: `${label} is owned by account ${owner}, not ${ci.accountId}` };
  }
  if (context === undefined) {
    throw new UnknownPropertyError(ENI_TYPE, 'no evaluation context: the region’s network interfaces were not read');
  }
  const enis = context
    .related(ENI_TYPE)
    .filter((eni) => !isGone(eni) && carries(eni, ci.resourceId))
    .map((eni) => eni.resourceId);
  const vpc = stringOf(ci.configuration.vpcId);
  const evidence = { networkInterfaceCount: enis.length, networkInterfaces: enis.slice(0, EVIDENCE_ENIS) };
  if (enis.length > 0) {
    return {
      status: 'COMPLIANT',
      message: `${label} is used by ${enis.length} network interface(s): ${enis.slice(0, EVIDENCE_ENIS).join(', ')}${enis.length > EVIDENCE_ENIS ? ', …' : ''}`,
      evidence,
    };
  }
  return {
    status: 'NON_COMPLIANT',
    message: `${label}${vpc === undefined ? '' : ` in ${vpc}`} is attached to no network interface; delete it if no launch template or stack still needs it (remove other groups' references to it first)`,
    evidence,
  };
}

const ec2SecurityGroupUnused = defineRule({
  id: 'ec2-security-group-unused',
  title: 'Security groups are in use (informational)',
  severity: 'LOW',
  controls: [],
  controlsNote:
    'No current FSBP or CIS control: EC2.22 (unused security groups, AWS Config ec2-security-group-attached-to-eni-periodic) was removed from the FSBP standard on 2023-09-20 and remains only in the AWS Control Tower standard. This rule checks what EC2.22 checked.',
  rationale:
    'A group attached to nothing protects nothing, but it stays attachable: months later someone picks it for a new instance because its name looks right, and inherits rules nobody has reviewed since. Unused groups may still be meant for a launch template or a stack being deployed, and deleting them is the owner’s call, so the rule only notifies.',
  resourceTypes: ['AWS::EC2::SecurityGroup'],
  relatedTypes: [ENI_TYPE],
  triggers: { configChange: true, sweep: true },
  defaultMode: 'notify',
  parameters,
  evaluate,
  iac: {
    cloudformation: 'AWS::EC2::SecurityGroup',
    change: 'delete the group from its template (or attach it where it was meant to be used)',
    cdk: 'remove the ec2.SecurityGroup construct, or add it to the resource meant to use it',
    terraform: 'remove the aws_security_group resource, or reference it from the resource meant to use it',
  },
});

export { ec2SecurityGroupUnused };
