/**
 * ec2-instance-no-public-ip: an instance has no public IPv4 address (an auto-assigned one or an
 * Elastic IP on its primary interface). Notify only: an address cannot be taken from a running
 * instance without changing how it is reached (release the Elastic IP, or relaunch in a subnet that
 * does not map public addresses).
 *
 * Reads what AWS Config records for AWS::EC2::Instance (awslabs/aws-config-resource-schema):
 * `configuration.{publicIpAddress, publicDnsName, state.name}`. DescribeInstances leaves
 * `PublicIpAddress` out when there is none, so an absent (or null) address means "none".
 */
import { z } from 'zod';
import { isGone } from '../../shared/ci';
import type { ConfigurationItem, Evaluation } from '../../shared/model';
import { stateOf, stringOf } from '../ci-values';
import { defineRule } from '../rule';

const GONE_STATES = new Set(['shutting-down', 'terminated']);

const parameters = z.object({}).strict();

function evaluate(ci: ConfigurationItem): Evaluation {
  const state = stateOf(ci.configuration.state);
  if (isGone(ci) || (state !== undefined && GONE_STATES.has(state))) {
    return { status: 'NOT_APPLICABLE', message: `Instance ${ci.resourceId} is gone or going (${state ?? ci.status})` };
  }
  const publicIpAddress = stringOf(ci.configuration.publicIpAddress) ?? null;
  const evidence = {
    publicIpAddress,
    publicDnsName: stringOf(ci.configuration.publicDnsName) ?? null,
    state: state ?? null,
  };
  if (publicIpAddress === null) {
    return { status: 'COMPLIANT', message: `Instance ${ci.resourceId} has no public IPv4 address`, evidence };
  }
  return {
    status: 'NON_COMPLIANT',
    message: `Instance ${ci.resourceId} has the public IPv4 address ${publicIpAddress}; reach it through a load balancer, NAT or Session Manager and release the address (or relaunch without one)`,
    evidence,
  };
}

const ec2InstanceNoPublicIp = defineRule({
  id: 'ec2-instance-no-public-ip',
  title: 'EC2 instances have no public IPv4 address',
  severity: 'HIGH',
  controls: ['FSBP EC2.9'],
  rationale:
    'An instance with a public IPv4 address is reachable from the internet as soon as a security group or network ACL allows it, and is scanned constantly. Taking the address away changes how clients and the instance itself reach the outside, so the rule notifies and the owner moves access behind a load balancer, NAT gateway or Session Manager.',
  resourceTypes: ['AWS::EC2::Instance'],
  triggers: { configChange: true, sweep: true },
  defaultMode: 'notify',
  parameters,
  evaluate,
  iac: {
    cloudformation: 'NetworkInterfaces[].AssociatePublicIpAddress',
    change:
      'set AssociatePublicIpAddress: false (or launch in a subnet without MapPublicIpOnLaunch) and drop any AWS::EC2::EIPAssociation',
    cdk: 'new ec2.Instance(this, …, { associatePublicIpAddress: false, vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS } })',
    terraform: 'associate_public_ip_address = false on aws_instance (and no aws_eip for it)',
  },
});

export { ec2InstanceNoPublicIp };
