/**
 * ec2-instance-admin-security-group: every live VPC instance carries the administrator security group
 * (the one operations use to reach instances), found by id, or by name in the instance's VPC *and*
 * a tag Warden is told to expect (`tag`): a name alone could be planted by anyone who may create a
 * group in that VPC. A candidate group with ingress open to the internet is never attached, whatever
 * found it: the finding stays NON_COMPLIANT and the plan refuses, saying why.
 * Disabled until configured: without `adminSecurityGroup` every instance is NOT_APPLICABLE.
 *
 * Remediation adds the group and never drops one: ModifyInstanceAttribute `Groups` = the instance's
 * current groups + the admin group. An instance with several network interfaces refuses that call
 * ("There are multiple interfaces attached to instance"), so for those the admin group is added to the
 * primary interface (device index 0) with ModifyNetworkInterfaceAttribute, the others are left alone.
 * `apply` adds the group to what the live instance has *now*, when the rule's verdict on the live state
 * resolves the same group as the plan (the planned call's last group).
 *
 * Reads what AWS Config records for AWS::EC2::Instance (`configuration.{state.name, vpcId,
 * securityGroups[].{groupId, groupName}, networkInterfaces[].{networkInterfaceId, groups[],
 * attachment.deviceIndex}}`) and the account's AWS::EC2::SecurityGroup items of the same region
 * (`configuration.{groupId, groupName, vpcId}`) through the evaluation context.
 *
 * Length: remediating, over 160 lines: resolving and vetting the group (id or name + expected tag,
 * never one open to the internet) and adding it without dropping any (instance or primary interface) is
 * the safety this rule exists for.
 */
import { z } from 'zod';
import { isGone } from '../../shared/ci';
import { InvalidInputError, UnknownPropertyError } from '../../shared/errors';
import type { ApiCall, ConfigurationItem, Evaluation } from '../../shared/model';
import { isRecord, listOf, numberOf, stateOf, stringOf, tagsOf } from '../ci-values';
import { defineRule, type EvaluationContext, type LiveState, liveItem, type SendApiCall } from '../rule';
import { worldOpenIngress } from './ingress-permissions';

const SECURITY_GROUP_TYPE = 'AWS::EC2::SecurityGroup';
const INACTIVE_STATES = new Set(['terminated', 'shutting-down']);

const AdminGroupSchema = z
  .object({
    /** Group name, resolved in each instance's VPC (names are unique per VPC); requires `tag`. */
    name: z.string().min(1).max(255).optional(),
    /**
     * With `name`: the tag the group must carry to be the administrator group (e.g. one your platform
     * stack sets and IAM reserves to it). A group of that name without it is refused. Required with `name`.
     */
    tag: z
      .object({ key: z.string().min(1).max(128), value: z.string().max(256) })
      .strict()
      .optional(),
    /** Group id; only instances of that group's VPC can carry it. */
    id: z
      .string()
      .regex(/^sg-[0-9a-f]{8,17}$/, 'must be a security group id such as sg-0123456789abcdef0')
      .optional(),
  })
  .strict()
  .refine((g) => (g.name === undefined) !== (g.id === undefined), 'set exactly one of name or id')
  .refine(
    (g) => g.name === undefined || g.tag !== undefined,
    'by name, also set tag {key, value}: the group must carry a tag Warden expects, or anyone able to create a group of that name in a VPC would get it attached to every instance there',
  );

const parameters = z
  .object({
    /**
     * The administrator security group, `{name}` or `{id}`. @default none: the rule is disabled and
     * every instance is NOT_APPLICABLE until it is configured.
     */
    adminSecurityGroup: AdminGroupSchema.optional(),
  })
  .strict();

type Ec2InstanceAdminSecurityGroupParams = z.infer<typeof parameters>;
type AdminGroup = z.infer<typeof AdminGroupSchema>;

interface GroupRef {
  readonly groupId: string;
  readonly groupName?: string;
}

interface Interface {
  readonly id: string;
  readonly deviceIndex?: number;
  readonly groups: readonly GroupRef[];
}

function groupsOf(value: unknown): GroupRef[] {
  const out: GroupRef[] = [];
  for (const g of listOf(value)) {
    if (!isRecord(g)) continue;
    const groupId = stringOf(g.groupId);
    if (groupId === undefined) continue;
    const groupName = stringOf(g.groupName);
    out.push(groupName === undefined ? { groupId } : { groupId, groupName });
  }
  return out;
}

