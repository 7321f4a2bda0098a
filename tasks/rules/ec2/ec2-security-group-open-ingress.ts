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
 *
 * "The world" is tested by prefix length, not by the literal `0.0.0.0/0`: `208.236.235.254/0` (an
 * anonymized capture) is the world too. Peer security groups and prefix lists are never "the world".
 */
import { z } from 'zod';
import { isGone } from '../../shared/ci';
import { InvalidInputError } from '../../shared/errors';
import type { ApiCall, ConfigurationItem, Evaluation } from '../../shared/model';
import { isRecord, listOf, numberOf, stringOf } from '../ci-values';
import { defineRule, type LiveState, liveItem, type SendApiCall } from '../rule';

const IPV4_WORLD = '0.0.0.0/0';
const IPV6_WORLD = '::/0';

/** Protocol numbers EC2 also accepts by name (DescribeSecurityGroups reports these four by name). */
const PROTOCOL_NAMES: Readonly<Record<string, string>> = { '6': 'tcp', '17': 'udp', '1': 'icmp', '58': 'icmpv6' };
/** Protocols whose FromPort/ToPort mean something (a port range, or an ICMP type and code). */
const PORT_PROTOCOLS: ReadonlySet<string> = new Set(['tcp', 'udp', 'icmp', 'icmpv6']);

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

/** One ingress permission as recorded, reduced to what the rule needs. */
interface Permission {
  /** As recorded (`tcp`, `-1`, `6`, `50`, …): sent back unchanged in a revoke. */
  readonly protocol: string;
  readonly fromPort?: number;
  readonly toPort?: number;
  /** IPv4 CIDRs from `ipv4Ranges` and the legacy `ipRanges`, de-duplicated, in recorded order. */
  readonly ipv4: readonly string[];
  readonly ipv6: readonly string[];
}

/** A permission that lets the world in where it may not. */
interface Offending {
  readonly protocol: string;
  readonly fromPort?: number;
  readonly toPort?: number;
  /** The world ranges, as AWS stores them (`0.0.0.0/0`, `::/0`). */
  readonly ipv4: readonly string[];
  readonly ipv6: readonly string[];
  readonly why: string;
}

function protocolName(protocol: string): string {
  const lower = protocol.toLowerCase();
  return PROTOCOL_NAMES[lower] ?? lower;
}

/** Prefix length 0: the whole address space, whatever address is written before the slash. */
function isWorld(cidr: string): boolean {
  const slash = cidr.lastIndexOf('/');
  return slash !== -1 && /^0+$/.test(cidr.slice(slash + 1).trim());
}

function readPermission(raw: unknown): Permission | undefined {
  if (!isRecord(raw)) return undefined;
  const protocol = stringOf(raw.ipProtocol) ?? (typeof raw.ipProtocol === 'number' ? String(raw.ipProtocol) : '');
  if (protocol === '') return undefined;
  const ipv4: string[] = [];
  const ipv6: string[] = [];
  const add = (cidr: unknown) => {
    if (typeof cidr !== 'string' || cidr === '') return;
    const list = cidr.includes(':') ? ipv6 : ipv4;
    if (!list.includes(cidr)) list.push(cidr);
  };
  for (const range of listOf(raw.ipv4Ranges)) add(isRecord(range) ? range.cidrIp : range);
  for (const range of listOf(raw.ipRanges)) add(isRecord(range) ? (range.cidrIp ?? range.cidrIpv6) : range);
  for (const range of listOf(raw.ipv6Ranges)) add(isRecord(range) ? range.cidrIpv6 : range);
  const fromPort = numberOf(raw.fromPort);
  const toPort = numberOf(raw.toPort);
  return {
    protocol,
    ...(fromPort === undefined ? {} : { fromPort }),
    ...(toPort === undefined ? {} : { toPort }),
    ipv4,
    ipv6,
  };
}

function portText(p: { readonly protocol: string; readonly fromPort?: number; readonly toPort?: number }): string {
  const name = protocolName(p.protocol);
  if (name === '-1') return 'all traffic (protocol -1)';
  if (name === 'tcp' || name === 'udp') {
    // A permission missing one end is described as recorded; whyOffending reads it as open to that end.
    if (p.fromPort === undefined && p.toPort === undefined) return `${name} (all ports)`;
    if (p.toPort === undefined) return `${name} from port ${p.fromPort} (no end port recorded)`;
    if (p.fromPort === undefined) return `${name} up to port ${p.toPort} (no start port recorded)`;
    return p.fromPort === p.toPort ? `${name}/${p.fromPort}` : `${name}/${p.fromPort}-${p.toPort}`;
  }
  if (name === 'icmp' || name === 'icmpv6') {
    return p.fromPort === undefined || p.fromPort === -1 ? `${name} (all types)` : `${name} type ${p.fromPort}`;
  }
  return `protocol ${name}`;
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
  for (const raw of listOf(ci.configuration.ipPermissions)) {
    const permission = readPermission(raw);
    if (permission === undefined) continue;
    const ipv4 = permission.ipv4.some(isWorld) ? [IPV4_WORLD] : [];
    const ipv6 = permission.ipv6.some(isWorld) ? [IPV6_WORLD] : [];
    if (ipv4.length === 0 && ipv6.length === 0) continue;
    const why = whyOffending(permission, params);
    if (why === undefined) continue;
    out.push({
      protocol: permission.protocol,
      ...(permission.fromPort === undefined ? {} : { fromPort: permission.fromPort }),
      ...(permission.toPort === undefined ? {} : { toPort: permission.toPort }),
      ipv4,
      ipv6,
      why,
    });
  }
  return out;
}

