/**
 * Every IAM action Warden is granted, derived from what the code declares:
 * - `WardenAudit` (member accounts, read-only): each rule's `permissions.read` (all rules in the
 *   registry, so enabling a rule never needs a member-stack update to read; composed by `defineRule`
 *   from what the collectors of its resource types declare, `tasks/shared/inventory/permissions.ts`)
 *   plus every SDK call the live collectors make (`COLLECTOR_API_CALLS`, kept in step with
 *   `tasks/shared/inventory/` by a test that reads the collectors' source);
 * - `WardenRemediate` (member accounts): the `remediation.permissions` of the rules the deployment's
 *   `warden` config enables (derived from the operations each remediation declares it may plan),
 *   plus their `permissions.read` (the live re-read around every write) — a disabled rule's write
 *   actions are never granted;
 * - the member accounts' event forwarding: the triggers of the enabled rules (`forwardedEvents`);
 * - the central task roles: what each task does (see `constructs/sweep-workflow.ts`).
 */

import { activeEventRules } from '../tasks/rules/events/settings';
import { RULES } from '../tasks/rules/index';
import type { Rule } from '../tasks/rules/rule';
import { activeRules } from '../tasks/rules/settings';
import type { WardenConfig } from '../tasks/shared/config';

/** One SDK call a collector makes and the IAM action that authorizes it (they differ, e.g. S3). */
interface CollectorApiCall {
  /** The SDK v3 package suffix: `s3` for `@aws-sdk/client-s3`. */
  readonly client: string;
  /** The SDK operation (`ListBuckets`), i.e. the command name without `Command`. */
  readonly operation: string;
  /** The IAM action it needs. */
  readonly action: string;
  /**
   * Where the action is granted: `member` = the WardenAudit role; `central` = the Collect task's
   * own role (the AssumeRole into the member account).
   */
  readonly grantedIn: 'member' | 'central';
}

/**
 * What `tasks/shared/inventory/` (the sweep's collectors and the event path's
 * reader) call with the audit role. The test `test/infra/permissions.test.ts` reads their source
 * and fails when one calls an operation missing here. IAM action names from the Service Authorization Reference
 * (S3's differ from its API names: GetBucketEncryption → s3:GetEncryptionConfiguration,
 * GetPublicAccessBlock → s3:GetBucketPublicAccessBlock, ListBuckets → s3:ListAllMyBuckets).
 */
