/**
 * vpc-subnet-ip-exhaustion: a subnet keeps at least `minFreeRatio` of its usable IPv4 addresses free.
 * AWS reserves five addresses in every subnet (network, VPC router, DNS, future use, broadcast), so a
 * /24 has 2^8 - 5 = 251 usable addresses. Notify only: a subnet's CIDR cannot be changed.
 *
 * IPv6-only subnets (no IPv4 CIDR) are NOT_APPLICABLE: `availableIpAddressCount` counts IPv4 only,
 * and a /64 cannot run out in practice.
 *
 * Reads what AWS Config records for AWS::EC2::Subnet (`configuration.{cidrBlock,
 * availableIpAddressCount, ipv6CidrBlockAssociationSet, ipv6Native}`, awslabs/aws-config-resource-schema).
 *
 * Length: audit-only, over 80 lines: the usable-address arithmetic and the IPv6-only case are explained
 * and checked here.
 */
import { z } from 'zod';
import { isGone } from '../../shared/ci';
import { InvalidInputError, UnknownPropertyError } from '../../shared/errors';
import type { ConfigurationItem, Evaluation } from '../../shared/model';
import { booleanOf, listOf, numberOf, stringOf } from '../ci-values';
import { defineRule } from '../rule';

/** Addresses AWS reserves in every subnet: the first four and the last one. */
const RESERVED_ADDRESSES = 5;

const parameters = z
  .object({
    /** Minimum share of usable IPv4 addresses that must stay free (0–1). @default 0.1 */
    minFreeRatio: z.number().min(0).max(1).default(0.1),
  })
  .strict();

type VpcSubnetIpExhaustionParams = z.infer<typeof parameters>;

/** Usable IPv4 addresses of a CIDR block: 2^(32 - prefix) - 5. */
function usableAddresses(cidrBlock: string): number {
  const match = /^(\d{1,3}(?:\.\d{1,3}){3})\/(\d{1,2})$/.exec(cidrBlock.trim());
  const prefix = match === null ? Number.NaN : Number(match[2]);
  if (!Number.isInteger(prefix) || prefix > 32) {
    throw new InvalidInputError(`"${cidrBlock}" is not an IPv4 CIDR block`);
  }
  const usable = 2 ** (32 - prefix) - RESERVED_ADDRESSES;
  if (usable <= 0) throw new InvalidInputError(`${cidrBlock} is smaller than a subnet can be (AWS allows /16 to /28)`);
  return usable;
}

function percent(ratio: number): string {
  return `${(Math.floor(ratio * 1000) / 10).toFixed(1)}%`;
}

function evaluate(ci: ConfigurationItem, params: VpcSubnetIpExhaustionParams): Evaluation {
  if (isGone(ci)) {
    return {
      status: 'NOT_APPLICABLE',
      message: `Subnet ${ci.resourceId} no longer exists or is not recorded (${ci.status})`,
    };
  }
  const cidrBlock = stringOf(ci.configuration.cidrBlock);
  if (cidrBlock === undefined) {
    const ipv6Only =
      booleanOf(ci.configuration.ipv6Native) === true ||
      listOf(ci.configuration.ipv6CidrBlockAssociationSet).length > 0;
    if (ipv6Only) {
      return {
        status: 'NOT_APPLICABLE',
        message: `Subnet ${ci.resourceId} is IPv6-only: it has no IPv4 addresses to run out of`,
      };
    }
    throw new UnknownPropertyError('cidrBlock', 'not recorded in the configuration item');
  }
  const available = numberOf(ci.configuration.availableIpAddressCount);
  if (available === undefined) {
    throw new UnknownPropertyError('availableIpAddressCount', 'not recorded in the configuration item');
  }
  const usable = usableAddresses(cidrBlock);
  const freeRatio = available / usable;
  const evidence = {
    cidrBlock,
    usableAddresses: usable,
    availableIpAddressCount: available,
    freeRatio,
    minFreeRatio: params.minFreeRatio,
  };
  const text = `Subnet ${ci.resourceId} (${cidrBlock}) has ${available} of ${usable} usable IPv4 addresses free (${percent(freeRatio)})`;
  if (freeRatio < params.minFreeRatio) {
    return {
      status: 'NON_COMPLIANT',
      message: `${text}, below the ${percent(params.minFreeRatio)} threshold`,
      evidence,
    };
  }
  return {
    status: 'COMPLIANT',
    message: `${text}, at or above the ${percent(params.minFreeRatio)} threshold`,
    evidence,
  };
}

const vpcSubnetIpExhaustion = defineRule<VpcSubnetIpExhaustionParams>({
  id: 'vpc-subnet-ip-exhaustion',
  title: 'Subnets keep enough free IPv4 addresses',
  severity: 'MEDIUM',
  controls: [],
  controlsNote:
    'No FSBP or CIS control: running out of addresses is an availability risk, not a benchmark control (seed scenario 6).',
  rationale:
    'A subnet without free addresses makes new instances, Lambda functions in the VPC and load balancer scaling fail, usually during a scale-out when it hurts most. Only a network owner can add a CIDR or move workloads, so it notifies.',
  resourceTypes: ['AWS::EC2::Subnet'],
  triggers: { configChange: true, sweep: true },
  defaultMode: 'notify',
  parameters,
  evaluate,
  iac: {
    cloudformation: 'CidrBlock',
    change: (ci) =>
      `a subnet's CIDR block cannot be changed: add a subnet with a larger block (adding a secondary VPC CIDR if needed) and move workloads off ${stringOf(ci.configuration.cidrBlock) ?? 'this subnet'}`,
    cdk: 'raise cidrMask in subnetConfiguration (replaces the subnets), or add a subnet',
    terraform:
      'add an aws_subnet with a larger cidr_block (aws_vpc_ipv4_cidr_block_association for a secondary VPC range)',
  },
});

export { usableAddresses, type VpcSubnetIpExhaustionParams, vpcSubnetIpExhaustion };