function interfacesOf(ci: ConfigurationItem): Interface[] {
  const out: Interface[] = [];
  for (const eni of listOf(ci.configuration.networkInterfaces)) {
    if (!isRecord(eni)) continue;
    const id = stringOf(eni.networkInterfaceId);
    if (id === undefined) continue;
    const deviceIndex = isRecord(eni.attachment) ? numberOf(eni.attachment.deviceIndex) : undefined;
    out.push({ id, ...(deviceIndex === undefined ? {} : { deviceIndex }), groups: groupsOf(eni.groups) });
  }
  return out;
}

/** Every group the instance carries: the instance-level list and each interface's. */
function allGroups(ci: ConfigurationItem): GroupRef[] {
  const seen = new Map<string, GroupRef>();
  for (const g of [...groupsOf(ci.configuration.securityGroups), ...interfacesOf(ci).flatMap((e) => e.groups)]) {
    if (!seen.has(g.groupId)) seen.set(g.groupId, g);
  }
  return [...seen.values()];
}

function describeAdmin(admin: AdminGroup): string {
  return admin.id !== undefined ? admin.id : `named "${admin.name}"`;
}

/** The admin group's id for the instance's VPC, resolved from the inventory. */
type Resolution =
  | { readonly kind: 'found'; readonly groupId: string }
  | { readonly kind: 'other-vpc'; readonly groupId: string; readonly vpcId: string }
  | { readonly kind: 'missing'; readonly why: string }
  /** A candidate exists but must not be attached (no expected tag, open to the internet). */
  | { readonly kind: 'refused'; readonly groupId: string; readonly why: string };

/** Why this candidate must not be attached, or `undefined` when it may. */
function refusal(sg: ConfigurationItem, groupId: string): string | undefined {
  const open = worldOpenIngress(sg);
  return open.length === 0
    ? undefined
    : `${groupId} is open to the internet (${open.join('; ')}): attaching it would widen access to every instance, refusing`;
}

function resolveAdmin(admin: AdminGroup, vpcId: string, context: EvaluationContext | undefined): Resolution {
  if (context === undefined) {
    throw new UnknownPropertyError(
      SECURITY_GROUP_TYPE,
      'no evaluation context: the VPC security groups were not looked up',
    );
  }
  const groups = context.related(SECURITY_GROUP_TYPE).filter((sg) => !isGone(sg));
  if (admin.id !== undefined) {
    const sg = groups.find((g) => (stringOf(g.configuration.groupId) ?? g.resourceId) === admin.id);
    if (sg === undefined) {
      return { kind: 'missing', why: `security group ${admin.id} is not in this account-region's inventory` };
    }
    const sgVpc = stringOf(sg.configuration.vpcId);
    if (sgVpc !== undefined && sgVpc !== vpcId) return { kind: 'other-vpc', groupId: admin.id, vpcId: sgVpc };
    const why = refusal(sg, admin.id);
    return why === undefined ? { kind: 'found', groupId: admin.id } : { kind: 'refused', groupId: admin.id, why };
  }
  const sg = groups.find(
    (g) => stringOf(g.configuration.groupName) === admin.name && stringOf(g.configuration.vpcId) === vpcId,
  );
  if (sg === undefined) return { kind: 'missing', why: `${vpcId} has no security group named "${admin.name}"` };
  const groupId = stringOf(sg.configuration.groupId) ?? sg.resourceId;
  const tag = admin.tag;
  const tags = { ...tagsOf(sg), ...sg.tags };
  if (tag === undefined || tags[tag.key] !== tag.value) {
    const expected = tag === undefined ? 'the configured tag' : `the tag ${tag.key}=${tag.value}`;
    return {
      kind: 'refused',
      groupId,
      why: `${groupId} is named "${admin.name}" but does not carry ${expected}: anyone able to create a group could have named it so, refusing`,
    };
  }
  const why = refusal(sg, groupId);
  return why === undefined ? { kind: 'found', groupId } : { kind: 'refused', groupId, why };
}

/**
 * Whether the instance already carries the admin group: the configured id, or the group resolved
 * (and vetted) by name. A group that merely has the name does not count: it may be a planted one.
 */
function carriesAdmin(groups: readonly GroupRef[], admin: AdminGroup, resolvedId: string | undefined): boolean {
  return groups.some(
    (g) => (admin.id !== undefined && g.groupId === admin.id) || (resolvedId !== undefined && g.groupId === resolvedId),
  );
}

