import {
  DescribeInstancesCommand,
  EC2Client,
  ModifyInstanceAttributeCommand,
  ModifyNetworkInterfaceAttributeCommand,
} from '@aws-sdk/client-ec2';
import { S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { applyDeclared, PlanOutsideDeclarationError } from '../../../../tasks/engine/plan-guard';
import { contextOf } from '../../../../tasks/rules/context';
import { ec2InstanceAdminSecurityGroup as rule } from '../../../../tasks/rules/ec2/ec2-instance-admin-security-group';
import { resolveRuleParameters } from '../../../../tasks/rules/index';
import type { AwsClients, EvaluationContext } from '../../../../tasks/rules/rule';
import { InvalidInputError, UnknownPropertyError } from '../../../../tasks/shared/errors';
import type { ApiCall, ConfigurationItem } from '../../../../tasks/shared/model';
import { readRuleFixtureCase } from '../../../support/ci-builder';
import { liveOf, sendWith } from '../../../support/live';
import { otherClients } from '../../../support/other-clients';

const RULE_ID = 'ec2-instance-admin-security-group';
const INSTANCE = 'i-03402838daac1d611';
const ADMIN = 'sg-0a1b2c3d4e5f60718';
const TAG = { key: 'warden:admin-security-group', value: 'true' };
const byName = rule.parameters.parse({ adminSecurityGroup: { name: 'warden-admin', tag: TAG } });
const byId = rule.parameters.parse({ adminSecurityGroup: { id: ADMIN } });

function load(name: string) {
  const fixture = readRuleFixtureCase(RULE_ID, name);
  return {
    ci: fixture.ci,
    params: resolveRuleParameters(rule, fixture.parameters),
    context: contextOf(fixture.ci, [fixture.ci, ...fixture.related]),
  };
}

describe('ec2-instance-admin-security-group: definition and parameters', () => {
  it('is disabled by default: no group configured', () => {
    expect(rule.id).toBe(RULE_ID);
    expect(rule.defaultMode).toBe('remediate');
    expect(rule.parameters.parse({})).toEqual({});
    expect(rule.remediation?.permissions).toEqual([
      'ec2:ModifyInstanceAttribute',
      'ec2:ModifyNetworkInterfaceAttribute',
    ]);
  });

  it.each([
    [{ adminSecurityGroup: {} }, 'set exactly one of name or id'],
    [{ adminSecurityGroup: { name: 'a', id: ADMIN } }, 'set exactly one of name or id'],
    [{ adminSecurityGroup: { id: 'admin' } }, 'must be a security group id'],
    [{ adminSecurityGroup: { name: 'a', vpc: 'x' } }, 'vpc'],
    [{ adminSecurityGroup: { name: 'warden-admin' } }, 'by name, also set tag {key, value}'],
  ])('rejects %j', (value, message) => {
    expect(() => resolveRuleParameters(rule, value)).toThrow(message);
  });
});

describe('ec2-instance-admin-security-group: evaluate', () => {
  it('unconfigured: NOT_APPLICABLE, saying how to enable it', () => {
    const { ci } = load('not-applicable-unconfigured');
    expect(rule.evaluate(ci, {})).toEqual({
      status: 'NOT_APPLICABLE',
      message:
        'ec2-instance-admin-security-group is not configured: set parameters.adminSecurityGroup to {"id": …} or {"name": …, "tag": {"key": …, "value": …}} to enable it',
    });
  });

  it('by name: resolved in the instance VPC, not in another VPC with a group of the same name', () => {
    const { ci, params, context } = load('non-compliant');
    expect(rule.evaluate(ci, params, context)).toEqual({
      status: 'NON_COMPLIANT',
      message: `Instance ${INSTANCE} lacks the administrator security group named "warden-admin" (${ADMIN} in vpc-79b3ea1e)`,
      evidence: { vpcId: 'vpc-79b3ea1e', securityGroups: ['sg-fd215482'], adminGroupId: ADMIN },
    });
    expect(rule.remediation?.plan(ci, params, context)).toEqual([
      {
        service: 'ec2',
        operation: 'ModifyInstanceAttribute',
        input: { InstanceId: INSTANCE, Groups: ['sg-fd215482', ADMIN] },
      },
    ]);
  });

  it('compliant when the instance carries the group (by name, or by id without any lookup)', () => {
    const named = load('compliant');
    expect(rule.evaluate(named.ci, named.params, named.context).status).toBe('COMPLIANT');
    const id = load('compliant-by-id');
    expect(rule.evaluate(id.ci, id.params).message).toBe(
      `Instance ${INSTANCE} carries the administrator security group ${ADMIN}`,
    );
  });

  it('a VPC without the named group: NON_COMPLIANT, and the plan refuses saying why', () => {
    const { ci, params, context } = load('non-compliant-unplannable-no-admin-group-in-vpc');
    const result = rule.evaluate(ci, params, context);
    expect(result.message).toBe(
      `Instance ${INSTANCE} lacks the administrator security group named "warden-admin"; it cannot be attached automatically: vpc-79b3ea1e has no security group named "warden-admin"`,
    );
    expect(() => rule.remediation?.plan(ci, params, context)).toThrow(
      `cannot add the administrator security group to ${INSTANCE}: vpc-79b3ea1e has no security group named "warden-admin"`,
    );
  });

  it('by id, a group of another VPC cannot be attached: NOT_APPLICABLE', () => {
    const { ci, params, context } = load('not-applicable-admin-group-in-another-vpc');
    expect(rule.evaluate(ci, params, context).message).toBe(
      `Instance ${INSTANCE} is in vpc-79b3ea1e; the administrator group sg-0f0e0d0c0b0a09080 belongs to vpc-0990dc6d and cannot be attached to it`,
    );
  });

  it('by id, a group not in the inventory is reported, never attached blindly', () => {
    const { ci, params, context } = load('non-compliant-unplannable-id-not-in-inventory');
    expect(rule.evaluate(ci, params, context).status).toBe('NON_COMPLIANT');
    expect(() => rule.remediation?.plan(ci, params, context)).toThrow(InvalidInputError);
  });

  describe('a planted administrator group is never attached (issue 14 item 4)', () => {
    const { ci, params, context: _unused } = load('non-compliant');
    const inVpc = load('non-compliant').context.related('AWS::EC2::SecurityGroup');
    const admin = inVpc.find((g) => g.resourceId === ADMIN) as ConfigurationItem;
    const others = inVpc.filter((g) => g.resourceId !== ADMIN);
    const withAdmin = (group: ConfigurationItem) => contextOf(ci, [ci, ...others, group]);
    const worldSsh = {
      ipProtocol: 'tcp',
      fromPort: 22,
      toPort: 22,
      ipRanges: ['0.0.0.0/0'],
      ipv4Ranges: [{ cidrIp: '0.0.0.0/0' }],
    };

    it('by name, a group of that name without the configured tag is refused, saying why', () => {
      const planted = { ...admin, tags: {} };
      const why = `${ADMIN} is named "warden-admin" but does not carry the tag warden:admin-security-group=true: anyone able to create a group could have named it so, refusing`;
      expect(rule.evaluate(ci, params, withAdmin(planted))).toMatchObject({
        status: 'NON_COMPLIANT',
        message: `Instance ${INSTANCE} lacks the administrator security group named "warden-admin"; it cannot be attached automatically: ${why}`,
      });
      expect(() => rule.remediation?.plan(ci, params, withAdmin(planted))).toThrow(why);
    });

    it.each([
      ['by name', undefined],
      ['by id', byId],
    ])('%s, a candidate open to 0.0.0.0/0 is refused, saying why', (_how, override) => {
      const open = { ...admin, configuration: { ...admin.configuration, ipPermissions: [worldSsh] } };
      const why = `${ADMIN} is open to the internet (tcp/22 from 0.0.0.0/0): attaching it would widen access to every instance, refusing`;
      const p = override ?? params;
      const result = rule.evaluate(ci, p, withAdmin(open));
      expect(result.status).toBe('NON_COMPLIANT');
      expect(result.message).toContain(`it cannot be attached automatically: ${why}`);
      expect(() => rule.remediation?.plan(ci, p, withAdmin(open))).toThrow(why);
    });

    it('an instance carrying a planted group of that name is not compliant for it', () => {
      const planted = { ...admin, tags: {} };
      const carrying: ConfigurationItem = {
        ...ci,
        configuration: { ...ci.configuration, securityGroups: [{ groupId: ADMIN, groupName: 'warden-admin' }] },
      };
      expect(rule.evaluate(carrying, params, withAdmin(planted)).status).toBe('NON_COMPLIANT');
    });

    it('apply re-vets the group on the live state: opened to the internet since the plan, nothing is sent', async () => {
      const plan = rule.remediation?.plan(ci, params, withAdmin(admin)) ?? [];
      expect(plan).toHaveLength(1);
      const open = { ...admin, configuration: { ...admin.configuration, ipPermissions: [worldSsh] } };
      const sent: unknown[] = [];
      await expect(
        rule.remediation?.apply(
          async (call) => sent.push(call),
          plan,
          liveOf(rule, ci, params, withAdmin(open)),
          params,
        ),
      ).rejects.toThrow('is open to the internet');
      expect(sent).toEqual([]);
    });
  });

  it('needs the evaluation context when the instance lacks the group', () => {
    const { ci } = load('non-compliant');
    expect(() => rule.evaluate(ci, byName)).toThrow(UnknownPropertyError);
  });

  it('terminated and VPC-less instances are not applicable', () => {
    for (const name of ['not-applicable-terminated', 'not-applicable-no-vpc']) {
      const { ci, params, context } = load(name);
      expect(rule.evaluate(ci, params, context).status).toBe('NOT_APPLICABLE');
      expect(rule.remediation?.plan(ci, params, context)).toEqual([]);
    }
  });
});

describe('ec2-instance-admin-security-group: plan', () => {
  it('several network interfaces: ModifyNetworkInterfaceAttribute on the primary one (device index 0) only', () => {
    const { ci, params, context } = load('non-compliant-multiple-network-interfaces');
    expect(rule.evaluate(ci, params, context).message).toContain(
      'the instance has 2 network interfaces: the group is added to the primary one',
    );
    expect(rule.remediation?.plan(ci, params, context)).toEqual([
      {
        service: 'ec2',
        operation: 'ModifyNetworkInterfaceAttribute',
        input: { NetworkInterfaceId: 'eni-d055cfc4', Groups: ['sg-fd215482', ADMIN] },
      },
    ]);
  });

  it('refuses when no interface is recorded at device index 0', () => {
    const { ci, params, context } = load('non-compliant-multiple-network-interfaces');
    const enis = (ci.configuration.networkInterfaces as Array<Record<string, unknown>>).map((e) => ({
      ...e,
      attachment: { deviceIndex: 3 },
    }));
    const odd: ConfigurationItem = { ...ci, configuration: { ...ci.configuration, networkInterfaces: enis } };
    expect(() => rule.remediation?.plan(odd, params, context)).toThrow('none recorded at device index 0');
  });

  it('never replaces unknown groups with the admin group alone', () => {
    const { ci, params, context } = load('non-compliant');
    const bare: ConfigurationItem = {
      ...ci,
      configuration: { ...ci.configuration, securityGroups: [], networkInterfaces: [] },
    };
    expect(() => rule.remediation?.plan(bare, params, context)).toThrow('refusing to replace them');
  });

  it('by id, in the same VPC', () => {
    const { ci, params, context } = load('non-compliant-by-id');
    expect(rule.remediation?.plan(ci, params, context)[0]?.input).toEqual({
      InstanceId: INSTANCE,
      Groups: ['sg-fd215482', ADMIN],
    });
  });

  it('the planned groups, once recorded, make the instance compliant', () => {
    const { ci, params, context } = load('non-compliant');
    const planned = rule.remediation?.plan(ci, params, context)[0]?.input.Groups as string[] | undefined;
    const groups = (planned ?? []).map((groupId) => ({ groupId }));
    const after: ConfigurationItem = { ...ci, configuration: { ...ci.configuration, securityGroups: groups } };
    expect(rule.evaluate(after, params, context).status).toBe('COMPLIANT');
  });

  it('iacHint names the property and the group', () => {
    const { ci } = load('non-compliant');
    expect(rule.iacHint(ci, byId)).toMatchObject({
      propertyPath: 'SecurityGroupIds',
      terraform: `add "${ADMIN}" to vpc_security_group_ids on aws_instance`,
    });
  });
});

describe('ec2-instance-admin-security-group: apply', () => {
  const ec2 = mockClient(EC2Client);
  const clients: AwsClients = {
    of: otherClients,
    s3: new S3Client({ region: 'us-east-1' }),
    ec2: new EC2Client({ region: 'us-east-1' }),
  };
  afterEach(() => ec2.reset());
  /** The instance as read right before the write: these instance-level groups and interfaces. */
  const liveInstance = (
    ci: ConfigurationItem,
    groups: string[],
    enis?: Array<{ id: string; groups: string[]; index: number }>,
  ): ConfigurationItem => ({
    ...ci,
    configuration: {
      ...ci.configuration,
      securityGroups: groups.map((groupId) => ({ groupId })),
      ...(enis === undefined
        ? {}
        : {
            networkInterfaces: enis.map((e) => ({
              networkInterfaceId: e.id,
              groups: e.groups.map((groupId) => ({ groupId })),
              attachment: { deviceIndex: e.index },
            })),
          }),
    },
  });
  const apply = (calls: ApiCall[], live: ConfigurationItem, params: typeof byName, context: EvaluationContext) =>
    rule.remediation?.apply(sendWith(clients), calls, liveOf(rule, live, params, context), params);

  it('adds the group to the groups the instance has now (a group added since the CI is kept)', async () => {
    const { ci, params, context } = load('non-compliant');
    const plan = rule.remediation?.plan(ci, params, context) ?? [];
    ec2.on(ModifyInstanceAttributeCommand).resolves({});
    await apply(plan, liveInstance(ci, ['sg-fd215482', 'sg-0new']), params, context);
    expect(ec2.commandCalls(ModifyInstanceAttributeCommand).map((c) => c.args[0].input)).toEqual([
      { InstanceId: INSTANCE, Groups: ['sg-fd215482', 'sg-0new', ADMIN] },
    ]);
    expect(ec2.commandCalls(DescribeInstancesCommand)).toHaveLength(0);
  });

  it('sends nothing when the group is already there (idempotent)', async () => {
    const { ci, params, context } = load('non-compliant');
    const plan = rule.remediation?.plan(ci, params, context) ?? [];
    await apply(plan, liveInstance(ci, ['sg-fd215482', ADMIN]), params, context);
    expect(ec2.commandCalls(ModifyInstanceAttributeCommand)).toHaveLength(0);
  });

  it('per interface: adds to the live groups of the planned interface only', async () => {
    const { ci, params, context } = load('non-compliant-multiple-network-interfaces');
    const plan = rule.remediation?.plan(ci, params, context) ?? [];
    const live = liveInstance(
      ci,
      ['sg-fd215482'],
      [
        { id: 'eni-0b2c3d4e5f6a7b8c9', groups: ['sg-0c0c0c0c0c0c0c0c0'], index: 1 },
        { id: 'eni-d055cfc4', groups: ['sg-fd215482', 'sg-0new'], index: 0 },
      ],
    );
    ec2.on(ModifyNetworkInterfaceAttributeCommand).resolves({});
    await apply(plan, live, params, context);
    expect(ec2.commandCalls(ModifyNetworkInterfaceAttributeCommand).map((c) => c.args[0].input)).toEqual([
      { NetworkInterfaceId: 'eni-d055cfc4', Groups: ['sg-fd215482', 'sg-0new', ADMIN] },
    ]);
    expect(ec2.commandCalls(ModifyInstanceAttributeCommand)).toHaveLength(0);
  });

  it('the engine refuses foreign calls; apply refuses a group resolved now that is not the planned one', async () => {
    const { ci, params, context } = load('non-compliant');
    const foreign = [
      { service: 'ec2', operation: 'ModifyInstanceAttribute', input: { InstanceId: 'i-other', Groups: [ADMIN] } },
    ];
    await expect(
      applyDeclared(rule, sendWith(clients), foreign, liveOf(rule, ci, params, context), params),
    ).rejects.toThrow(PlanOutsideDeclarationError);
    const other = [
      { service: 'ec2', operation: 'ModifyInstanceAttribute', input: { InstanceId: INSTANCE, Groups: ['sg-0other'] } },
    ];
    await expect(apply(other, ci, params, context)).rejects.toThrow('is not the one planned');
    expect(ec2.calls()).toHaveLength(0);
  });
});