/**
 * Every ingress permission of a security group item that the whole internet may use, whatever its
 * port, described (`tcp/22 from 0.0.0.0/0`): what a group attached on Warden's behalf must not have.
 */
function worldOpenIngress(ci: ConfigurationItem): string[] {
  const out: string[] = [];
  for (const raw of listOf(ci.configuration.ipPermissions)) {
    const p = readPermission(raw);
    if (p === undefined) continue;
    const ipv4 = p.ipv4.some(isWorld) ? [IPV4_WORLD] : [];
    const ipv6 = p.ipv6.some(isWorld) ? [IPV6_WORLD] : [];
    if (ipv4.length + ipv6.length > 0) out.push(describeOffending({ ...p, ipv4, ipv6, why: '' }));
  }
  return out;
}

function describeOffending(o: Offending): string {
  return `${portText(o)} from ${[...o.ipv4, ...o.ipv6].join(' and ')}`;
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
    message: `${groupLabel(ci)} is open to the internet: ${offending.map(describeOffending).join('; ')}`,
    evidence,
  };
}

/** The IpPermissions entry that revokes exactly `o`'s world ranges. */
function revokePermission(o: {
  readonly protocol: string;
  readonly fromPort?: number;
  readonly toPort?: number;
  readonly ipv4: readonly string[];
  readonly ipv6: readonly string[];
}): Record<string, unknown> {
  // Ports only exist for tcp/udp (range) and icmp/icmpv6 (type/code, -1 = all); EC2 matches them
  // exactly. Any other protocol (-1, 50 ESP, 47 GRE, …) covers all ports: FromPort/ToPort are omitted.
  const withPorts = PORT_PROTOCOLS.has(protocolName(o.protocol));
  return {
    IpProtocol: o.protocol,
    ...(withPorts && o.fromPort !== undefined ? { FromPort: o.fromPort } : {}),
    ...(withPorts && o.toPort !== undefined ? { ToPort: o.toPort } : {}),
    ...(o.ipv4.length > 0 ? { IpRanges: o.ipv4.map((CidrIp) => ({ CidrIp })) } : {}),
    ...(o.ipv6.length > 0 ? { Ipv6Ranges: o.ipv6.map((CidrIpv6) => ({ CidrIpv6 })) } : {}),
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

// --- apply --------------------------------------------------------------------------------------

interface SdkPermission {
  readonly IpProtocol?: string;
  readonly FromPort?: number;
  readonly ToPort?: number;
  readonly IpRanges?: ReadonlyArray<{ readonly CidrIp?: string }>;
  readonly Ipv6Ranges?: ReadonlyArray<{ readonly CidrIpv6?: string }>;
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

/** Whether EC2 would match these ports: for protocols without ports (-1, 50 ESP, 47 GRE, …) they are ignored. */
function samePorts(planned: SdkPermission, live: Permission): boolean {
  const name = protocolName(planned.IpProtocol ?? '');
  if (name !== protocolName(live.protocol)) return false;
  if (!PORT_PROTOCOLS.has(name)) return true;
  return (planned.FromPort ?? null) === (live.fromPort ?? null) && (planned.ToPort ?? null) === (live.toPort ?? null);
}

/**
 * The planned world ranges the live group still has, each named exactly as AWS stored it (protocol
 * as stored, ports only where they exist, the stored CIDR), so the revoke matches: EC2 revokes only
 * a rule whose values match exactly. Applying twice sends nothing the second time.
 */
function stillPresent(planned: readonly SdkPermission[], live: ConfigurationItem): Record<string, unknown>[] {
  const current = listOf(live.configuration.ipPermissions)
    .map(readPermission)
    .filter((p): p is Permission => p !== undefined);
  const out = new Map<string, Record<string, unknown>>();
  for (const p of planned) {
    const wants4 = (p.IpRanges ?? []).length > 0;
    const wants6 = (p.Ipv6Ranges ?? []).length > 0;
    for (const c of current) {
      if (!samePorts(p, c)) continue;
      const ipv4 = wants4 ? c.ipv4.filter(isWorld) : [];
      const ipv6 = wants6 ? c.ipv6.filter(isWorld) : [];
      if (ipv4.length === 0 && ipv6.length === 0) continue;
      const permission = revokePermission({
        protocol: c.protocol,
        ...(c.fromPort === undefined ? {} : { fromPort: c.fromPort }),
        ...(c.toPort === undefined ? {} : { toPort: c.toPort }),
        ipv4,
        ipv6,
      });
      out.set(JSON.stringify(permission), permission);
    }
  }
  return [...out.values()];
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
  return offending.length > 0 ? offending.map(describeOffending).join('; ') : 'ingress open to 0.0.0.0/0 or ::/0';
}

const ec2SecurityGroupOpenIngress = defineRule<Ec2SecurityGroupOpenIngressParams>({
  id: 'ec2-security-group-open-ingress',
  title: 'Security groups do not open ports to the whole internet',
  severity: 'HIGH',
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

export { type Ec2SecurityGroupOpenIngressParams, ec2SecurityGroupOpenIngress, isWorld, worldOpenIngress };
