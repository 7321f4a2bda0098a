import { DescribeSecurityGroupsCommand, EC2Client, RevokeSecurityGroupIngressCommand } from '@aws-sdk/client-ec2';
import { S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { applyDeclared, PlanOutsideDeclarationError } from '../../../../tasks/engine/plan-guard';
import {
  type Ec2SecurityGroupOpenIngressParams,
  ec2SecurityGroupOpenIngress as rule,
} from '../../../../tasks/rules/ec2/ec2-security-group-open-ingress';
import type { AwsClients } from '../../../../tasks/rules/rule';
import { InvalidInputError } from '../../../../tasks/shared/errors';
import type { ApiCall, ConfigurationItem } from '../../../../tasks/shared/model';
import { makeCi, readCorpus, readRuleFixtureCase } from '../../../support/ci-builder';
import { liveOf, sendWith } from '../../../support/live';
import { otherClients } from '../../../support/other-clients';

const RULE_ID = 'ec2-security-group-open-ingress';
const defaults = rule.parameters.parse({});
const fixture = (name: string) => readRuleFixtureCase(RULE_ID, name).ci;
const params = (o: Record<string, unknown>): Ec2SecurityGroupOpenIngressParams => rule.parameters.parse(o);

interface Perm {
  protocol: string;
  from?: number;
  to?: number;
  ipRanges?: string[];
  ipv4?: string[];
  ipv6?: string[];
  groups?: string[];
  prefixLists?: string[];
}

function sg(perms: Perm[], extra: Partial<ConfigurationItem> = {}): ConfigurationItem {
  return makeCi({
    resourceType: 'AWS::EC2::SecurityGroup',
    resourceId: 'sg-0123456789abcdef0',
    configuration: {
      groupId: 'sg-0123456789abcdef0',
      groupName: 'web',
      vpcId: 'vpc-0abc',
      ipPermissions: perms.map((p) => ({
        ipProtocol: p.protocol,
        ...(p.from === undefined ? {} : { fromPort: p.from }),
        ...(p.to === undefined ? {} : { toPort: p.to }),
        ...(p.ipRanges === undefined ? {} : { ipRanges: p.ipRanges }),
        ipv4Ranges: (p.ipv4 ?? []).map((cidrIp) => ({ cidrIp })),
        ipv6Ranges: (p.ipv6 ?? []).map((cidrIpv6) => ({ cidrIpv6 })),
        prefixListIds: (p.prefixLists ?? []).map((prefixListId) => ({ prefixListId })),
        userIdGroupPairs: (p.groups ?? []).map((groupId) => ({ groupId, userId: '123456789012' })),
      })),
    },
    ...extra,
  });
}

describe('ec2-security-group-open-ingress: definition', () => {
  it('declares the catalogue contract (notify by default) and documented defaults', () => {
    expect(rule.id).toBe(RULE_ID);
    expect(rule.defaultMode).toBe('notify');
    expect(rule.resourceTypes).toEqual(['AWS::EC2::SecurityGroup']);
    expect(defaults).toEqual({ allowedPublicPorts: [80, 443], allowedPublicProtocols: [] });
    expect(rule.remediation?.permissions).toEqual(['ec2:RevokeSecurityGroupIngress']);
  });

  it('protocol -1 can never be allowed', () => {
    expect(rule.parameters.safeParse({ allowedPublicProtocols: ['-1'] }).success).toBe(false);
    expect(rule.parameters.safeParse({ allowedPublicPorts: [70000] }).success).toBe(false);
  });
});

describe('ec2-security-group-open-ingress: evaluate', () => {
  it('SSH from 0.0.0.0/0 in the legacy ipRanges string list (the RDK sample CI) is non-compliant', () => {
    expect(rule.evaluate(fixture('non-compliant-legacy-ip-ranges'), defaults)).toEqual({
      status: 'NON_COMPLIANT',
      message: 'Security group sg-1d56fc66 (launch-wizard-7) is open to the internet: tcp/22 from 0.0.0.0/0',
      evidence: {
        offending: [{ protocol: 'tcp', fromPort: 22, toPort: 22, ipv4: ['0.0.0.0/0'], ipv6: [] }],
        allowedPublicPorts: [80, 443],
      },
    });
  });

  it('allowed ports open to both families are compliant', () => {
    const result = rule.evaluate(
      sg([{ protocol: 'tcp', from: 443, to: 443, ipv4: ['0.0.0.0/0'], ipv6: ['::/0'] }]),
      defaults,
    );
    expect(result).toMatchObject({
      status: 'COMPLIANT',
      message: 'Security group sg-0123456789abcdef0 (web) lets the internet reach only allowed ports (80, 443)',
    });
  });

  it.each([
    ['all traffic', { protocol: '-1', ipv4: ['0.0.0.0/0'] }, 'all traffic (protocol -1) from 0.0.0.0/0'],
    ['IPv6 only', { protocol: 'tcp', from: 22, to: 22, ipv6: ['::/0'] }, 'tcp/22 from ::/0'],
    [
      'an anonymized /0',
      { protocol: 'tcp', from: 3389, to: 3389, ipv4: ['208.236.235.254/0'] },
      'tcp/3389 from 0.0.0.0/0',
    ],
    [
      'a range spanning allowed ports',
      { protocol: 'tcp', from: 80, to: 443, ipv4: ['0.0.0.0/0'] },
      'tcp/80-443 from 0.0.0.0/0',
    ],
    ['every TCP port', { protocol: 'tcp', from: 0, to: 65535, ipv4: ['0.0.0.0/0'] }, 'tcp/0-65535 from 0.0.0.0/0'],
    ['ICMP, all types', { protocol: 'icmp', from: -1, to: -1, ipv4: ['0.0.0.0/0'] }, 'icmp (all types) from 0.0.0.0/0'],
    ['UDP by number', { protocol: '17', from: 53, to: 53, ipv4: ['0.0.0.0/0'] }, 'udp/53 from 0.0.0.0/0'],
    ['ESP (no ports)', { protocol: '50', ipv4: ['0.0.0.0/0'] }, 'protocol 50 from 0.0.0.0/0'],
    ['legacy strings only', { protocol: 'tcp', from: 22, to: 22, ipRanges: ['0.0.0.0/0'] }, 'tcp/22 from 0.0.0.0/0'],
  ])('%s is non-compliant', (_name, perm, described) => {
    const result = rule.evaluate(sg([perm as Perm]), defaults);
    expect(result.status).toBe('NON_COMPLIANT');
    expect(result.message).toBe(`Security group sg-0123456789abcdef0 (web) is open to the internet: ${described}`);
  });

  it.each([
    [
      'only a start port',
      { protocol: 'tcp', from: 22, ipv4: ['0.0.0.0/0'] },
      'tcp from port 22 (no end port recorded) from 0.0.0.0/0',
    ],
    [
      'only an end port',
      { protocol: 'udp', to: 53, ipv4: ['0.0.0.0/0'] },
      'udp up to port 53 (no start port recorded) from 0.0.0.0/0',
    ],
    ['no ports at all', { protocol: 'tcp', ipv4: ['0.0.0.0/0'] }, 'tcp (all ports) from 0.0.0.0/0'],
  ])('a permission with %s is described as recorded (issue 14 item 19)', (_name, perm, described) => {
    const result = rule.evaluate(sg([perm as Perm]), defaults);
    expect(result.message).toBe(`Security group sg-0123456789abcdef0 (web) is open to the internet: ${described}`);
  });

  it('port 443 over UDP (QUIC) is allowed like TCP', () => {
    expect(rule.evaluate(sg([{ protocol: 'udp', from: 443, to: 443, ipv4: ['0.0.0.0/0'] }]), defaults).status).toBe(
      'COMPLIANT',
    );
  });

  it('peer groups, prefix lists and narrower ranges are not the world', () => {
    const result = rule.evaluate(
      sg([
        { protocol: '-1', groups: ['sg-0123456789abcdef0'] },
        { protocol: 'tcp', from: 22, to: 22, prefixLists: ['pl-63a5400b'], ipv4: ['0.0.0.0/1', '128.0.0.0/2'] },
        { protocol: '-1', ipv6: ['2600:1f18::/32'] },
      ]),
      defaults,
    );
    expect(result.status).toBe('COMPLIANT');
  });

  it('lists every offending permission in the message and evidence', () => {
    const result = rule.evaluate(
      sg([
        { protocol: 'tcp', from: 22, to: 22, ipv4: ['0.0.0.0/0'], ipv6: ['::/0'] },
        { protocol: 'tcp', from: 443, to: 443, ipv4: ['0.0.0.0/0'] },
        { protocol: '-1', ipv6: ['::/0'] },
      ]),
      defaults,
    );
    expect(result.message).toBe(
      'Security group sg-0123456789abcdef0 (web) is open to the internet: tcp/22 from 0.0.0.0/0 and ::/0; all traffic (protocol -1) from ::/0',
    );
    expect(result.evidence?.offending).toEqual([
      { protocol: 'tcp', fromPort: 22, toPort: 22, ipv4: ['0.0.0.0/0'], ipv6: ['::/0'] },
      { protocol: '-1', ipv4: [], ipv6: ['::/0'] },
    ]);
  });

  it('parameters widen what may be public', () => {
    const ssh = sg([{ protocol: 'tcp', from: 22, to: 22, ipv4: ['0.0.0.0/0'] }]);
    expect(rule.evaluate(ssh, params({ allowedPublicPorts: [22] })).status).toBe('COMPLIANT');
    const ping = sg([{ protocol: 'icmp', from: 8, to: 0, ipv4: ['0.0.0.0/0'] }]);
    expect(rule.evaluate(ping, params({ allowedPublicProtocols: ['1'] })).status).toBe('COMPLIANT');
    expect(
      rule.evaluate(sg([{ protocol: '-1', ipv4: ['0.0.0.0/0'] }]), params({ allowedPublicProtocols: ['icmp'] })).status,
    ).toBe('NON_COMPLIANT');
  });

  it('the hand-written Panther ::/0 resource (Go-style nulls, protocol -1 with ports 22) is all traffic from ::/0', () => {
    const resource = readCorpus<Record<string, unknown>>(
      'panther-analysis/policy__aws_security_group_administrative_ingress__ipv6-all.json',
    );
    const perms = (resource.IpPermissions as Array<Record<string, unknown>>).map((p) => ({
      ipProtocol: p.IpProtocol,
      fromPort: p.FromPort,
      toPort: p.ToPort,
      ipRanges: p.IpRanges,
      ipv6Ranges: ((p.Ipv6Ranges as Array<{ CidrIpv6: string }> | null) ?? []).map((r) => ({ cidrIpv6: r.CidrIpv6 })),
      userIdGroupPairs: p.UserIdGroupPairs,
      prefixListIds: p.PrefixListIds,
    }));
    const result = rule.evaluate(sg([], { configuration: { groupId: 'sg-1', ipPermissions: perms } }), defaults);
    // EC2 ignores ports for protocol -1: the permission opens everything, and a revoke must not name ports.
    expect(result.message).toBe(
      'Security group sg-0123456789abcdef0 is open to the internet: all traffic (protocol -1) from ::/0',
    );
    const ci = sg([], { configuration: { groupId: 'sg-1', ipPermissions: perms } });
    expect(rule.remediation?.plan(ci, defaults)[0]?.input.IpPermissions).toEqual([
      { IpProtocol: '-1', Ipv6Ranges: [{ CidrIpv6: '::/0' }] },
    ]);
  });

  it('a deleted group is not applicable', () => {
    expect(rule.evaluate(sg([], { status: 'ResourceDeleted' }), defaults).status).toBe('NOT_APPLICABLE');
  });
});

describe('ec2-security-group-open-ingress: plan', () => {
  it('revokes only the world ranges of a permission that also has private ranges, peers and IPv6 ranges', () => {
    expect(rule.remediation?.plan(fixture('non-compliant-mixed-ranges'), defaults)).toEqual([
      {
        service: 'ec2',
        operation: 'RevokeSecurityGroupIngress',
        input: {
          GroupId: 'sg-1d56fc66',
          IpPermissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
        },
      },
    ]);
  });

  it('protocol -1 has no ports; ICMP keeps its -1 type and code; IPv4 and IPv6 together', () => {
    const ci = sg([
      { protocol: '-1', ipv4: ['0.0.0.0/0'], ipv6: ['::/0'] },
      { protocol: 'icmp', from: -1, to: -1, ipv4: ['0.0.0.0/0'] },
      { protocol: '50', from: -1, to: -1, ipv4: ['0.0.0.0/0'] },
    ]);
    expect(rule.remediation?.plan(ci, defaults)[0]?.input.IpPermissions).toEqual([
      { IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }], Ipv6Ranges: [{ CidrIpv6: '::/0' }] },
      { IpProtocol: 'icmp', FromPort: -1, ToPort: -1, IpRanges: [{ CidrIp: '0.0.0.0/0' }] },
      { IpProtocol: '50', IpRanges: [{ CidrIp: '0.0.0.0/0' }] },
    ]);
  });

  it('an anonymized /0 is revoked as the 0.0.0.0/0 AWS stores', () => {
    expect(
      rule.remediation?.plan(fixture('non-compliant-anonymized-world-cidr'), defaults)[0]?.input.IpPermissions,
    ).toEqual([{ IpProtocol: 'tcp', FromPort: 3389, ToPort: 3389, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }]);
  });

  it('plans nothing for a compliant group', () => {
    expect(rule.remediation?.plan(fixture('compliant'), defaults)).toEqual([]);
  });

  it('after the revoke, the group (as Config would record it) is compliant', () => {
    const ci = fixture('non-compliant-mixed-ranges');
    const after = {
      ...ci,
      configuration: {
        ...ci.configuration,
        ipPermissions: (ci.configuration.ipPermissions as Array<Record<string, unknown>>).map((p) => ({
          ...p,
          ipRanges: (p.ipRanges as string[]).filter((r) => r !== '0.0.0.0/0'),
          ipv4Ranges: (p.ipv4Ranges as Array<{ cidrIp: string }>).filter((r) => r.cidrIp !== '0.0.0.0/0'),
        })),
      },
    };
    expect(rule.evaluate(after, defaults).status).toBe('COMPLIANT');
  });

  it('iacHint names the ingress rules to remove', () => {
    expect(rule.iacHint(fixture('non-compliant-legacy-ip-ranges'), defaults)).toMatchObject({
      propertyPath: 'SecurityGroupIngress',
      suggestedChange:
        'remove the ingress rules tcp/22 from 0.0.0.0/0; allow specific source ranges, security groups or prefix lists instead',
    });
  });
});

