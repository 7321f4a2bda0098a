/**
 * The central Warden stack, deployed once: the Warden KMS key, tables, artifacts bucket (with its
 * access-log bucket), notification topic, the `warden` event bus member accounts forward to, the
 * sweep workflow with its daily schedule, the operations views (dashboard, alarms, failed-execution
 * notifications) and, when OUs are configured, the member stack as a service-managed StackSet.
 */
import { CfnOutput, CfnParameter, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import type { Construct } from 'constructs';
import { activeRules } from '../../tasks/rules/settings';
import type { WardenConfig } from '../../tasks/shared/config';
import type { Mode, Severity } from '../../tasks/shared/model';
import { WORKING_PREFIXES } from '../../tasks/shared/object-store';
import { WardenEventBus } from '../constructs/event-bus';
import { EventWorkflow } from '../constructs/event-workflow';
import { ExemptionAudit } from '../constructs/exemption-audit';
import { MemberStackSet, type StackSetCallAs } from '../constructs/member-stack-set';
import { Operations } from '../constructs/operations';
import { type AccountsSource, SweepWorkflow } from '../constructs/sweep-workflow';
import { WardenTables } from '../constructs/tables';
import { WardenKey } from '../constructs/warden-key';
import { acknowledgeCentralFindings } from '../nag';

interface CentralStackProps extends StackProps {
  /** Import the sweep's findings into each account's Security Hub (context `warden:securityHub`). @default false */
  readonly securityHub?: boolean;
  /** Rules, modes and parameters (cdk.json context `warden`). */
  readonly config: WardenConfig;
  /** External id the member roles require (cdk.json context `warden:externalId`). */
  readonly externalId: string;
  /** Ceiling on what scheduled sweeps may do. @default DEFAULT_SCHEDULED_MODE ('audit') */
  readonly scheduledMode?: Mode;
  /** Ceiling on what event-triggered executions may do. @default DEFAULT_EVENT_MODE ('notify') */
  readonly eventMode?: Mode;
  /** @default '/warden/kill-switch' */
  readonly killSwitchParameterName?: string;
  /**
   * The organization's id (`o-...`), the default of the `OrganizationId` parameter (context
   * `warden:orgId`). @default none: pass `--parameters OrganizationId=o-...` to `cdk deploy`
   */
  readonly organizationId?: string;
  /** Where `Resolve targets` reads the accounts (context `warden:accountsSource`). @default 'table' */
  readonly accountsSource?: AccountsSource;
  /** Deploy the member stack to these OUs as a service-managed StackSet. @default none (deploy per account) */
  readonly memberStackSet?: {
    readonly organizationalUnitIds: readonly string[];
    /** The first one also holds the IAM roles. */
    readonly regions: readonly string[];
    /** @default 'SELF' */
    readonly callAs?: StackSetCallAs;
  };
  /** E-mail addresses subscribed to the notification topic (each must confirm). @default none */
  readonly operatorEmails?: readonly string[];
  /** Accounts swept at once (context `warden:accountConcurrency`). @default 100 */
  readonly accountConcurrency?: number;
  /** The Config aggregator `source: config` accounts are read from (context `warden:configAggregator`). @default none */
  readonly configAggregatorName?: string;
  /**
   * The event workflow's Slack subscriber (context `warden:slackWebhookSecret`, `warden:slackMinimumSeverity`):
   * the Secrets Manager secret (name or ARN) holding the incoming-webhook URL. @default none: no Slack function
   */
  readonly slack?: { readonly webhookSecret: string; readonly minimumSeverity?: Severity };
  /**
   * The organisation trail's bucket whose log files are forwarded to the event path (context
   * `warden:trailBucket`, `warden:trailKeyPrefix`, `warden:trailBucketAccount`, `warden:trailKmsKey`).
   * @default none: no forwarder
   */
  readonly trail?: {
    readonly bucketName: string;
    readonly keyPrefix?: string;
    readonly bucketAccount?: string;
    readonly keyArn?: string;
  };
}

/** The webhook secret named by a name, a complete ARN (with its 6-character suffix) or a partial ARN. */
function slackSecret(scope: Construct, reference: string): secretsmanager.ISecret {
  if (!reference.startsWith('arn:')) return secretsmanager.Secret.fromSecretNameV2(scope, 'SlackWebhook', reference);
  return /-[A-Za-z0-9]{6}$/.test(reference)
    ? secretsmanager.Secret.fromSecretCompleteArn(scope, 'SlackWebhook', reference)
    : secretsmanager.Secret.fromSecretPartialArn(scope, 'SlackWebhook', reference);
}

class CentralStack extends Stack {
  public readonly key: WardenKey;
  public readonly organizationId: string;
  public readonly eventBus: WardenEventBus;
  public readonly deadLetterQueue: sqs.Queue;
  public readonly operations: Operations;
  public readonly memberStackSet?: MemberStackSet;
  public readonly accessLogs: s3.Bucket;
  public readonly tables: WardenTables;
  public readonly artifacts: s3.Bucket;
  public readonly topic: sns.Topic;
  public readonly sweep: SweepWorkflow;
  public readonly events: EventWorkflow;
  public readonly killSwitch: ssm.StringParameter;

  public constructor(scope: Construct, id: string, props: CentralStackProps) {
    super(scope, id, props);
    // S3 server access logs delivered under a bucket policy (not the LogDeliveryWrite ACL), so the
    // log bucket can keep ACLs disabled (BucketOwnerEnforced).
    this.node.setContext('@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy', true);
    // Validate the whole config (unknown rule ids, bad parameters) at synth, not at 6 a.m.
    const rules = activeRules(props.config).map((a) => a.rule);

    this.organizationId = new CfnParameter(this, 'OrganizationId', {
      type: 'String',
      description: 'AWS Organizations id (o-...): member roles, the event bus and AssumeRole are limited to it',
      allowedPattern: '^o-[a-z0-9]{10,32}$',
      ...(props.organizationId !== undefined ? { default: props.organizationId } : {}),
    }).valueAsString;
    this.key = new WardenKey(this, 'Encryption');
    const key = this.key.key;

    this.tables = new WardenTables(this, 'Tables', { encryptionKey: key });
    // Server access logs of the artifacts bucket. S3 delivers access logs only to SSE-S3 buckets.
    this.accessLogs = new s3.Bucket(this, 'AccessLogs', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [{ id: 'expire-access-logs', expiration: Duration.days(365) }],
    });
    this.artifacts = new s3.Bucket(this, 'Artifacts', {
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: key,
      bucketKeyEnabled: true,
      serverAccessLogsBucket: this.accessLogs,
      serverAccessLogsPrefix: 'artifacts/',
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: true,
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: WORKING_PREFIXES.map((prefix) => ({
        id: `expire-${prefix.replace('/', '')}`,
        prefix,
        expiration: Duration.days(30),
        noncurrentVersionExpiration: Duration.days(1),
      })),
    });
    this.topic = new sns.Topic(this, 'Notifications', {
      displayName: 'Warden findings and remediations',
      enforceSSL: true,
      masterKey: key,
    });
    for (const email of props.operatorEmails ?? [])
      this.topic.addSubscription(new subscriptions.EmailSubscription(email));
    this.deadLetterQueue = new sqs.Queue(this, 'UndeliveredEvents', {
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: key,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    this.eventBus = new WardenEventBus(this, 'Events', { organizationId: this.organizationId });

    this.killSwitch = new ssm.StringParameter(this, 'KillSwitch', {
      parameterName: props.killSwitchParameterName ?? '/warden/kill-switch',
      stringValue: 'off',
      description: 'Warden kill switch: off (normal), notify (never remediate), audit (only report)',
      allowedPattern: '^(off|notify|audit)$',
    });

    this.sweep = new SweepWorkflow(this, 'Sweep', {
      tables: this.tables,
      artifacts: this.artifacts,
      topic: this.topic,
      configJson: JSON.stringify(props.config),
      externalId: props.externalId,
      // Warden Remediation Applied events go to the account's default bus, where teams route them.
      eventBus: events.EventBus.fromEventBusName(this, 'DefaultBus', 'default'),
      killSwitch: this.killSwitch,
      ...(props.scheduledMode !== undefined ? { scheduledMode: props.scheduledMode } : {}),
      organizationId: this.organizationId,
      encryptionKey: key,
      deadLetterQueue: this.deadLetterQueue,
      ...(props.accountsSource !== undefined ? { accountsSource: props.accountsSource } : {}),
      ...(props.accountConcurrency !== undefined ? { accountConcurrency: props.accountConcurrency } : {}),
      ...(props.configAggregatorName !== undefined ? { configAggregatorName: props.configAggregatorName } : {}),
      ...(props.securityHub === true ? { securityHub: true } : {}),
    });

    this.events = new EventWorkflow(this, 'EventWorkflow', {
      bus: this.eventBus.bus,
      topic: this.topic,
      tables: this.tables,
      artifacts: this.artifacts,
      configJson: JSON.stringify(props.config),
      externalId: props.externalId,
      organizationId: this.organizationId,
      killSwitch: this.killSwitch,
      remediateFunction: this.sweep.functions.remediate,
      recordRemediationFunction: this.sweep.functions.recordRemediation,
      encryptionKey: key,
      deadLetterQueue: this.deadLetterQueue,
      ...(props.eventMode !== undefined ? { eventMode: props.eventMode } : {}),
      ...(props.slack !== undefined ? { slackWebhookSecret: slackSecret(this, props.slack.webhookSecret) } : {}),
      ...(props.slack?.minimumSeverity !== undefined ? { slackMinimumSeverity: props.slack.minimumSeverity } : {}),
      ...(props.trail !== undefined ? { trail: props.trail } : {}),
    });

    new ExemptionAudit(this, 'ExemptionAudit', {
      tables: this.tables,
      deadLetterQueue: this.deadLetterQueue,
      encryptionKey: key,
    });

    this.operations = new Operations(this, 'Operations', {
      topic: this.topic,
      topicKey: key,
      rules,
      deadLetterQueue: this.deadLetterQueue,
    });
    this.operations.watch(this.sweep.stateMachine, 'SweepStateMachine');
    this.operations.watch(this.events.stateMachine, 'EventStateMachine');
    this.operations.addSweepWidgets(Object.values(this.sweep.functions));

    if (props.memberStackSet !== undefined) {
      this.memberStackSet = new MemberStackSet(this, 'Members', {
        config: props.config,
        organizationalUnitIds: props.memberStackSet.organizationalUnitIds,
        regions: props.memberStackSet.regions,
        organizationId: this.organizationId,
        externalId: props.externalId,
        ...(props.memberStackSet.callAs !== undefined ? { callAs: props.memberStackSet.callAs } : {}),
        ...(props.securityHub === true ? { securityHub: true } : {}),
      });
    }

    new CfnOutput(this, 'SweepStateMachineArn', { value: this.sweep.stateMachine.stateMachineArn });
    new CfnOutput(this, 'EventStateMachineArn', { value: this.events.stateMachine.stateMachineArn });
    new CfnOutput(this, 'WatchListTableName', { value: this.events.watchList.tableName });
    new CfnOutput(this, 'AccountsTableName', { value: this.tables.accounts.tableName });
    new CfnOutput(this, 'ExemptionsTableName', { value: this.tables.exemptions.tableName });
    new CfnOutput(this, 'LedgerTableName', { value: this.tables.ledger.tableName });
    new CfnOutput(this, 'ArtifactsBucketName', { value: this.artifacts.bucketName });
    new CfnOutput(this, 'NotificationsTopicArn', { value: this.topic.topicArn });
    new CfnOutput(this, 'KillSwitchParameterName', { value: this.killSwitch.parameterName });
    new CfnOutput(this, 'EventBusArn', { value: this.eventBus.bus.eventBusArn });
    new CfnOutput(this, 'DashboardName', { value: this.operations.dashboard.dashboardName });

    acknowledgeCentralFindings(this);
  }
}

export type { CentralStackProps };
export { CentralStack };
