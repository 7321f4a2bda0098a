/**
 * The scheduled sweep: its task functions (each with its own role holding only the exact actions
 * its task calls, on the exact tables, prefixes and key — see ../grants.ts), the
 * `SweepStateMachine` (logs ALL without execution data, X-Ray), and the EventBridge Scheduler
 * schedule that starts it daily.
 */
import { type CfnElement, Duration, Stack, Validations } from 'aws-cdk-lib';
import type * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as schedulerTargets from 'aws-cdk-lib/aws-scheduler-targets';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type * as ssm from 'aws-cdk-lib/aws-ssm';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as cxapi from 'aws-cdk-lib/cx-api';
import { Construct } from 'constructs';
import { ACCOUNT_MAP_LABEL, ACCOUNT_RESULTS_PREFIX, sweepDefinition, TARGETS_PREFIX } from '../../state-machines/sweep';
import { LEDGER_BY_EXECUTION } from '../../tasks/shared/ledger';
import type { Mode } from '../../tasks/shared/model';
import { INVALID_ITEMS_PREFIX } from '../../tasks/shared/object-store';
import {
  assumeMemberRoleStatement,
  grantKey,
  grantObjectsRead,
  grantObjectsWrite,
  grantParameterRead,
  grantTable,
} from '../grants';
import { AUDIT_ROLE_NAME, COLLECT_TASK_ROLE_NAME, REMEDIATE_ROLE_NAME, REMEDIATE_TASK_ROLE_NAME } from '../names';
import { ORGANIZATIONS_ACCOUNT_READ_ACTIONS, ORGANIZATIONS_LIST_ACTIONS } from '../permissions';
import type { WardenTables } from './tables';
import { TaskFunction } from './task-function';

interface SweepWorkflowProps {
  readonly tables: WardenTables;
  readonly artifacts: s3.IBucket;
  readonly topic: sns.ITopic;
  /** The deployment's Warden config as JSON (`WARDEN_CONFIG`). */
  readonly configJson: string;
  /** Role assumed in member accounts to read. @default 'WardenAudit' */
  readonly auditRoleName?: string;
  /** Role assumed in member accounts to remediate. @default 'WardenRemediate' */
  readonly remediateRoleName?: string;
  /** External id the member roles require. */
  readonly externalId: string;
  /** Where `Warden Remediation Applied` events go. */
  readonly eventBus: events.IEventBus;
  /** Operators' kill switch (`off` | `notify` | `audit`), read before deciding and before each remediation. */
  readonly killSwitch: ssm.IStringParameter;
  /** When the daily sweep starts (UTC). @default scheduler.ScheduleExpression.cron({ minute: '0', hour: '6' }) */
  readonly schedule?: scheduler.ScheduleExpression;
  /** Ceiling on what scheduled sweeps may do. @default 'remediate' (each rule's own mode applies) */
  readonly scheduledMode?: Mode;
  /** Accounts swept at once: the `MaxConcurrency` of `For each account`, 1 to 10,000. @default 100 */
  readonly accountConcurrency?: number;
  /**
   * An AWS Config aggregator in this account: accounts whose registry item says `source: config`
   * are read from it (SelectAggregateResourceConfig) instead of their own APIs. @default none
   */
  readonly configAggregatorName?: string;
  /** The organization member roles belong to (`aws:ResourceOrgID` on `sts:AssumeRole`). */
  readonly organizationId: string;
  /** Where `Resolve targets` reads the accounts. @default 'table' */
  readonly accountsSource?: AccountsSource;
  /** Customer-managed key of the tables, bucket, topic and log groups. @default none (AWS managed encryption) */
  readonly encryptionKey?: kms.IKey;
  /** Where the schedule puts a start it could not deliver. @default none */
  readonly deadLetterQueue?: sqs.IQueue;
}

type AccountsSource = 'table' | 'organizations' | 'both';

class SweepWorkflow extends Construct {
  public readonly stateMachine: sfn.StateMachine;
  public readonly functions: Record<
    | 'resolveTargets'
    | 'collect'
    | 'evaluate'
    | 'checkExemptions'
    | 'remediate'
    | 'recordRemediation'
    | 'loadRemediations'
    | 'saveOutcomes'
    | 'notifyOwners'
    | 'summarize',
    TaskFunction
  >;

