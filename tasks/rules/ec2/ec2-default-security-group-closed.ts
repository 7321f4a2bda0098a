/**
 * ec2-default-security-group-closed: a VPC's default security group (the one named `default`) has no
 * inbound and no outbound rule, so nothing launched without a group of its own can talk to anything.
 * Notify only: revoking the rules cuts off whatever still relies on the default group.
 *
 * Reads what AWS Config records for AWS::EC2::SecurityGroup (awslabs/aws-config-resource-schema):
 * `configuration.{groupName, vpcId, ipPermissions[], ipPermissionsEgress[]}`; a rule's protocol and
 * ports are described as `./ingress-permissions.ts` describes them.
 */
import { z } from 'zod';
import { isGone } from '../../shared/ci';
import { UnknownPropertyError } from '../../shared/errors';
import type { ConfigurationItem, Evaluation } from '../../shared/model';
import { isRecord, numberOf, stringOf } from '../ci-values';
import { defineRule } from '../rule';
import { portText } from './ingress-permissions';

const parameters = z.object({}).strict();

/** The recorded rules at `key`, each described by protocol and ports (`tcp/22`, `all traffic (protocol -1)`). */
function rulesAt(ci: ConfigurationItem, key: 'ipPermissions' | 'ipPermissionsEgress'): string[] {
  const recorded = ci.configuration[key];
  if (!Array.isArray(recorded)) throw new UnknownPropertyError(key, 'not recorded in the configuration item');
  return recorded.filter(isRecord).map((p) => {
    const [fromPort, toPort] = [numberOf(p.fromPort), numberOf(p.toPort)];
    const ports = { ...(fromPort === undefined ? {} : { fromPort }), ...(toPort === undefined ? {} : { toPort }) };
    return portText({ protocol: String(p.ipProtocol ?? '-1'), ...ports });
  });
}

function evaluate(ci: ConfigurationItem): Evaluation {
  if (isGone(ci))
    return { status: 'NOT_APPLICABLE', message: `Security group ${ci.resourceId} no longer exists (${ci.status})` };
  const name = stringOf(ci.configuration.groupName) ?? ci.resourceName;
  if (name === undefined) throw new UnknownPropertyError('groupName', 'not recorded in the configuration item');
  if (name !== 'default') {
    return { status: 'NOT_APPLICABLE', message: `Security group ${ci.resourceId} (${name}) is not a default group` };
  }
  const inbound = rulesAt(ci, 'ipPermissions');
  const outbound = rulesAt(ci, 'ipPermissionsEgress');
  const label = `Default security group ${ci.resourceId} of ${stringOf(ci.configuration.vpcId) ?? 'its VPC'}`;
  const evidence = { inbound, outbound };
  if (inbound.length + outbound.length === 0) {
    return { status: 'COMPLIANT', message: `${label} has no inbound or outbound rules`, evidence };
  }
  const listed = [...inbound.map((r) => `inbound ${r}`), ...outbound.map((r) => `outbound ${r}`)];
  return {
    status: 'NON_COMPLIANT',
    message: `${label} allows traffic (${listed.join('; ')}); give the workloads groups of their own, then remove these rules`,
    evidence,
  };
}

const ec2DefaultSecurityGroupClosed = defineRule({
  id: 'ec2-default-security-group-closed',
  title: 'VPC default security groups allow no inbound or outbound traffic',
  severity: 'HIGH',
  controls: ['FSBP EC2.2', 'CIS 5.4'],
  rationale:
    'Every ENI launched without a security group of its own lands in the default group, whose stock rules let every member reach every other and anything reach out: an accidental launch is then open to lateral movement. Removing the rules breaks whatever still uses the group, so the rule notifies and the owner moves the workloads to their own groups first.',
  resourceTypes: ['AWS::EC2::SecurityGroup'],
  triggers: { configChange: true, sweep: true },
  defaultMode: 'notify',
  parameters,
  evaluate,
  iac: {
    cloudformation:
      'AWS::EC2::VPC DefaultSecurityGroup (rules added with AWS::EC2::SecurityGroupIngress / SecurityGroupEgress)',
    change:
      'remove every ingress and egress rule of the default group; attach groups of their own to the resources using it',
    cdk: 'new ec2.Vpc(this, …, { restrictDefaultSecurityGroup: true })',
    terraform: 'an aws_default_security_group for the VPC with no ingress and no egress blocks',
  },
});

export { ec2DefaultSecurityGroupClosed };
