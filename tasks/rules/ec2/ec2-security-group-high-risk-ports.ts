/**
 * ec2-security-group-high-risk-ports: no ingress permission lets the whole internet (prefix length 0,
 * IPv4 or IPv6) reach a high-risk port (FSBP EC2.19's list: remote administration, file sharing, mail,
 * databases, admin consoles). A TCP/UDP range counts when it covers one; protocol `-1` covers them all.
 * A deny-list, unlike ec2-security-group-open-ingress (EC2.18's allow-list): 8443 open to the world
 * passes here and fails there. Notify only: that rule already plans the revoke. Reads `ipPermissions[]`.
 */
import { z } from 'zod';
import { isGone } from '../../shared/ci';
import type { ConfigurationItem, Evaluation } from '../../shared/model';
import { defineRule } from '../rule';
import { describeWorldOpen, protocolName, type WorldOpen, worldOpenPermissions } from './ingress-permissions';

const EC2_19_PORTS = [
  20, 21, 22, 23, 25, 110, 135, 143, 445, 1433, 1434, 3000, 3306, 3389, 4333, 5000, 5432, 5500, 5601, 8080, 8088, 8888,
  9200, 9300,
];

const portNumber = z.number().int().min(0).max(65535);
const parameters = z
  .object({
    /** TCP/UDP ports that must never be open to the world. [] turns the rule off. @default FSBP EC2.19's 24 ports (20, 21, 22, …, 9300) */
    highRiskPorts: z.array(portNumber).default(() => [...EC2_19_PORTS]),
  })
  .strict();

type Params = z.infer<typeof parameters>;

/** The high-risk ports `p` lets in (all of them for protocol -1, none for protocols without ports). */
function riskyPorts(p: WorldOpen, params: Params): number[] {
  const name = protocolName(p.protocol);
  if (name === '-1') return params.highRiskPorts;
  if (name !== 'tcp' && name !== 'udp') return [];
  const [from, to] = [p.fromPort ?? 0, p.toPort ?? 65535];
  return params.highRiskPorts.filter((port) => port >= from && port <= to);
}

function evaluate(ci: ConfigurationItem, params: Params): Evaluation {
  const label = `Security group ${ci.resourceId}`;
  if (isGone(ci)) return { status: 'NOT_APPLICABLE', message: `${label} no longer exists (${ci.status})` };
  const open = worldOpenPermissions(ci)
    .map((p) => ({ rule: describeWorldOpen(p), ports: riskyPorts(p, params) }))
    .filter((o) => o.ports.length > 0);
  const ports = [...new Set(open.flatMap((o) => o.ports))].sort((a, b) => a - b);
  const evidence = { highRiskPortsOpen: ports, permissions: open.map((o) => o.rule) };
  if (open.length === 0) {
    return { status: 'COMPLIANT', message: `${label} opens no high-risk port to the internet`, evidence };
  }
  return {
    status: 'NON_COMPLIANT',
    message: `${label} opens high-risk ports ${ports.join(', ')} to the internet (${evidence.permissions.join('; ')}); allow specific source ranges, a VPN or Session Manager instead`,
    evidence,
  };
}

const ec2SecurityGroupHighRiskPorts = defineRule<Params>({
  id: 'ec2-security-group-high-risk-ports',
  title: 'Security groups do not open high-risk ports to the internet',
  severity: 'CRITICAL',
  controls: ['FSBP EC2.19'],
  controlsNote:
    'TCP and UDP ranges both count; highRiskPorts replaces the list (default: the 24 ports of FSBP EC2.19).',
  rationale:
    'SSH, RDP, SMB, databases and admin consoles open to the whole internet are what automated attacks try first: brute force, known exploits, ransomware. Closing the port stops whoever still connects through it, so the rule notifies; ec2-security-group-open-ingress plans the exact revoke where remediation is wanted.',
  resourceTypes: ['AWS::EC2::SecurityGroup'],
  triggers: { configChange: true, sweep: true },
  defaultMode: 'notify',
  parameters,
  evaluate,
  iac: {
    cloudformation: 'SecurityGroupIngress',
    change:
      'remove the ingress rules from 0.0.0.0/0 or ::/0 that reach these ports; allow specific source ranges or security groups',
    cdk: 'remove the securityGroup.addIngressRule(ec2.Peer.anyIpv4() / ec2.Peer.anyIpv6(), …) calls for these ports',
    terraform:
      'remove cidr_blocks = ["0.0.0.0/0"] / ipv6_cidr_blocks = ["::/0"] from the ingress rules for these ports',
  },
});

export { ec2SecurityGroupHighRiskPorts };