  public constructor(scope: Construct, id: string, props: SweepWorkflowProps) {
    super(scope, id);
    // `For each account` exports its results with ResultWriterV2 (WriterConfig); set before any child exists.
    this.node.setContext(cxapi.STEPFUNCTIONS_USE_DISTRIBUTED_MAP_RESULT_WRITER_V2, true);
    const accountConcurrency = props.accountConcurrency;
    const { tables, artifacts, topic } = props;
    const auditRoleName = props.auditRoleName ?? AUDIT_ROLE_NAME;
    const remediateRoleName = props.remediateRoleName ?? REMEDIATE_ROLE_NAME;
    const key = props.encryptionKey;
    const accountsSource = props.accountsSource ?? 'table';
    const encryption = key !== undefined ? { encryptionKey: key } : {};
    const config = { WARDEN_CONFIG: props.configJson };
    const killSwitch = { KILL_SWITCH_PARAMETER: props.killSwitch.parameterName };
    const bucket = { ARTIFACTS_BUCKET: artifacts.bucketName };

    const resolveTargets = new TaskFunction(this, 'ResolveTargetsFunction', {
      task: 'resolve-targets',
      description: 'Warden sweep: Resolve targets',
      ...encryption,
      environment: {
        ...config,
        ...bucket,
        ACCOUNTS_TABLE: tables.accounts.tableName,
        EXEMPTIONS_TABLE: tables.exemptions.tableName,
        ACCOUNTS_SOURCE: accountsSource,
      },
    });
    grantTable(resolveTargets, tables.accounts, ['Scan'], key);
    grantTable(resolveTargets, tables.exemptions, ['Scan'], key);
    grantObjectsWrite(resolveTargets, artifacts, TARGETS_PREFIX, key);
    grantObjectsWrite(resolveTargets, artifacts, INVALID_ITEMS_PREFIX, key);
    if (accountsSource !== 'table') {
      // ListAccounts has no resource-level permissions; the per-account reads take the account's
      // ARN (its management account is not known here, the organization is).
      resolveTargets.addToRolePolicy(
        new iam.PolicyStatement({
          sid: 'ListOrganizationAccounts',
          actions: [...ORGANIZATIONS_LIST_ACTIONS],
          resources: ['*'],
        }),
      );
      resolveTargets.addToRolePolicy(
        new iam.PolicyStatement({
          sid: 'ReadOrganizationAccounts',
          actions: [...ORGANIZATIONS_ACCOUNT_READ_ACTIONS],
          resources: [`arn:${Stack.of(this).partition}:organizations::*:account/${props.organizationId}/*`],
        }),
      );
    }

    const collect = new TaskFunction(this, 'CollectFunction', {
      task: 'collect',
      description: 'Warden sweep: Collect resources',
      // Inside an Express child execution, which ends at 5 minutes: a collection that runs longer
      // times out here, is caught in the child (Account failed) and told to operators.
      timeout: Duration.minutes(4),
      roleName: COLLECT_TASK_ROLE_NAME,
      ...encryption,
      environment: {
        ...config,
        ...bucket,
        AUDIT_ROLE_NAME: auditRoleName,
        EXTERNAL_ID: props.externalId,
        AWS_PARTITION: Stack.of(this).partition,
        ...(props.configAggregatorName !== undefined ? { CONFIG_AGGREGATOR_NAME: props.configAggregatorName } : {}),
      },
    });
    grantObjectsWrite(collect, artifacts, 'inventories/', key);
    collect.addToRolePolicy(assumeMemberRoleStatement(this, auditRoleName, props.organizationId));
    if (props.configAggregatorName !== undefined) grantAggregatorSelect(collect);

    const evaluate = new TaskFunction(this, 'EvaluateFunction', {
      task: 'evaluate',
      description: 'Warden sweep: Evaluate rules',
      ...encryption,
      environment: { ...config, ...bucket },
    });
    grantObjectsRead(evaluate, artifacts, 'inventories/', key);
    grantObjectsWrite(evaluate, artifacts, 'findings/', key);

    const checkExemptions = new TaskFunction(this, 'CheckExemptionsFunction', {
      task: 'check-exemptions',
      description: 'Warden sweep: Check exemptions',
      ...encryption,
      environment: {
        ...config,
        ...bucket,
        ...killSwitch,
        EXEMPTIONS_TABLE: tables.exemptions.tableName,
        LEDGER_TABLE: tables.ledger.tableName,
      },
    });
    grantTable(checkExemptions, tables.exemptions, ['Query'], key);
    grantTable(checkExemptions, tables.ledger, ['BatchWriteItem', 'PutItem'], key);
    grantParameterRead(checkExemptions, props.killSwitch);
    grantObjectsRead(checkExemptions, artifacts, 'findings/', key);
    grantObjectsWrite(checkExemptions, artifacts, 'decisions/', key);
    grantObjectsWrite(checkExemptions, artifacts, 'remediations/', key);

    const remediate = new TaskFunction(this, 'RemediateFunction', {
      task: 'remediate',
      description: 'Warden sweep: Remediate',
      roleName: REMEDIATE_TASK_ROLE_NAME,
      ...encryption,
      environment: {
        ...config,
        ...killSwitch,
        LEDGER_TABLE: tables.ledger.tableName,
        IDEMPOTENCY_TABLE: tables.idempotency.tableName,
        BLAST_RADIUS_TABLE: tables.blastRadius.tableName,
        REMEDIATE_ROLE_NAME: remediateRoleName,
        EXTERNAL_ID: props.externalId,
        AWS_PARTITION: Stack.of(this).partition,
      },
    });
    remediate.addToRolePolicy(assumeMemberRoleStatement(this, remediateRoleName, props.organizationId));
    grantParameterRead(remediate, props.killSwitch);
    grantTable(remediate, tables.ledger, ['Query'], key);
    // Powertools idempotency: the calls DynamoDBPersistenceLayer makes on its records.
    grantTable(remediate, tables.idempotency, ['GetItem', 'PutItem', 'UpdateItem', 'DeleteItem'], key);
    // The per-sweep blast-radius counter: one conditional UpdateItem per remediation, nothing else.
    grantTable(remediate, tables.blastRadius, ['UpdateItem'], key);

    const recordRemediation = new TaskFunction(this, 'RecordRemediationFunction', {
      task: 'record-remediation',
      description: 'Warden sweep: Record remediation',
      ...encryption,
      environment: { LEDGER_TABLE: tables.ledger.tableName, EVENT_BUS_NAME: props.eventBus.eventBusName },
    });
    grantTable(recordRemediation, tables.ledger, ['PutItem'], key);
    props.eventBus.grantPutEventsTo(recordRemediation);

    const loadRemediations = new TaskFunction(this, 'LoadRemediationsFunction', {
      task: 'load-remediations',
      description: 'Warden sweep: Load remediations',
      ...encryption,
      environment: { ...bucket },
    });
    grantObjectsRead(loadRemediations, artifacts, 'remediations/', key);

    const saveOutcomes = new TaskFunction(this, 'SaveOutcomesFunction', {
      task: 'save-outcomes',
      description: 'Warden sweep: Save outcomes',
      ...encryption,
      environment: { ...bucket },
    });
    grantObjectsWrite(saveOutcomes, artifacts, 'outcomes/', key);

    const notifyOwners = new TaskFunction(this, 'NotifyOwnersFunction', {
      task: 'notify-owners',
      description: 'Warden sweep: Notify owners',
      timeout: Duration.minutes(5),
      ...encryption,
      environment: { ...bucket, TOPIC_ARN: topic.topicArn },
    });
    grantObjectsRead(notifyOwners, artifacts, `${ACCOUNT_RESULTS_PREFIX}/`, key);
    grantObjectsRead(notifyOwners, artifacts, 'decisions/', key);
    grantObjectsWrite(notifyOwners, artifacts, 'notifications/', key);
    notifyOwners.addToRolePolicy(new iam.PolicyStatement({ actions: ['sns:Publish'], resources: [topic.topicArn] }));
    if (key !== undefined) grantKey(notifyOwners, key, ['kms:Decrypt', 'kms:GenerateDataKey']);

    const summarize = new TaskFunction(this, 'SummarizeFunction', {
      task: 'summarize',
      description: 'Warden sweep: Summarize',
      ...encryption,
      environment: {
        ...bucket,
        LEDGER_TABLE: tables.ledger.tableName,
        EXEMPTIONS_TABLE: tables.exemptions.tableName,
        TOPIC_ARN: topic.topicArn,
      },
    });
    grantObjectsRead(summarize, artifacts, 'decisions/', key);
    grantObjectsRead(summarize, artifacts, `${ACCOUNT_RESULTS_PREFIX}/`, key);
    grantObjectsRead(summarize, artifacts, 'notifications/', key);
    grantObjectsRead(summarize, artifacts, 'outcomes/', key);
    grantObjectsRead(summarize, artifacts, INVALID_ITEMS_PREFIX, key);
    grantObjectsWrite(summarize, artifacts, 'reports/', key);
    grantObjectsWrite(summarize, artifacts, 'ledger/', key);
    grantTable(summarize, tables.ledger, ['Query'], key, { indexes: [LEDGER_BY_EXECUTION] });
    // The exemption review reads the whole table; reminders go to the topic (exact KMS actions).
    grantTable(summarize, tables.exemptions, ['Scan'], key);
    summarize.addToRolePolicy(new iam.PolicyStatement({ actions: ['sns:Publish'], resources: [topic.topicArn] }));
    if (key !== undefined) grantKey(summarize, key, ['kms:Decrypt', 'kms:GenerateDataKey']);

    this.functions = {
      resolveTargets,
      collect,
      evaluate,
      checkExemptions,
      remediate,
      recordRemediation,
      loadRemediations,
      saveOutcomes,
      notifyOwners,
      summarize,
    };

    this.stateMachine = new sfn.StateMachine(this, 'SweepStateMachine', {
      comment: 'Warden scheduled sweep: every account, every rule; remediate or notify; report.',
      stateMachineType: sfn.StateMachineType.STANDARD,
      definitionBody: sfn.DefinitionBody.fromChainable(
        sweepDefinition(this, {
          functions: this.functions,
          topic,
          artifacts,
          ...(accountConcurrency !== undefined ? { accountConcurrency } : {}),
        }),
      ),
      timeout: Duration.hours(6),
      tracingEnabled: true,
      logs: {
        destination: new logs.LogGroup(this, 'SweepStateMachineLogs', {
          retention: logs.RetentionDays.ONE_YEAR,
          ...encryption,
        }),
        level: sfn.LogLevel.ALL,
        // Execution data holds resource tags and notification text; keep it out of the logs.
        includeExecutionData: false,
      },
    });

    acknowledgeDistributedMapPolicy(this.stateMachine);

    // Notify operators (SNS publish) to the encrypted topic.
    if (key !== undefined) grantKey(this.stateMachine, key, ['kms:Decrypt', 'kms:GenerateDataKey']);

    const schedulerRole = new iam.Role(this, 'DailySweepRole', {
      description: 'EventBridge Scheduler: starts the Warden sweep',
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
    });
    if (props.deadLetterQueue !== undefined && key !== undefined)
      grantKey(schedulerRole, key, ['kms:Decrypt', 'kms:GenerateDataKey']);
    new scheduler.Schedule(this, 'DailySweep', {
      description: 'Starts the Warden sweep every day',
      schedule: props.schedule ?? scheduler.ScheduleExpression.cron({ minute: '0', hour: '6' }),
      target: new schedulerTargets.StepFunctionsStartExecution(this.stateMachine, {
        input: scheduler.ScheduleTargetInput.fromObject({
          trigger: 'schedule',
          mode: props.scheduledMode ?? 'remediate',
        }),
        role: schedulerRole,
        ...(props.deadLetterQueue !== undefined ? { deadLetterQueue: props.deadLetterQueue } : {}),
      }),
    });
  }
}