/** Why the rule does not apply to this instance, or `undefined` when it does. */
function notApplicable(ci: ConfigurationItem, params: Ec2InstanceAdminSecurityGroupParams): string | undefined {
  if (isGone(ci)) return `Instance ${ci.resourceId} no longer exists or is not recorded (${ci.status})`;
  if (params.adminSecurityGroup === undefined) {
    return 'ec2-instance-admin-security-group is not configured: set parameters.adminSecurityGroup to {"id": …} or {"name": …, "tag": {"key": …, "value": …}} to enable it';
  }
  const state = stateOf(ci.configuration.state);
  if (state !== undefined && INACTIVE_STATES.has(state)) return `Instance ${ci.resourceId} is ${state}`;
  if (stringOf(ci.configuration.vpcId) === undefined) {
    return `Instance ${ci.resourceId} is not in a VPC (no vpcId recorded): security groups cannot be changed`;
  }
  return undefined;
}

function evaluate(
  ci: ConfigurationItem,
  params: Ec2InstanceAdminSecurityGroupParams,
  context?: EvaluationContext,
): Evaluation {
  const na = notApplicable(ci, params);
  const admin = params.adminSecurityGroup;
  if (na !== undefined || admin === undefined) return { status: 'NOT_APPLICABLE', message: na ?? '' };
  const vpcId = stringOf(ci.configuration.vpcId) ?? '';
  const groups = allGroups(ci);
  const evidence = { vpcId, securityGroups: groups.map((g) => g.groupId) };
  // Already there by id: no lookup needed (by name, only the vetted group counts).
  if (carriesAdmin(groups, admin, undefined)) {
    return {
      status: 'COMPLIANT',
      message: `Instance ${ci.resourceId} carries the administrator security group ${describeAdmin(admin)}`,
      evidence,
    };
  }
  const resolved = resolveAdmin(admin, vpcId, context);
  if (resolved.kind === 'other-vpc') {
    return {
      status: 'NOT_APPLICABLE',
      message: `Instance ${ci.resourceId} is in ${vpcId}; the administrator group ${resolved.groupId} belongs to ${resolved.vpcId} and cannot be attached to it`,
      evidence,
    };
  }
  if (resolved.kind === 'found' && carriesAdmin(groups, admin, resolved.groupId)) {
    return {
      status: 'COMPLIANT',
      message: `Instance ${ci.resourceId} carries the administrator security group ${resolved.groupId}`,
      evidence: { ...evidence, adminGroupId: resolved.groupId },
    };
  }
  const interfaces = interfacesOf(ci);
  const parts = [
    `Instance ${ci.resourceId} lacks the administrator security group ${describeAdmin(admin)}${resolved.kind === 'found' ? ` (${resolved.groupId} in ${vpcId})` : ''}`,
  ];
  if (resolved.kind === 'missing' || resolved.kind === 'refused') {
    parts.push(`it cannot be attached automatically: ${resolved.why}`);
  } else if (interfaces.length > 1) {
    parts.push(`the instance has ${interfaces.length} network interfaces: the group is added to the primary one`);
  }
  return {
    status: 'NON_COMPLIANT',
    message: parts.join('; '),
    evidence: { ...evidence, ...(resolved.kind === 'found' ? { adminGroupId: resolved.groupId } : {}) },
  };
}

function plan(
  ci: ConfigurationItem,
  params: Ec2InstanceAdminSecurityGroupParams,
  context?: EvaluationContext,
): ApiCall[] {
  const admin = params.adminSecurityGroup;
  if (notApplicable(ci, params) !== undefined || admin === undefined) return [];
  const vpcId = stringOf(ci.configuration.vpcId) ?? '';
  if (carriesAdmin(allGroups(ci), admin, undefined)) return [];
  const resolved = resolveAdmin(admin, vpcId, context);
  if (resolved.kind !== 'found') {
    throw new InvalidInputError(
      `cannot add the administrator security group to ${ci.resourceId}: ${resolved.kind === 'other-vpc' ? `${resolved.groupId} is in ${resolved.vpcId}, not ${vpcId}` : resolved.why}`,
    );
  }
  return addGroup(ci, resolved.groupId);
}

/**
 * The call that adds `adminId` to the groups `ci` carries (none when it carries it): to the primary
 * interface's when the instance has several (EC2 refuses ModifyInstanceAttribute then), else to the instance's.
 */
