/**
 * The member-account stack: what Warden needs in every account it watches, and nothing else.
 * - `WardenAudit` (read-only) and `WardenRemediate` (the enabled remediations' actions), each
 *   trusting only one central task role (`aws:PrincipalArn`), from inside the organization
 *   (`aws:PrincipalOrgID`), with the external id (`sts:ExternalId`). IAM is global, so the roles
 *   are created in one region only (`RolesRegion`; empty = the region the stack is deployed in).
 * - EventBridge rules forwarding, in every region the stack is deployed in, the events the enabled
 *   rules react to (their CloudTrail calls — every write call while the watch-list rule is enabled —,
 *   console sign-ins, Parameter Store changes, Config item changes of their resource types) to the
 *   central `warden` bus, through a role that may only `events:PutEvents` there.
 * Everything that differs per organization is a CloudFormation parameter, so one template serves
 * `cdk deploy` per account (defaults from context) and the service-managed StackSet.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  App,
  Aws,
  CfnCondition,
  CfnOutput,
  CfnParameter,
  DefaultStackSynthesizer,
  Fn,
  Stack,
  type StackProps,
  Validations,
} from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import type { WardenConfig } from '../../tasks/shared/config';
import {
  AUDIT_ROLE_NAME,
  AUDIT_TRUSTED_TASK_ROLE_NAMES,
  EVENT_BUS_NAME,
  IMPORT_FINDINGS_TASK_ROLE_NAME,
  MEMBER_STACK_NAME,
  REMEDIATE_ROLE_NAME,
  REMEDIATE_TASK_ROLE_NAME,
  SECURITY_HUB_ROLE_NAME,
} from '../names';
import { auditActions, forwardedEvents, remediateActions, remediateStatements } from '../permissions';

/** Values the parameters default to (context for `cdk deploy` per account); absent = must be passed. */
interface MemberParameterDefaults {
  readonly centralAccountId?: string;
  readonly centralRegion?: string;
  readonly organizationId?: string;
  readonly externalId?: string;
}

interface MemberStackProps extends StackProps {
  /** The deployment's Warden config: which remediations are enabled, which triggers to forward. */
  readonly config: WardenConfig;
  readonly parameterDefaults?: MemberParameterDefaults;
  /** Create WardenSecurityHub, with which the central sweep imports findings into this account's Security Hub. @default false */
  readonly securityHub?: boolean;
}

const DETAIL_TYPE = {
  apiCall: 'AWS API Call via CloudTrail',
  signIn: 'AWS Console Sign In via CloudTrail',
  parameterStore: 'Parameter Store Change',
  configChange: 'Config Configuration Item Change',
} as const;

class MemberStack extends Stack {
  public readonly auditRole: iam.Role;
  public readonly remediateRole: iam.Role;
  /** With `securityHub`: imports Warden's findings into this account's Security Hub. */
  public readonly securityHubRole?: iam.Role;
  public readonly forwardingRules: events.Rule[] = [];

