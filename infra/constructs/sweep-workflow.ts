/**
 * The scheduled sweep: its six task functions (each with only the permissions its task needs),
 * the `SweepStateMachine`, and the EventBridge Scheduler schedule that starts it daily.
 */
import { Duration, Stack } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as schedulerTargets from 'aws-cdk-lib/aws-scheduler-targets';
import type * as sns from 'aws-cdk-lib/aws-sns';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { sweepDefinition } from '../../state-machines/sweep';
import type { Mode } from '../../tasks/shared/model';
import { TaskFunction } from './task-function';
import type { WardenTables } from './tables';

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
  /** When the daily sweep starts (UTC). @default scheduler.ScheduleExpression.cron({ minute: '0', hour: '6' }) */
  readonly schedule?: scheduler.ScheduleExpression;
  /** Ceiling on what scheduled sweeps may do. @default 'remediate' (each rule's own mode applies) */
  readonly scheduledMode?: Mode;
  /** Accounts swept at once. @default 20 */
  readonly accountConcurrency?: number;
}

class SweepWorkflow extends Construct {
  public readonly stateMachine: sfn.StateMachine;
  public readonly functions: Record<
    'resolveTargets' | 'collect' | 'evaluate' | 'checkExemptions' | 'remediate' | 'recordRemediation' | 'summarize',
    TaskFunction
  >;

  public constructor(scope: Construct, id: string, props: SweepWorkflowProps) {
    super(scope, id);
    const { tables, artifacts, topic } = props;
    const auditRoleName = props.auditRoleName ?? 'WardenAudit';
    const remediateRoleName = props.remediateRoleName ?? 'WardenRemediate';
    const config = { WARDEN_CONFIG: props.configJson };
    const bucket = { ARTIFACTS_BUCKET: artifacts.bucketName };

    const resolveTargets = new TaskFunction(this, 'ResolveTargetsFunction', {
      task: 'resolve-targets',
      description: 'Warden sweep: Resolve targets',
      environment: { ...config, ACCOUNTS_TABLE: tables.accounts.tableName, EXEMPTIONS_TABLE: tables.exemptions.tableName },
    });
    tables.accounts.grantReadData(resolveTargets);
    tables.exemptions.grantReadData(resolveTargets);

    const collect = new TaskFunction(this, 'CollectFunction', {
      task: 'collect',
      description: 'Warden sweep: Collect resources',
      timeout: Duration.minutes(15),
      environment: {
        ...config,
        ...bucket,
        AUDIT_ROLE_NAME: auditRoleName,
        EXTERNAL_ID: props.externalId,
        AWS_PARTITION: Stack.of(this).partition,
      },
    });
    artifacts.grantPut(collect, 'inventories/*');
    collect.addToRolePolicy(assumeMemberRole(this, auditRoleName));

    const evaluate = new TaskFunction(this, 'EvaluateFunction', {
      task: 'evaluate',
      description: 'Warden sweep: Evaluate rules',
      environment: { ...config, ...bucket },
    });
    artifacts.grantRead(evaluate, 'inventories/*');
    artifacts.grantPut(evaluate, 'findings/*');

    const checkExemptions = new TaskFunction(this, 'CheckExemptionsFunction', {
      task: 'check-exemptions',
      description: 'Warden sweep: Check exemptions',
      environment: { ...config, ...bucket, EXEMPTIONS_TABLE: tables.exemptions.tableName },
    });
    tables.exemptions.grantReadData(checkExemptions);
    artifacts.grantRead(checkExemptions, 'findings/*');
    artifacts.grantPut(checkExemptions, 'decisions/*');

    const remediate = new TaskFunction(this, 'RemediateFunction', {
      task: 'remediate',
      description: 'Warden sweep: Remediate',
      environment: {
        ...config,
        REMEDIATE_ROLE_NAME: remediateRoleName,
        EXTERNAL_ID: props.externalId,
        AWS_PARTITION: Stack.of(this).partition,
      },
    });
    remediate.addToRolePolicy(assumeMemberRole(this, remediateRoleName));

    const recordRemediation = new TaskFunction(this, 'RecordRemediationFunction', {
      task: 'record-remediation',
      description: 'Warden sweep: Record remediation',
      environment: { LEDGER_TABLE: tables.ledger.tableName },
    });
    tables.ledger.grantWriteData(recordRemediation);

    const summarize = new TaskFunction(this, 'SummarizeFunction', {
      task: 'summarize',
      description: 'Warden sweep: Summarize',
      environment: { ...bucket },
    });
    artifacts.grantRead(summarize, 'decisions/*');
    artifacts.grantPut(summarize, 'reports/*');

    this.functions = { resolveTargets, collect, evaluate, checkExemptions, remediate, recordRemediation, summarize };

    this.stateMachine = new sfn.StateMachine(this, 'SweepStateMachine', {
      comment: 'Warden scheduled sweep: every account, every rule; remediate or notify; report.',
      stateMachineType: sfn.StateMachineType.STANDARD,
      definitionBody: sfn.DefinitionBody.fromChainable(
        sweepDefinition(this, {
          functions: this.functions,
          topic,
          ...(props.accountConcurrency !== undefined ? { accountConcurrency: props.accountConcurrency } : {}),
        }),
      ),
      timeout: Duration.hours(6),
      tracingEnabled: true,
      logs: {
        destination: new logs.LogGroup(this, 'SweepStateMachineLogs', { retention: logs.RetentionDays.ONE_YEAR }),
        level: sfn.LogLevel.ALL,
        // Execution data holds resource tags and notification text; keep it out of the logs.
        includeExecutionData: false,
      },
    });

    new scheduler.Schedule(this, 'DailySweep', {
      description: 'Starts the Warden sweep every day',
      schedule: props.schedule ?? scheduler.ScheduleExpression.cron({ minute: '0', hour: '6' }),
      target: new schedulerTargets.StepFunctionsStartExecution(this.stateMachine, {
        input: scheduler.ScheduleTargetInput.fromObject({ trigger: 'schedule', mode: props.scheduledMode ?? 'remediate' }),
      }),
    });
  }
}

/** sts:AssumeRole on the named Warden role in any member account (the role's trust policy names us back). */
function assumeMemberRole(scope: Construct, roleName: string): iam.PolicyStatement {
  return new iam.PolicyStatement({
    actions: ['sts:AssumeRole'],
    resources: [`arn:${Stack.of(scope).partition}:iam::*:role/${roleName}`],
  });
}

export { SweepWorkflow };
export type { SweepWorkflowProps };