function addGroup(ci: ConfigurationItem, adminId: string): ApiCall[] {
  if (allGroups(ci).some((g) => g.groupId === adminId)) return [];
  const interfaces = interfacesOf(ci);
  if (interfaces.length > 1) {
    const primary = interfaces.find((e) => e.deviceIndex === 0);
    if (primary === undefined) {
      throw new InvalidInputError(
        `${ci.resourceId} has ${interfaces.length} network interfaces and none recorded at device index 0: add ${adminId} by hand`,
      );
    }
    if (primary.groups.some((g) => g.groupId === adminId)) return [];
    return [
      {
        service: 'ec2',
        operation: 'ModifyNetworkInterfaceAttribute',
        input: { NetworkInterfaceId: primary.id, Groups: [...primary.groups.map((g) => g.groupId), adminId] },
      },
    ];
  }
  const current = allGroups(ci).map((g) => g.groupId);
  if (current.length === 0) {
    // Groups replaces the whole list: never turn "unknown" into "admin group only".
    throw new InvalidInputError(
      `${ci.resourceId} has no security groups recorded; refusing to replace them with ${adminId} alone`,
    );
  }
  return [
    {
      service: 'ec2',
      operation: 'ModifyInstanceAttribute',
      input: { InstanceId: ci.resourceId, Groups: [...current, adminId] },
    },
  ];
}

/** The group a planned call adds: the last of its `Groups` (see `addGroup`). */
function adminOf(call: ApiCall): string {
  const groups = listOf(call.input.Groups);
  const last = stringOf(groups[groups.length - 1]);
  if (last === undefined) throw new InvalidInputError(`${call.operation} plan has no Groups`);
  return last;
}

/**
 * Adds the group the rule resolved and vetted on the live state (its verdict's `adminGroupId`) to
 * the groups the live instance has now, and only when that is the very group that was planned.
 */
async function apply(send: SendApiCall, calls: readonly ApiCall[], live: LiveState): Promise<void> {
  if (live.evaluation.status !== 'NON_COMPLIANT') return;
  const adminId = stringOf(live.evaluation.evidence?.adminGroupId);
  if (adminId === undefined) throw new InvalidInputError(`nothing sent: ${live.evaluation.message}`);
  const planned = calls.map(adminOf);
  if (!planned.includes(adminId)) {
    throw new InvalidInputError(
      `the administrator group resolved now (${adminId}) is not the one planned (${planned.join(', ')}); nothing sent, sweep again`,
    );
  }
  for (const call of addGroup(liveItem(live), adminId)) await send(call);
}

function groupText(params: Ec2InstanceAdminSecurityGroupParams): { group: string; ref: string } {
  const admin = params.adminSecurityGroup;
  return {
    group: admin === undefined ? 'the administrator security group' : describeAdmin(admin),
    ref: admin?.id ?? '<admin-group-id>',
  };
}

const ec2InstanceAdminSecurityGroup = defineRule<Ec2InstanceAdminSecurityGroupParams>({
  id: 'ec2-instance-admin-security-group',
  title: 'EC2 instances carry the administrator security group',
  severity: 'MEDIUM',
  controls: [],
  controlsNote:
    "No FSBP or CIS control: attaching an administrator security group is an organization's own access policy (seed scenario 4, on RunInstances).",
  rationale:
    "Operations reach every instance through one administrator security group; an instance launched without it cannot be administered the standard way. Adding a security group only allows more traffic (groups have no deny rules) and keeps the instance's other groups, so the fix is safe and remediates by default, once the group is configured.",
  resourceTypes: ['AWS::EC2::Instance'],
  triggers: {
    cloudTrail: [{ source: 'aws.ec2', eventNames: ['RunInstances'] }],
    configChange: true,
    sweep: true,
  },
  relatedTypes: [SECURITY_GROUP_TYPE],
  defaultMode: 'remediate',
  parameters,
  evaluate,
  remediation: {
    risk: 'safe',
    operations: [
      { service: 'ec2', operation: 'ModifyInstanceAttribute', target: 'InstanceId' },
      {
        service: 'ec2',
        operation: 'ModifyNetworkInterfaceAttribute',
        target: 'NetworkInterfaceId',
        names: { recordedAt: 'configuration.networkInterfaces[].networkInterfaceId' },
      },
    ],
    plan,
    apply,
  },
  iac: {
    cloudformation: 'SecurityGroupIds',
    change: (_ci, params) =>
      `add ${groupText(params).group} to SecurityGroupIds (or to NetworkInterfaces[DeviceIndex 0].GroupSet); keep the existing groups`,
    cdk: (_ci, params) =>
      `instance.addSecurityGroup(ec2.SecurityGroup.fromSecurityGroupId(this, 'AdminSg', '${groupText(params).ref}'))`,
    terraform: (_ci, params) => `add "${groupText(params).ref}" to vpc_security_group_ids on aws_instance`,
  },
});

export { type Ec2InstanceAdminSecurityGroupParams, ec2InstanceAdminSecurityGroup };