/**
 * The Distributed Map's own policy (CDK's `DistributedMapPolicy`): start executions of this state
 * machine, describe and stop them, redrive the Map Run's. Execution ARNs end in a generated id, so
 * the resource is the state machine's own executions (`execution:<name>:*`), as AWS documents it.
 */
function acknowledgeDistributedMapPolicy(machine: sfn.StateMachine): void {
  const logicalId = Stack.of(machine).getLogicalId(machine.node.defaultChild as CfnElement);
  const executions = `arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:{"Fn::Select":[6,{"Fn::Split":[":",{"Ref":"${logicalId}"}]}]}`;
  Validations.of(machine).acknowledge({
    id: `AwsSolutions-IAM5[Resource::${executions}:*]`,
    reason:
      "For each account (Distributed Map) describes and stops the child executions it starts; their ARNs end in ids made at run time, and the grant is limited to this state machine's own executions.",
  });
  Validations.of(machine).acknowledge({
    id: `AwsSolutions-IAM5[Resource::${executions}/${ACCOUNT_MAP_LABEL}:*]`,
    reason: 'Redrive of the For each account Map Run: only the child executions of this state machine with its label.',
  });
}

/**
 * `config:SelectAggregateResourceConfig` on this account's aggregators. An aggregator's ARN ends in
 * an id AWS generates (`config-aggregator/config-aggregator-abcd1234`), not its name, so the name
 * given to Warden cannot be turned into the ARN at synthesis.
 */
function grantAggregatorSelect(fn: TaskFunction): void {
  const stack = Stack.of(fn);
  const aggregators = `arn:${stack.partition}:config:${stack.region}:${stack.account}:config-aggregator/*`;
  fn.addToRolePolicy(
    new iam.PolicyStatement({
      sid: 'SelectFromConfigAggregator',
      actions: ['config:SelectAggregateResourceConfig'],
      resources: [aggregators],
    }),
  );
  if (fn.role === undefined) throw new Error('Collect resources has no role');
  Validations.of(fn.role).acknowledge({
    id: 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:config:<AWS::Region>:<AWS::AccountId>:config-aggregator/*]',
    reason:
      "Collect resources reads the Config aggregator it is configured with; an aggregator's ARN ends in an id AWS generates, not its name, so only this account's aggregators can be named.",
  });
}

export type { AccountsSource, SweepWorkflowProps };
export { SweepWorkflow };