const COLLECTOR_API_CALLS: readonly CollectorApiCall[] = [
  { client: 'sts', operation: 'AssumeRole', action: 'sts:AssumeRole', grantedIn: 'central' },
  { client: 's3', operation: 'ListBuckets', action: 's3:ListAllMyBuckets', grantedIn: 'member' },
  { client: 's3', operation: 'GetBucketLocation', action: 's3:GetBucketLocation', grantedIn: 'member' },
  { client: 's3', operation: 'GetBucketEncryption', action: 's3:GetEncryptionConfiguration', grantedIn: 'member' },
  { client: 's3', operation: 'GetPublicAccessBlock', action: 's3:GetBucketPublicAccessBlock', grantedIn: 'member' },
  { client: 's3', operation: 'GetBucketTagging', action: 's3:GetBucketTagging', grantedIn: 'member' },
  {
    client: 's3-control',
    operation: 'GetPublicAccessBlock',
    action: 's3:GetAccountPublicAccessBlock',
    grantedIn: 'member',
  },
  { client: 'ec2', operation: 'DescribeInstances', action: 'ec2:DescribeInstances', grantedIn: 'member' },
  { client: 'ec2', operation: 'DescribeSecurityGroups', action: 'ec2:DescribeSecurityGroups', grantedIn: 'member' },
  { client: 'ec2', operation: 'DescribeSubnets', action: 'ec2:DescribeSubnets', grantedIn: 'member' },
  { client: 'ec2', operation: 'DescribeVpcs', action: 'ec2:DescribeVpcs', grantedIn: 'member' },
  { client: 'ec2', operation: 'DescribeVolumes', action: 'ec2:DescribeVolumes', grantedIn: 'member' },
  { client: 'rds', operation: 'DescribeDBInstances', action: 'rds:DescribeDBInstances', grantedIn: 'member' },
  {
    client: 'config-service',
    operation: 'DescribeConfigurationRecorderStatus',
    action: 'config:DescribeConfigurationRecorderStatus',
    grantedIn: 'member',
  },
  {
    client: 'config-service',
    operation: 'SelectResourceConfig',
    action: 'config:SelectResourceConfig',
    grantedIn: 'member',
  },
  // IAM (global)
  // (IAM's action names are its API names: Service Authorization Reference, IAM)
  { client: 'iam', operation: 'GetAccountSummary', action: 'iam:GetAccountSummary', grantedIn: 'member' },
  { client: 'iam', operation: 'GetAccountPasswordPolicy', action: 'iam:GetAccountPasswordPolicy', grantedIn: 'member' },
  { client: 'iam', operation: 'ListVirtualMFADevices', action: 'iam:ListVirtualMFADevices', grantedIn: 'member' },
  { client: 'iam', operation: 'ListUsers', action: 'iam:ListUsers', grantedIn: 'member' },
  { client: 'iam', operation: 'GetUser', action: 'iam:GetUser', grantedIn: 'member' },
  { client: 'iam', operation: 'ListUserPolicies', action: 'iam:ListUserPolicies', grantedIn: 'member' },
  { client: 'iam', operation: 'ListAttachedUserPolicies', action: 'iam:ListAttachedUserPolicies', grantedIn: 'member' },
  { client: 'iam', operation: 'ListGroupsForUser', action: 'iam:ListGroupsForUser', grantedIn: 'member' },
  { client: 'iam', operation: 'ListAccessKeys', action: 'iam:ListAccessKeys', grantedIn: 'member' },
  { client: 'iam', operation: 'GetAccessKeyLastUsed', action: 'iam:GetAccessKeyLastUsed', grantedIn: 'member' },
  { client: 'iam', operation: 'GetLoginProfile', action: 'iam:GetLoginProfile', grantedIn: 'member' },
  { client: 'iam', operation: 'ListMFADevices', action: 'iam:ListMFADevices', grantedIn: 'member' },
  { client: 'iam', operation: 'ListPolicies', action: 'iam:ListPolicies', grantedIn: 'member' },
  { client: 'iam', operation: 'GetPolicyVersion', action: 'iam:GetPolicyVersion', grantedIn: 'member' },
  // account baseline (CloudTrail, Config, GuardDuty, Security Hub, EBS defaults)
  { client: 'cloudtrail', operation: 'DescribeTrails', action: 'cloudtrail:DescribeTrails', grantedIn: 'member' },
  { client: 'cloudtrail', operation: 'GetTrailStatus', action: 'cloudtrail:GetTrailStatus', grantedIn: 'member' },
  { client: 'cloudtrail', operation: 'GetEventSelectors', action: 'cloudtrail:GetEventSelectors', grantedIn: 'member' },
  {
    client: 'config-service',
    operation: 'DescribeConfigurationRecorders',
    action: 'config:DescribeConfigurationRecorders',
    grantedIn: 'member',
  },
  { client: 'guardduty', operation: 'ListDetectors', action: 'guardduty:ListDetectors', grantedIn: 'member' },
  { client: 'guardduty', operation: 'GetDetector', action: 'guardduty:GetDetector', grantedIn: 'member' },
  { client: 'securityhub', operation: 'DescribeHub', action: 'securityhub:DescribeHub', grantedIn: 'member' },
  {
    client: 'ec2',
    operation: 'GetEbsEncryptionByDefault',
    action: 'ec2:GetEbsEncryptionByDefault',
    grantedIn: 'member',
  },
  { client: 'ec2', operation: 'GetEbsDefaultKmsKeyId', action: 'ec2:GetEbsDefaultKmsKeyId', grantedIn: 'member' },
  // S3
  { client: 's3', operation: 'GetBucketPolicy', action: 's3:GetBucketPolicy', grantedIn: 'member' },
  { client: 's3', operation: 'GetBucketAcl', action: 's3:GetBucketAcl', grantedIn: 'member' },
  { client: 's3', operation: 'GetBucketLogging', action: 's3:GetBucketLogging', grantedIn: 'member' },
  { client: 's3', operation: 'GetBucketVersioning', action: 's3:GetBucketVersioning', grantedIn: 'member' },
  // KMS, DynamoDB, Lambda
  { client: 'kms', operation: 'ListKeys', action: 'kms:ListKeys', grantedIn: 'member' },
  { client: 'kms', operation: 'DescribeKey', action: 'kms:DescribeKey', grantedIn: 'member' },
  { client: 'kms', operation: 'GetKeyRotationStatus', action: 'kms:GetKeyRotationStatus', grantedIn: 'member' },
  { client: 'dynamodb', operation: 'ListTables', action: 'dynamodb:ListTables', grantedIn: 'member' },
  { client: 'dynamodb', operation: 'DescribeTable', action: 'dynamodb:DescribeTable', grantedIn: 'member' },
  {
    client: 'dynamodb',
    operation: 'DescribeContinuousBackups',
    action: 'dynamodb:DescribeContinuousBackups',
    grantedIn: 'member',
  },
  { client: 'lambda', operation: 'ListFunctions', action: 'lambda:ListFunctions', grantedIn: 'member' },
  { client: 'lambda', operation: 'GetPolicy', action: 'lambda:GetPolicy', grantedIn: 'member' },
  {
    client: 'lambda',
    operation: 'GetFunctionConfiguration',
    action: 'lambda:GetFunctionConfiguration',
    grantedIn: 'member',
  },
  // EC2 and RDS (snapshots, flow logs, network interfaces)
  { client: 'ec2', operation: 'DescribeFlowLogs', action: 'ec2:DescribeFlowLogs', grantedIn: 'member' },
  {
    client: 'ec2',
    operation: 'DescribeNetworkInterfaces',
    action: 'ec2:DescribeNetworkInterfaces',
    grantedIn: 'member',
  },
  { client: 'ec2', operation: 'DescribeSnapshots', action: 'ec2:DescribeSnapshots', grantedIn: 'member' },
  { client: 'rds', operation: 'DescribeDBSnapshots', action: 'rds:DescribeDBSnapshots', grantedIn: 'member' },
  {
    client: 'rds',
    operation: 'DescribeDBSnapshotAttributes',
    action: 'rds:DescribeDBSnapshotAttributes',
    grantedIn: 'member',
  },
  {
    // The central account's aggregator; granted to the Collect task when an aggregator is configured.
    client: 'config-service',
    operation: 'SelectAggregateResourceConfig',
    action: 'config:SelectAggregateResourceConfig',
    grantedIn: 'central',
  },
];

