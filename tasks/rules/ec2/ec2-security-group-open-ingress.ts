/**
 * ec2-security-group-open-ingress: no ingress permission lets the whole internet (an IPv4 or IPv6
 * range with prefix length 0) reach a port outside `allowedPublicPorts`; all traffic (protocol `-1`)
 * open to the world is never allowed. Remediation: RevokeSecurityGroupIngress of exactly the
 * offending world ranges; other ranges of the same permission, peer groups and prefix lists stay.
 *
 * Reads what AWS Config records for AWS::EC2::SecurityGroup (awslabs/aws-config-resource-schema):
 * `configuration.ipPermissions[].{ipProtocol, fromPort, toPort, ipRanges (legacy list of CIDR strings),
 * ipv4Ranges[].cidrIp, ipv6Ranges[].cidrIpv6, prefixListIds[], userIdGroupPairs[]}`. Older CIs have
 * only `ipRanges`; newer ones have both `ipRanges` and `ipv4Ranges` with the same ranges.
 * Reading the permissions and matching revokes to what EC2 stored: `./ingress-permissions.ts`.
 *
 * Length: remediating, over 160 lines: judging every protocol/port shape against the allowed ports and
 * revoking only what is still there (apply) are both this rule's own.
 */
import { z } from 'zod';
import { isGone } from '../../shared/ci';
import { InvalidInputError } from '../../shared/errors';
import type { ApiCall, ConfigurationItem, Evaluation } from '../../shared/model';
import { listOf, stringOf } from '../ci-values';
import { defineRule, type LiveState, liveItem, type SendApiCall } from '../rule';
import {
  describeWorldOpen,
  isWorld,
  type Permission,
  portText,
  protocolName,
  revokePermission,
  type SdkPermission,
  stillPresent,
  type WorldOpen,
  worldOpenPermissions,
} from './ingress-permissions';

const parameters = z
  .object({
    /**
     * TCP/UDP ports that may be open to the world. A permission's whole port range must be in the list
     * (`80-443` is not allowed by `[80, 443]`). @default [80, 443]
     */
    allowedPublicPorts: z.array(z.number().int().min(0).max(65535)).default(() => [80, 443]),
    /**
     * Protocols without ports that may be open to the world, by name or number (e.g. `["icmp"]` to
     * allow ping). Protocol `-1` (all traffic) can never be allowed. @default []
     */
    allowedPublicProtocols: z
      .array(
        z
          .string()
          .min(1)
          .refine((p) => p !== '-1' && p.toLowerCase() !== 'all', 'protocol -1 (all traffic) cannot be allowed'),
      )
      .default(() => []),
  })
  .strict();

type Ec2SecurityGroupOpenIngressParams = z.infer<typeof parameters>;

/** A permission that lets the world in where it may not. */
interface Offending extends WorldOpen {
  readonly why: string;
}

/** Why the world may not reach this permission, or `undefined` when it may. */
function whyOffending(p: Permission, params: Ec2SecurityGroupOpenIngressParams): string | undefined {
  const name = protocolName(p.protocol);
  if (name === '-1') return 'all traffic (protocol -1) is open';
  if (name === 'tcp' || name === 'udp') {
    const from = p.fromPort ?? 0;
    const to = p.toPort ?? 65535;
    // A range is allowed only if every port in it is allowed (ranges over allowed ports are short).
    const allowed = [...new Set(params.allowedPublicPorts)];
    const span = to - from + 1;
    const covered = span > 0 && allowed.filter((port) => port >= from && port <= to).length === span;
    return covered
      ? undefined
      : `${portText(p)} is not in allowedPublicPorts (${params.allowedPublicPorts.join(', ') || 'none'})`;
  }
  const allowedProtocols = new Set(params.allowedPublicProtocols.map(protocolName));
  return allowedProtocols.has(name)
    ? undefined
    : `${portText(p)} has no ports to restrict and is not in allowedPublicProtocols`;
}

function offendingPermissions(ci: ConfigurationItem, params: Ec2SecurityGroupOpenIngressParams): Offending[] {
  const out: Offending[] = [];
  for (const open of worldOpenPermissions(ci)) {
    const why = whyOffending(open, params);
    if (why === undefined) continue;
    out.push({
      protocol: open.protocol,
      ...(open.fromPort === undefined ? {} : { fromPort: open.fromPort }),
      ...(open.toPort === undefined ? {} : { toPort: open.toPort }),
      ipv4: open.ipv4,
      ipv6: open.ipv6,
      why,
    });
  }
  return out;
}

function groupLabel(ci: ConfigurationItem): string {
  const name = stringOf(ci.configuration.groupName) ?? ci.resourceName;
  return name === undefined ? `Security group ${ci.resourceId}` : `Security group ${ci.resourceId} (${name})`;
}

