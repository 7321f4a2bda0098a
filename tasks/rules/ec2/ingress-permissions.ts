/**
 * Security group ingress permissions as AWS Config records them (`configuration.ipPermissions[]`:
 * `ipProtocol`, `fromPort`, `toPort`, the legacy `ipRanges` strings, `ipv4Ranges[].cidrIp`,
 * `ipv6Ranges[].cidrIpv6`), read defensively, and the revokes that remove their world ranges exactly
 * as EC2 stored them. Shared by the open-ingress and high-risk-ports rules and the admin-group rule
 * (which never attaches a group open to the internet).
 *
 * "The world" is tested by prefix length, not by the literal `0.0.0.0/0`: `208.236.235.254/0` (an
 * anonymized capture) is the world too. Peer security groups and prefix lists are never "the world".
 */
import type { ConfigurationItem } from '../../shared/model';
import { isRecord, listOf, numberOf, stringOf } from '../ci-values';

const IPV4_WORLD = '0.0.0.0/0';
const IPV6_WORLD = '::/0';

/** Protocol numbers EC2 also accepts by name (DescribeSecurityGroups reports these four by name). */
const PROTOCOL_NAMES: Readonly<Record<string, string>> = { '6': 'tcp', '17': 'udp', '1': 'icmp', '58': 'icmpv6' };
/** Protocols whose FromPort/ToPort mean something (a port range, or an ICMP type and code). */
const PORT_PROTOCOLS: ReadonlySet<string> = new Set(['tcp', 'udp', 'icmp', 'icmpv6']);

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

/** A permission's world ranges, as AWS stores them (`0.0.0.0/0`, `::/0`). */
interface WorldOpen {
  readonly protocol: string;
  readonly fromPort?: number;
  readonly toPort?: number;
  readonly ipv4: readonly string[];
  readonly ipv6: readonly string[];
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

/** The item's ingress permissions that could be read. */
function permissionsOf(ci: ConfigurationItem): Permission[] {
  return listOf(ci.configuration.ipPermissions)
    .map(readPermission)
    .filter((p): p is Permission => p !== undefined);
}

/**
 * The item's ingress permissions that the whole internet may use, each reduced to its world ranges
 * as AWS stores them (`0.0.0.0/0`, `::/0`), whatever its port.
 */
function worldOpenPermissions(ci: ConfigurationItem): WorldOpen[] {
  const out: WorldOpen[] = [];
  for (const p of permissionsOf(ci)) {
    const ipv4 = p.ipv4.some(isWorld) ? [IPV4_WORLD] : [];
    const ipv6 = p.ipv6.some(isWorld) ? [IPV6_WORLD] : [];
    if (ipv4.length + ipv6.length > 0) out.push({ ...p, ipv4, ipv6 });
  }
  return out;
}

/**
 * Every ingress permission of a security group item that the whole internet may use, whatever its
 * port, described (`tcp/22 from 0.0.0.0/0`): what a group attached on Warden's behalf must not have.
 */
function worldOpenIngress(ci: ConfigurationItem): string[] {
  return worldOpenPermissions(ci).map(describeWorldOpen);
}

/** `tcp/22 from 0.0.0.0/0 and ::/0`. */
function describeWorldOpen(o: WorldOpen): string {
  return `${portText(o)} from ${[...o.ipv4, ...o.ipv6].join(' and ')}`;
}

/** The IpPermissions entry that revokes exactly `o`'s world ranges. */
function revokePermission(o: WorldOpen): Record<string, unknown> {
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

/** An IpPermissions entry of a planned revoke (SDK member names). */
interface SdkPermission {
  readonly IpProtocol?: string;
  readonly FromPort?: number;
  readonly ToPort?: number;
  readonly IpRanges?: ReadonlyArray<{ readonly CidrIp?: string }>;
  readonly Ipv6Ranges?: ReadonlyArray<{ readonly CidrIpv6?: string }>;
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
  const current = permissionsOf(live);
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

export type { Permission, SdkPermission, WorldOpen };
export {
  describeWorldOpen,
  IPV4_WORLD,
  IPV6_WORLD,
  isWorld,
  permissionsOf,
  portText,
  protocolName,
  revokePermission,
  stillPresent,
  worldOpenIngress,
  worldOpenPermissions,
};