/**
 * `Resolve targets` with the AWS Organizations source. ListAccounts has no resource-level
 * permissions (Resource `*`); ListParents and ListTagsForResource are called on accounts only and
 * take the account resource type, `arn:…:organizations::<management account>:account/<org id>/<account id>`.
 */
const ORGANIZATIONS_LIST_ACTIONS: readonly string[] = ['organizations:ListAccounts'];
const ORGANIZATIONS_ACCOUNT_READ_ACTIONS: readonly string[] = [
  'organizations:ListParents',
  'organizations:ListTagsForResource',
];
const ORGANIZATIONS_READ_ACTIONS: readonly string[] = [
  ...ORGANIZATIONS_LIST_ACTIONS,
  ...ORGANIZATIONS_ACCOUNT_READ_ACTIONS,
];

/**
 * The resource types a remediation action acts on, for the actions that have resource-level
 * permissions (Service Authorization Reference: EC2, S3). Every remediation action must be here or
 * in `REMEDIATION_ACTIONS_WITHOUT_RESOURCES`: a new one fails the synthesis until it is classified.
 */
const REMEDIATION_ACTION_RESOURCE_TYPES: Readonly<Record<string, readonly RemediationResourceType[]>> = {
  'ec2:CreateTags': ['instance'],
  'ec2:ModifyInstanceAttribute': ['instance', 'security-group'],
  'ec2:ModifyNetworkInterfaceAttribute': ['network-interface', 'instance', 'security-group'],
  'ec2:RevokeSecurityGroupIngress': ['security-group', 'security-group-rule'],
  's3:GetBucketAcl': ['bucket'],
  's3:GetBucketLocation': ['bucket'],
  's3:GetBucketLogging': ['bucket'],
  's3:GetBucketPolicy': ['bucket'],
  's3:GetBucketPublicAccessBlock': ['bucket'],
  's3:GetBucketTagging': ['bucket'],
  's3:GetBucketVersioning': ['bucket'],
  's3:GetEncryptionConfiguration': ['bucket'],
  's3:PutBucketPolicy': ['bucket'],
  's3:PutBucketPublicAccessBlock': ['bucket'],
  's3:PutBucketVersioning': ['bucket'],
  's3:PutEncryptionConfiguration': ['bucket'],
  // KMS, DynamoDB, Lambda
  'kms:DescribeKey': ['key'],
  'kms:EnableKeyRotation': ['key'],
  'kms:GetKeyRotationStatus': ['key'],
  'dynamodb:DescribeContinuousBackups': ['table'],
  'dynamodb:DescribeTable': ['table'],
  'dynamodb:UpdateContinuousBackups': ['table'],
};
type RemediationResourceType =
  | 'instance'
  | 'security-group'
  | 'security-group-rule'
  | 'network-interface'
  | 'bucket'
  | 'key'
  | 'table';