  public constructor(scope: Construct, id: string, props: MemberStackProps) {
    super(scope, id, props);
    const defaults = props.parameterDefaults ?? {};
    const centralAccountId = new CfnParameter(this, 'CentralAccountId', {
      type: 'String',
      description: 'Account id of the Warden central stack',
      allowedPattern: '^\\d{12}$',
      ...(defaults.centralAccountId !== undefined ? { default: defaults.centralAccountId } : {}),
    }).valueAsString;
    const centralRegion = new CfnParameter(this, 'CentralRegion', {
      type: 'String',
      description: 'Region of the Warden central stack (its event bus)',
      allowedPattern: '^[a-z]{2}(-[a-z]+)+-\\d$',
      ...(defaults.centralRegion !== undefined ? { default: defaults.centralRegion } : {}),
    }).valueAsString;
    const organizationId = new CfnParameter(this, 'OrganizationId', {
      type: 'String',
      description: 'AWS Organizations id (o-...) of the organization the central account belongs to',
      allowedPattern: '^o-[a-z0-9]{10,32}$',
      ...(defaults.organizationId !== undefined ? { default: defaults.organizationId } : {}),
    }).valueAsString;
    const externalId = new CfnParameter(this, 'ExternalId', {
      type: 'String',
      description: 'External id the central tasks send when assuming the Warden roles',
      minLength: 2,
      maxLength: 1224,
      allowedPattern: '^[\\w+=,.@:/-]+$',
      ...(defaults.externalId !== undefined ? { default: defaults.externalId } : {}),
    }).valueAsString;
    const rolesRegion = new CfnParameter(this, 'RolesRegion', {
      type: 'String',
      description: 'The one region that creates the (global) IAM roles; empty = the region this stack is deployed in',
      allowedPattern: '^([a-z]{2}(-[a-z]+)+-\\d)?$',
      default: '',
    }).valueAsString;

    const createRoles = new CfnCondition(this, 'CreateRolesHere', {
      expression: Fn.conditionOr(Fn.conditionEquals(rolesRegion, ''), Fn.conditionEquals(rolesRegion, Aws.REGION)),
    });

    const trust = (taskRoleNames: readonly string[]) =>
      new iam.PrincipalWithConditions(new iam.AccountPrincipal(centralAccountId), {
        StringEquals: { 'sts:ExternalId': externalId, 'aws:PrincipalOrgID': organizationId },
        ArnEquals: {
          'aws:PrincipalArn': taskRoleNames.map((name) => `arn:${Aws.PARTITION}:iam::${centralAccountId}:role/${name}`),
        },
      });

    this.auditRole = new iam.Role(this, 'AuditRole', {
      roleName: AUDIT_ROLE_NAME,
      description: 'Warden: read-only, what the rules and collectors read; assumed by the central Warden tasks',
      assumedBy: trust(AUDIT_TRUSTED_TASK_ROLE_NAMES),
      inlinePolicies: {
        WardenRead: new iam.PolicyDocument({
          statements: [
            new iam.PolicyStatement({ sid: 'RulesAndCollectors', actions: auditActions(), resources: ['*'] }),
          ],
        }),
      },
    });
    const remediate = remediateStatements(remediateActions(props.config), Aws.PARTITION, Aws.ACCOUNT_ID);
    this.remediateRole = new iam.Role(this, 'RemediateRole', {
      roleName: REMEDIATE_ROLE_NAME,
      description: 'Warden: only the actions of the enabled remediations; assumed by the central Remediate task',
      assumedBy: trust([REMEDIATE_TASK_ROLE_NAME]),
      ...(remediate.length > 0
        ? {
            inlinePolicies: {
              WardenRemediate: new iam.PolicyDocument({
                statements: remediate.map((statement) => new iam.PolicyStatement(statement)),
              }),
            },
          }
        : {}),
    });
    if (props.securityHub === true)
      this.securityHubRole = securityHubRole(this, trust([IMPORT_FINDINGS_TASK_ROLE_NAME]));
    for (const role of [
      this.auditRole,
      this.remediateRole,
      ...(this.securityHubRole === undefined ? [] : [this.securityHubRole]),
    ]) {
      (role.node.defaultChild as iam.CfnRole).cfnOptions.condition = createRoles;
    }
    Validations.of(this.auditRole).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: `Read-only by design, on every resource of this account (an audit reads them all): ${auditActions().join(', ')}. The EC2 and Config reads have no resource-level permissions; the S3 bucket and RDS reads do, but the resources are not known at deploy time. Only the named central Warden task roles can assume the role.`,
    });
    const unscoped = remediate.find((statement) => statement.resources.includes('*'));
    if (unscoped !== undefined) {
      Validations.of(this.remediateRole).acknowledge({
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason: `Only actions without resource-level permissions are granted on "*": ${unscoped.actions.join(', ')}. The writes are scoped to resources of this account (see the other statements).`,
      });
    }
    for (const statement of remediate) {
      for (const resource of statement.resources.filter((r) => r !== '*')) {
        Validations.of(this.remediateRole).acknowledge({
          id: `AwsSolutions-IAM5[Resource::${resource.replace(Aws.PARTITION, '<AWS::Partition>').replace(Aws.ACCOUNT_ID, '<AWS::AccountId>')}]`,
          reason:
            statement.conditions === undefined
              ? `${statement.actions.join(', ')} on any resource of this type in this account (any region: the role is global); which one is decided per finding.`
              : `${statement.actions.join(', ')} on buckets owned by this account only (aws:ResourceAccount; bucket ARNs carry no account id); which bucket is decided per finding.`,
        });
      }
    }

    // Forwarding: one role (generated name, so every region has its own) that may only put events on the central bus.
    const bus = events.EventBus.fromEventBusArn(
      this,
      'CentralBus',
      `arn:${Aws.PARTITION}:events:${centralRegion}:${centralAccountId}:event-bus/${EVENT_BUS_NAME}`,
    );
    const forwarder = new iam.Role(this, 'ForwarderRole', {
      description: 'Warden: EventBridge forwards this account-region events to the central Warden bus',
      assumedBy: new iam.ServicePrincipal('events.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
      }),
    });
    const forward = (ruleId: string, description: string, pattern: events.EventPattern) => {
      const rule = new events.Rule(this, ruleId, { description, eventPattern: pattern });
      rule.addTarget(new targets.EventBus(bus, { role: forwarder }));
      this.forwardingRules.push(rule);
    };

    const forwarded = forwardedEvents(props.config);
    if (forwarded.allWriteApiCalls) {
      forward(
        'ForwardWriteApiCalls',
        'Warden: every write API call (the watch-list rule needs them all) to the central bus',
        {
          detailType: [DETAIL_TYPE.apiCall],
          detail: { readOnly: [false] },
        },
      );
    } else {
      for (const [source, eventNames] of forwarded.apiCalls) {
        forward(
          `ForwardApiCalls${pascal(source)}`,
          `Warden: ${source} API calls the rules react to, to the central bus`,
          { source: [source], detailType: [DETAIL_TYPE.apiCall], detail: { eventName: [...eventNames] } },
        );
      }
    }
    if (forwarded.signIn) {
      forward('ForwardConsoleSignIns', 'Warden: console sign-ins to the central bus', {
        source: ['aws.signin'],
        detailType: [DETAIL_TYPE.signIn],
      });
    }
    if (forwarded.parameterStore) {
      forward('ForwardParameterStoreChanges', 'Warden: Parameter Store changes to the central bus', {
        source: ['aws.ssm'],
        detailType: [DETAIL_TYPE.parameterStore],
      });
    }
    const configTypes = [...forwarded.configResourceTypes];
    if (configTypes.length > 0) {
      forward(
        'ForwardConfigChanges',
        'Warden: AWS Config item changes of the rules resource types to the central bus',
        {
          source: ['aws.config'],
          detailType: [DETAIL_TYPE.configChange],
          // Oversized items carry a summary instead of the item.
          detail: {
            $or: [
              { configurationItem: { resourceType: configTypes } },
              { configurationItemSummary: { resourceType: configTypes } },
            ],
          },
        },
      );
    }

    const auditOut = new CfnOutput(this, 'AuditRoleArn', { value: this.auditRole.roleArn });
    auditOut.condition = createRoles;
    const remediateOut = new CfnOutput(this, 'RemediateRoleArn', { value: this.remediateRole.roleArn });
    remediateOut.condition = createRoles;
  }
}

