/**
 * vpc-subnet-no-auto-public-ip: a subnet does not give every network interface launched in it a
 * public IPv4 address (`MapPublicIpOnLaunch`). Notify only: turning it off changes what the next
 * launch in a public subnet gets, and workloads that expect an address (no NAT) lose their way out.
 *
 * Reads what AWS Config records for AWS::EC2::Subnet (awslabs/aws-config-resource-schema):
 * `configuration.{mapPublicIpOnLaunch, cidrBlock, vpcId}`.
 */
import { z } from 'zod';
import { isGone } from '../../shared/ci';
import { UnknownPropertyError } from '../../shared/errors';
import type { ConfigurationItem, Evaluation } from '../../shared/model';
import { booleanOf, stringOf } from '../ci-values';
import { defineRule } from '../rule';

const parameters = z.object({}).strict();

function evaluate(ci: ConfigurationItem): Evaluation {
  if (isGone(ci))
    return { status: 'NOT_APPLICABLE', message: `Subnet ${ci.resourceId} no longer exists (${ci.status})` };
  const mapPublicIpOnLaunch = booleanOf(ci.configuration.mapPublicIpOnLaunch);
  if (mapPublicIpOnLaunch === undefined) {
    throw new UnknownPropertyError('mapPublicIpOnLaunch', 'not recorded in the configuration item');
  }
  const label = `Subnet ${ci.resourceId} (${stringOf(ci.configuration.cidrBlock) ?? 'no IPv4 CIDR'} in ${stringOf(ci.configuration.vpcId) ?? 'its VPC'})`;
  const evidence = { mapPublicIpOnLaunch };
  return mapPublicIpOnLaunch
    ? {
        status: 'NON_COMPLIANT',
        message: `${label} assigns a public IPv4 address to every instance launched in it; turn MapPublicIpOnLaunch off and give only what must be public an Elastic IP or a load balancer`,
        evidence,
      }
    : { status: 'COMPLIANT', message: `${label} does not assign public IPv4 addresses on launch`, evidence };
}

const vpcSubnetNoAutoPublicIp = defineRule({
  id: 'vpc-subnet-no-auto-public-ip',
  title: 'Subnets do not assign public IPv4 addresses automatically',
  severity: 'MEDIUM',
  controls: ['FSBP EC2.15'],
  rationale:
    'A subnet that maps public IPv4 addresses on launch puts every instance started in it on the internet, whether its owner meant to or not; one security group mistake then exposes it. Turning the setting off changes what later launches get and can strand workloads that rely on the address for outbound traffic, so the rule notifies.',
  resourceTypes: ['AWS::EC2::Subnet'],
  triggers: { configChange: true, sweep: true },
  defaultMode: 'notify',
  parameters,
  evaluate,
  iac: {
    cloudformation: 'MapPublicIpOnLaunch',
    change: 'set MapPublicIpOnLaunch: false (assign Elastic IPs or use a load balancer for what must be reachable)',
    cdk: 'subnetConfiguration: [{ subnetType: ec2.SubnetType.PUBLIC, mapPublicIpOnLaunch: false, … }] on ec2.Vpc',
    terraform: 'map_public_ip_on_launch = false on aws_subnet',
  },
});

export { vpcSubnetNoAutoPublicIp };
