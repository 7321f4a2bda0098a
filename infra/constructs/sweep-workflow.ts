/**
 * The scheduled sweep: its task functions (each bound from its task's manifest, with its own role
 * holding only the exact actions its task calls, on the exact tables, prefixes and key — see
 * ./task-function.ts and ../grants.ts), the
 * `SweepStateMachine` (logs ALL without execution data, X-Ray), and the EventBridge Scheduler
 * schedule that starts it daily.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type CfnElement, Duration, Stack, Validations } from 'aws-cdk-lib';
import type * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as schedulerTargets from 'aws-cdk-lib/aws-scheduler-targets';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type * as ssm from 'aws-cdk-lib/aws-ssm';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as cxapi from 'aws-cdk-lib/cx-api';
import { Construct } from 'constructs';
import { ACCOUNT_MAP_LABEL, sweepDefinition } from '../../state-machines/sweep';
import { checkExemptionsTask } from '../../tasks/check-exemptions/task';
import { collectTask } from '../../tasks/collect/task';
import { evaluateTask } from '../../tasks/evaluate/task';
import { importFindingsTask } from '../../tasks/import-findings/task';
import { loadRemediationsTask } from '../../tasks/load-remediations/task';
import { notifyOwnersTask } from '../../tasks/notify-owners/task';
import { recordRemediationTask } from '../../tasks/record-remediation/task';
import { remediateTask } from '../../tasks/remediate/task';
import { resolveTargetsTask } from '../../tasks/resolve-targets/task';
import { saveOutcomesTask } from '../../tasks/save-outcomes/task';
import type { Mode } from '../../tasks/shared/model';
import { summarizeTask } from '../../tasks/summarize/task';
import { grantKey } from '../grants';
import {
  AUDIT_ROLE_NAME,
  COLLECT_TASK_ROLE_NAME,
  DEFAULT_SCHEDULED_MODE,
  IMPORT_FINDINGS_TASK_ROLE_NAME,
  REMEDIATE_ROLE_NAME,
  REMEDIATE_TASK_ROLE_NAME,
  SECURITY_HUB_ROLE_NAME,
} from '../names';
import { tableMap, type WardenTables } from './tables';
import { REPO_ROOT, type TaskFunction, type TaskResources } from './task-function';
import { taskFunctions, workflowStateMachine } from './workflow';

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
  /** Ceiling on what scheduled sweeps may do. @default DEFAULT_SCHEDULED_MODE ('audit': report only) */
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
  /** Import the report's findings into each account's Security Hub (`Send to Security Hub`). @default false */
  readonly securityHub?: boolean;
}

type AccountsSource = 'table' | 'organizations' | 'both';

/** Warden's version (package.json), for the findings sent to Security Hub. */
function wardenVersion(): string {
  return (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf-8')) as { version: string }).version;
}

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
  > & { readonly importFindings?: TaskFunction };

  public constructor(scope: Construct, id: string, props: SweepWorkflowProps) {
    super(scope, id);
    // `For each account` exports its results with ResultWriterV2 (WriterConfig); set before any child exists.
    this.node.setContext(cxapi.STEPFUNCTIONS_USE_DISTRIBUTED_MAP_RESULT_WRITER_V2, true);
    const accountConcurrency = props.accountConcurrency;
    const { artifacts, topic } = props;
    const key = props.encryptionKey;
    const resources: TaskResources = {
      tables: tableMap(props.tables),
      artifacts,
      topic,
      killSwitch: props.killSwitch,
      eventBuses: { remediationEvents: props.eventBus },
      organizationId: props.organizationId,
      encryptionKey: key,
      settings: {
        config: props.configJson,
        auditRoleName: props.auditRoleName ?? AUDIT_ROLE_NAME,
        remediateRoleName: props.remediateRoleName ?? REMEDIATE_ROLE_NAME,
        externalId: props.externalId,
        partition: Stack.of(this).partition,
        accountsSource: props.accountsSource ?? 'table',
        ...(props.configAggregatorName !== undefined ? { configAggregatorName: props.configAggregatorName } : {}),
        ...(props.securityHub === true
          ? { securityHubRoleName: SECURITY_HUB_ROLE_NAME, productVersion: wardenVersion() }
          : {}),
      },
    };
    const task = taskFunctions(this, resources);

    const resolveTargets = task('ResolveTargetsFunction', resolveTargetsTask);
    const collect = task('CollectFunction', collectTask, {
      // Inside an Express child execution, which ends at 5 minutes: a collection that runs longer
      // times out here, is caught in the child (Account failed) and told to operators.
      timeout: Duration.minutes(4),
      roleName: COLLECT_TASK_ROLE_NAME,
    });
    const evaluate = task('EvaluateFunction', evaluateTask);
    const checkExemptions = task('CheckExemptionsFunction', checkExemptionsTask);
    const remediate = task('RemediateFunction', remediateTask, { roleName: REMEDIATE_TASK_ROLE_NAME });
    const recordRemediation = task('RecordRemediationFunction', recordRemediationTask);
    const loadRemediations = task('LoadRemediationsFunction', loadRemediationsTask);
    const saveOutcomes = task('SaveOutcomesFunction', saveOutcomesTask);
    const notifyOwners = task('NotifyOwnersFunction', notifyOwnersTask, { timeout: Duration.minutes(5) });
    const summarize = task('SummarizeFunction', summarizeTask);

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
      ...(props.securityHub === true
        ? {
            importFindings: task('ImportFindingsFunction', importFindingsTask, {
              timeout: Duration.minutes(15),
              roleName: IMPORT_FINDINGS_TASK_ROLE_NAME,
            }),
          }
        : {}),
    };

    this.stateMachine = workflowStateMachine(this, 'SweepStateMachine', {
      comment: 'Warden scheduled sweep: every account, every rule; remediate or notify; report.',
      definition: sweepDefinition(this, {
        functions: this.functions,
        topic,
        artifacts,
        ...(accountConcurrency !== undefined ? { accountConcurrency } : {}),
      }),
      timeout: Duration.hours(6),
      encryptionKey: key,
    });
    acknowledgeDistributedMapPolicy(this.stateMachine);

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
          mode: props.scheduledMode ?? DEFAULT_SCHEDULED_MODE,
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

export type { AccountsSource, SweepWorkflowProps };
export { SweepWorkflow };