/** Resource types of other services than EC2: their ARN pattern in this account (any region). */
const SERVICE_RESOURCE_ARNS: Readonly<Partial<Record<RemediationResourceType, { sid: string; arn: string }>>> = {
  key: { sid: 'KmsKeysOfThisAccount', arn: 'kms:*:{account}:key/*' },
  table: { sid: 'DynamoDbTablesOfThisAccount', arn: 'dynamodb:*:{account}:table/*' },
};

/** Remediation actions that have no resource-level permissions (Resource `*` is the only choice). */
const REMEDIATION_ACTIONS_WITHOUT_RESOURCES: ReadonlySet<string> = new Set([
  'ec2:DescribeInstances',
  'ec2:DescribeSecurityGroups',
  'ec2:DescribeSubnets',
  'ec2:DescribeTags',
  'ec2:DescribeVolumes',
  'ec2:EnableEbsEncryptionByDefault',
  'ec2:GetEbsDefaultKmsKeyId',
  'ec2:GetEbsEncryptionByDefault',
  's3:GetAccountPublicAccessBlock',
  's3:ListAllMyBuckets',
  // KMS, DynamoDB, Lambda
  'kms:ListKeys',
  'dynamodb:ListTables',
]);

interface ScopedStatement {
  readonly sid: string;
  readonly actions: string[];
  readonly resources: string[];
  readonly conditions?: Record<string, Record<string, string>>;
}

/**
 * The WardenRemediate role's statements: EC2 writes on the resource types they act on in this
 * account (any region: the role is global), S3 bucket actions on buckets owned by this account
 * (`aws:ResourceAccount`; bucket ARNs carry no account), and `*` only for the actions without
 * resource-level permissions.
 */
function remediateStatements(actions: readonly string[], partition: string, account: string): ScopedStatement[] {
  const ec2 = new Map<string, RemediationResourceType[]>();
  const s3: string[] = [];
  const unscoped: string[] = [];
  const other = new Map<RemediationResourceType, string[]>();
  for (const action of actions) {
    const types = REMEDIATION_ACTION_RESOURCE_TYPES[action];
    if (types === undefined) {
      if (!REMEDIATION_ACTIONS_WITHOUT_RESOURCES.has(action)) {
        throw new Error(
          `remediation action ${action} is not classified: add its resource types to REMEDIATION_ACTION_RESOURCE_TYPES or, if it has no resource-level permissions, to REMEDIATION_ACTIONS_WITHOUT_RESOURCES (infra/permissions.ts)`,
        );
      }
      unscoped.push(action);
    } else if (types.includes('bucket')) s3.push(action);
    else if (types.every((type) => SERVICE_RESOURCE_ARNS[type] !== undefined)) {
      for (const type of types) other.set(type, [...(other.get(type) ?? []), action]);
    } else ec2.set(action, [...types]);
  }
  const statements: ScopedStatement[] = [];
  const ec2Types = [...new Set([...ec2.values()].flat())].sort();
  if (ec2.size > 0) {
    statements.push({
      sid: 'Ec2WritesInThisAccount',
      actions: [...ec2.keys()].sort(),
      resources: ec2Types.map((type) => `arn:${partition}:ec2:*:${account}:${type}/*`),
    });
  }
  if (s3.length > 0) {
    statements.push({
      sid: 'S3BucketsOfThisAccount',
      actions: s3.sort(),
      resources: [`arn:${partition}:s3:::*`],
      conditions: { StringEquals: { 'aws:ResourceAccount': account } },
    });
  }
  for (const [type, scoped] of other) {
    const { sid, arn } = SERVICE_RESOURCE_ARNS[type]!;
    statements.push({
      sid,
      actions: scoped.sort(),
      resources: [`arn:${partition}:${arn.replace('{account}', account)}`],
    });
  }
  if (unscoped.length > 0) {
    statements.push({ sid: 'WithoutResourceLevelPermissions', actions: unscoped.sort(), resources: ['*'] });
  }
  return statements;
}