function pascal(source: string): string {
  return source
    .split(/[^A-Za-z0-9]+/)
    .filter((part) => part !== '')
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join('');
}

/**
 * WardenSecurityHub: this account's own Security Hub, for Warden's findings only. A custom
 * integration imports as the account's default product (`product/<account>/default`), the only
 * resource BatchImportFindings gets; GetFindings (what Warden imported before) and
 * BatchUpdateFindings (the workflow of findings Security Hub already holds: Workflow and Note are
 * taken from BatchImportFindings only when a finding is created) act on the account's hub. Any
 * region: the role is global, the hubs are regional.
 */
function securityHubRole(scope: Construct, assumedBy: iam.IPrincipal): iam.Role {
  const product = `arn:${Aws.PARTITION}:securityhub:*:${Aws.ACCOUNT_ID}:product/${Aws.ACCOUNT_ID}/default`;
  const hub = `arn:${Aws.PARTITION}:securityhub:*:${Aws.ACCOUNT_ID}:hub/default`;
  const role = new iam.Role(scope, 'SecurityHubRole', {
    roleName: SECURITY_HUB_ROLE_NAME,
    description:
      "Warden: imports Warden's findings into this account's Security Hub; assumed by the central Send to Security Hub task",
    assumedBy,
    inlinePolicies: {
      WardenFindings: new iam.PolicyDocument({
        statements: [
          new iam.PolicyStatement({
            sid: 'ImportAsDefaultProduct',
            actions: ['securityhub:BatchImportFindings'],
            resources: [product],
          }),
          new iam.PolicyStatement({
            sid: 'ReadAndTriageOnHub',
            actions: ['securityhub:GetFindings', 'securityhub:BatchUpdateFindings'],
            resources: [hub],
          }),
        ],
      }),
    },
  });
  const shown = (arn: string) =>
    arn.replace(Aws.PARTITION, '<AWS::Partition>').replaceAll(Aws.ACCOUNT_ID, '<AWS::AccountId>');
  Validations.of(role).acknowledge({
    id: `AwsSolutions-IAM5[Resource::${shown(product)}]`,
    reason:
      "BatchImportFindings only as this account's own default product, in any region (the role is global, Security Hub is regional).",
  });
  Validations.of(role).acknowledge({
    id: `AwsSolutions-IAM5[Resource::${shown(hub)}]`,
    reason:
      "GetFindings and BatchUpdateFindings only on this account's own hub, in any region (the role is global, Security Hub is regional).",
  });
  return role;
}

/**
 * The member template as JSON, for the StackSet's `TemplateBody`: synthesized in a private app
 * (its own temporary output directory, no bootstrap-version rule: StackSet targets are not
 * bootstrapped), with no parameter defaults (the StackSet passes every value).
 */
function renderMemberTemplate(props: Omit<MemberStackProps, 'parameterDefaults' | 'synthesizer'>): string {
  const outdir = mkdtempSync(join(tmpdir(), 'warden-member-'));
  try {
    // The app's own WardenMember stack is the one validated (cdk-nag, CloudFormation schema); this copy is not.
    const app = new App({
      outdir,
      analyticsReporting: false,
      builtinCloudFormationValidation: false,
      context: { 'aws:cdk:bundling-stacks': [] },
    });
    new MemberStack(app, MEMBER_STACK_NAME, {
      ...props,
      synthesizer: new DefaultStackSynthesizer({ generateBootstrapVersionRule: false }),
    });
    return JSON.stringify(app.synth().getStackByName(MEMBER_STACK_NAME).template);
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

export type { MemberParameterDefaults, MemberStackProps };
export { DETAIL_TYPE, MemberStack, renderMemberTemplate };