describe('ec2-security-group-open-ingress: apply', () => {
  const ec2 = mockClient(EC2Client);
  const clients: AwsClients = {
    of: otherClients,
    s3: new S3Client({ region: 'us-east-1' }),
    ec2: new EC2Client({ region: 'us-east-1' }),
  };
  afterEach(() => ec2.reset());
  const ci = sg([
    { protocol: 'tcp', from: 22, to: 22, ipv4: ['10.0.0.0/8', '0.0.0.0/0'], ipv6: ['::/0'] },
    { protocol: '-1', ipv4: ['0.0.0.0/0'] },
  ]);
  const plan = rule.remediation?.plan(ci, defaults) ?? [];
  const apply = (calls: ApiCall[], live: ConfigurationItem) =>
    rule.remediation?.apply(sendWith(clients), calls, liveOf(rule, live, defaults), defaults);
  const revokes = () => ec2.commandCalls(RevokeSecurityGroupIngressCommand).map((c) => c.args[0].input);

  it('revokes the planned world ranges still present, and reads nothing itself', async () => {
    ec2.on(RevokeSecurityGroupIngressCommand).resolves({ Return: true });
    await apply(plan, ci);
    expect(revokes()).toEqual([plan[0]?.input]);
    expect(ec2.commandCalls(DescribeSecurityGroupsCommand)).toHaveLength(0);
  });

  it('revokes only what is still there (someone already removed the IPv6 range)', async () => {
    ec2.on(RevokeSecurityGroupIngressCommand).resolves({ Return: true });
    await apply(plan, sg([{ protocol: 'tcp', from: 22, to: 22, ipv4: ['10.0.0.0/8', '0.0.0.0/0'] }]));
    expect(revokes()).toEqual([
      {
        GroupId: ci.resourceId,
        IpPermissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
      },
    ]);
  });

  it('sends no revoke when nothing planned is left (idempotent re-apply)', async () => {
    await apply(plan, sg([{ protocol: 'tcp', from: 22, to: 22, ipv4: ['10.0.0.0/8'] }]));
    expect(revokes()).toHaveLength(0);
  });

  it.each([
    ['50 (ESP)', '50'],
    ['47 (GRE)', '47'],
    ['-1 (all traffic)', '-1'],
  ])(
    'protocol %s stored with ports -1 is revoked as AWS stored it: that protocol, no FromPort/ToPort (issue 14 item 9)',
    async (_name, protocol) => {
      // Planned from an item without ports; DescribeSecurityGroups reports -1/-1 for these protocols.
      const planned = rule.remediation?.plan(sg([{ protocol, ipv4: ['0.0.0.0/0'] }]), defaults) ?? [];
      ec2.on(RevokeSecurityGroupIngressCommand).resolves({ Return: true });
      await apply(planned, sg([{ protocol, from: -1, to: -1, ipv4: ['0.0.0.0/0', '10.0.0.0/8'] }]));
      expect(revokes()).toEqual([
        { GroupId: ci.resourceId, IpPermissions: [{ IpProtocol: protocol, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] },
      ]);
    },
  );

  it('an ICMP permission keeps its type and code (-1 = all types), as EC2 requires for ICMP', async () => {
    const icmp = sg([{ protocol: 'icmp', from: -1, to: -1, ipv4: ['0.0.0.0/0'] }]);
    ec2.on(RevokeSecurityGroupIngressCommand).resolves({ Return: true });
    await apply(rule.remediation?.plan(icmp, defaults) ?? [], icmp);
    expect(revokes()).toEqual([
      {
        GroupId: ci.resourceId,
        IpPermissions: [{ IpProtocol: 'icmp', FromPort: -1, ToPort: -1, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
      },
    ]);
  });

  it('refuses a plan revoking anything but world ranges; the engine refuses one for another group', async () => {
    const narrow = [
      {
        service: 'ec2',
        operation: 'RevokeSecurityGroupIngress',
        input: {
          GroupId: ci.resourceId,
          IpPermissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '10.0.0.0/8' }] }],
        },
      },
    ];
    await expect(apply(narrow, ci)).rejects.toThrow(InvalidInputError);
    const other = [{ ...plan[0]!, input: { ...plan[0]!.input, GroupId: 'sg-other' } }];
    await expect(applyDeclared(rule, sendWith(clients), other, liveOf(rule, ci, defaults), defaults)).rejects.toThrow(
      PlanOutsideDeclarationError,
    );
    expect(revokes()).toHaveLength(0);
  });

  it('a revoke EC2 refuses propagates (recorded as FAILED upstream)', async () => {
    ec2
      .on(RevokeSecurityGroupIngressCommand)
      .rejects(
        Object.assign(new Error("The security group 'sg-22992c53' does not exist"), { name: 'InvalidGroup.NotFound' }),
      );
    await expect(apply(plan, ci)).rejects.toMatchObject({ name: 'InvalidGroup.NotFound' });
  });
});