function sortedUnique(actions: Iterable<string>): string[] {
  return [...new Set(actions)].sort();
}

/** The WardenAudit role's actions: every rule's read permissions and the collectors' member-side calls. */
function auditActions(rules: readonly Rule<unknown>[] = RULES): string[] {
  return sortedUnique([
    ...rules.flatMap((rule) => rule.permissions.read),
    ...COLLECTOR_API_CALLS.filter((call) => call.grantedIn === 'member').map((call) => call.action),
  ]);
}

/**
 * The WardenRemediate role's actions: the remediation permissions of the rules `config` enables, and
 * those rules' read permissions — `Remediate` re-reads the resource right before it writes and
 * again after (the collectors' reader), and judges it as the rule does.
 */
function remediateActions(config: WardenConfig): string[] {
  return sortedUnique(
    activeRules(config)
      .filter(({ rule }) => rule.remediation !== undefined)
      .flatMap(({ rule }) => [...(rule.remediation?.permissions ?? []), ...rule.permissions.read]),
  );
}

/** What the member accounts forward to the central bus, from the rules a deployment enables. */
interface ForwardedEvents {
  /** EventBridge source → CloudTrail event names (`AWS API Call via CloudTrail`) the rules react to. */
  readonly apiCalls: ReadonlyMap<string, readonly string[]>;
  /**
   * Every write API call (`readOnly: false`): the watch-list rule matches calls listed in a table
   * that changes without a deploy, so it needs them all. Replaces `apiCalls` when true.
   */
  readonly allWriteApiCalls: boolean;
  /** `AWS Console Sign In via CloudTrail`. */
  readonly signIn: boolean;
  /** `Parameter Store Change`. */
  readonly parameterStore: boolean;
  /** `Config Configuration Item Change` of these resource types. */
  readonly configResourceTypes: readonly string[];
}

interface TriggerSource {
  readonly triggers: {
    readonly cloudTrail?: ReadonlyArray<{ readonly source: string; readonly eventNames: readonly string[] }>;
    readonly configChange?: boolean;
    readonly signIn?: boolean;
    readonly parameterStore?: boolean;
    readonly watchList?: boolean;
  };
  readonly resourceTypes?: readonly string[];
}

/** The events to forward for `rules` (resource and event rules alike). */
function eventsToForward(rules: readonly TriggerSource[]): ForwardedEvents {
  const bySource = new Map<string, Set<string>>();
  for (const rule of rules) {
    for (const trigger of rule.triggers.cloudTrail ?? []) {
      const names = bySource.get(trigger.source) ?? new Set<string>();
      for (const name of trigger.eventNames) names.add(name);
      bySource.set(trigger.source, names);
    }
  }
  return {
    apiCalls: new Map(
      [...bySource.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([source, names]) => [source, [...names].sort()]),
    ),
    allWriteApiCalls: rules.some((r) => r.triggers.watchList === true),
    signIn: rules.some((r) => r.triggers.signIn === true),
    parameterStore: rules.some((r) => r.triggers.parameterStore === true),
    configResourceTypes: sortedUnique(
      rules.filter((r) => r.triggers.configChange === true).flatMap((r) => r.resourceTypes ?? []),
    ),
  };
}

/** The events to forward for the rules `config` enables (resource rules and event rules). */
function forwardedEvents(config: WardenConfig): ForwardedEvents {
  return eventsToForward([...activeRules(config).map((a) => a.rule), ...activeEventRules(config).map((a) => a.rule)]);
}

export type { CollectorApiCall, ForwardedEvents, ScopedStatement, TriggerSource };
export {
  auditActions,
  COLLECTOR_API_CALLS,
  eventsToForward,
  forwardedEvents,
  ORGANIZATIONS_ACCOUNT_READ_ACTIONS,
  ORGANIZATIONS_LIST_ACTIONS,
  ORGANIZATIONS_READ_ACTIONS,
  REMEDIATION_ACTIONS_WITHOUT_RESOURCES,
  remediateActions,
  remediateStatements,
};