function evaluate(ci: ConfigurationItem, params: Ec2SecurityGroupOpenIngressParams): Evaluation {
  if (isGone(ci)) {
    return {
      status: 'NOT_APPLICABLE',
      message: `Security group ${ci.resourceId} no longer exists or is not recorded (${ci.status})`,
    };
  }
  const offending = offendingPermissions(ci, params);
  const evidence = {
    offending: offending.map(({ why: _why, ...o }) => o),
    allowedPublicPorts: params.allowedPublicPorts,
  };
  if (offending.length === 0) {
    return {
      status: 'COMPLIANT',
      message: `${groupLabel(ci)} lets the internet reach only allowed ports (${params.allowedPublicPorts.join(', ') || 'none'})`,
      evidence,
    };
  }
  return {
    status: 'NON_COMPLIANT',
    message: `${groupLabel(ci)} is open to the internet: ${offending.map(describeWorldOpen).join('; ')}`,
    evidence,
  };
}

function plan(ci: ConfigurationItem, params: Ec2SecurityGroupOpenIngressParams): ApiCall[] {
  const offending = offendingPermissions(ci, params);
  if (offending.length === 0) return [];
  return [
    {
      service: 'ec2',
      operation: 'RevokeSecurityGroupIngress',
      input: { GroupId: ci.resourceId, IpPermissions: offending.map(revokePermission) },
    },
  ];
}

/** The planned revokes, checked: world ranges only (the engine has checked the operation and the group). */
function plannedPermissions(calls: readonly ApiCall[]): SdkPermission[] {
  const permissions = calls.flatMap((call) => listOf(call.input.IpPermissions) as SdkPermission[]);
  for (const permission of permissions) {
    const cidrs = [
      ...(permission.IpRanges ?? []).map((r) => r.CidrIp ?? ''),
      ...(permission.Ipv6Ranges ?? []).map((r) => r.CidrIpv6 ?? ''),
    ];
    if (cidrs.length === 0 || !cidrs.every(isWorld)) {
      throw new InvalidInputError(
        `ec2-security-group-open-ingress only revokes world ranges (prefix length 0), not ${cidrs.join(', ') || 'nothing'}`,
      );
    }
  }
  return permissions;
}

async function apply(send: SendApiCall, calls: readonly ApiCall[], live: LiveState): Promise<void> {
  const ci = liveItem(live);
  const toRevoke = stillPresent(plannedPermissions(calls), ci);
  if (toRevoke.length === 0) return;
  await send({
    service: 'ec2',
    operation: 'RevokeSecurityGroupIngress',
    input: { GroupId: ci.resourceId, IpPermissions: toRevoke },
  });
}

function ingressToRemove(ci: ConfigurationItem, params: Ec2SecurityGroupOpenIngressParams): string {
  const offending = offendingPermissions(ci, params);
  return offending.length > 0 ? offending.map(describeWorldOpen).join('; ') : 'ingress open to 0.0.0.0/0 or ::/0';
}

const ec2SecurityGroupOpenIngress = defineRule<Ec2SecurityGroupOpenIngressParams>({
  id: 'ec2-security-group-open-ingress',
  title: 'Security groups do not open ports to the whole internet',
  severity: 'HIGH',
  controls: ['FSBP EC2.18', 'CIS 5.2', 'CIS 5.3'],
  controlsNote:
    'Same default as FSBP EC2.18 (authorizedTcpPorts 80, 443 = allowedPublicPorts). It also fails the remote administration ports (22, 3389) open to 0.0.0.0/0 (CIS 5.2) and ::/0 (CIS 5.3) unless allowedPublicPorts lists them; the high-risk-port control FSBP EC2.19 is ec2-security-group-high-risk-ports.',
  rationale:
    'A port open to the whole internet is found by scanners within minutes; only the ports a public service needs should be. Revoking the world range stops any traffic a workload still receives through it, so the remediation is disruptive and the rule defaults to notify.',
  resourceTypes: ['AWS::EC2::SecurityGroup'],
  triggers: {
    cloudTrail: [
      {
        source: 'aws.ec2',
        eventNames: ['AuthorizeSecurityGroupIngress', 'CreateSecurityGroup', 'ModifySecurityGroupRules'],
      },
    ],
    configChange: true,
    sweep: true,
  },
  defaultMode: 'notify',
  parameters,
  evaluate,
  remediation: {
    risk: 'disruptive',
    operations: [{ service: 'ec2', operation: 'RevokeSecurityGroupIngress', target: 'GroupId' }],
    plan,
    apply,
  },
  iac: {
    cloudformation: 'SecurityGroupIngress',
    change: (ci, params) =>
      `remove the ingress rules ${ingressToRemove(ci, params)}; allow specific source ranges, security groups or prefix lists instead`,
    cdk: 'remove the securityGroup.addIngressRule(ec2.Peer.anyIpv4() / ec2.Peer.anyIpv6(), …) calls for these ports',
    terraform: 'remove cidr_blocks = ["0.0.0.0/0"] / ipv6_cidr_blocks = ["::/0"] from these ingress rules',
  },
});

export { type Ec2SecurityGroupOpenIngressParams, ec2SecurityGroupOpenIngress };
