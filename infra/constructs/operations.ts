/**
 * What operators watch: the `Warden` CloudWatch dashboard (sweeps, resources evaluated, findings
 * by rule and by severity, remediations by outcome, failures, unreachable accounts) built from the
 * tasks' EMF metrics (`tasks/shared/metrics.ts`) and the state machines' own metrics; alarms on
 * failed executions and on the remediation failure rate; and an EventBridge rule that tells
 * operators, on the notification topic, which execution FAILED, TIMED_OUT or was ABORTED.
 * Other workflows join with `watch(stateMachine)`.
 */
import { ArnFormat, Duration, Lazy, Stack, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import type { Rule } from '../../tasks/rules/rule';
import {
  DIMENSION,
  METRIC,
  METRICS_NAMESPACE,
  METRICS_SERVICE,
  type MetricName,
  OUTCOMES,
} from '../../tasks/shared/metrics';
import { SEVERITIES } from '../../tasks/shared/model';

/** The execution statuses that notify operators. */
const FAILED_EXECUTION_STATUSES = ['FAILED', 'TIMED_OUT', 'ABORTED'] as const;

interface OperationsProps {
  /** Where alarms and failed executions are announced. */
  readonly topic: sns.ITopic;
  /**
   * The key the topic is encrypted with: CloudWatch needs kms:Decrypt/GenerateDataKey on it to
   * publish an alarm to the topic. @default the topic is not KMS-encrypted
   */
  readonly topicKey?: kms.IKey;
  /** The rules the deployment runs (one findings line per rule). */
  readonly rules: readonly Rule<unknown>[];
  /** Where EventBridge puts a notification it could not deliver. */
  readonly deadLetterQueue: sqs.IQueue;
  /** Remediation failure rate (FAILED / attempted, in an hour) that raises the alarm. @default 10 (%) */
  readonly remediationFailureRatePercent?: number;
  /** @default 'Warden' */
  readonly dashboardName?: string;
}

class Operations extends Construct {
  public readonly dashboard: cloudwatch.Dashboard;
  public readonly remediationFailureAlarm: cloudwatch.Alarm;
  public readonly failedExecutionAlarms: cloudwatch.Alarm[] = [];
  public readonly executionFailureRule: events.Rule;
  private readonly watched: sfn.IStateMachine[] = [];
  private readonly alarmNames: string[] = [];
  private readonly props: OperationsProps;

  public constructor(scope: Construct, id: string, props: OperationsProps) {
    super(scope, id);
    this.props = props;
    this.allowAlarmsToPublish();

    this.executionFailureRule = new events.Rule(this, 'FailedExecutions', {
      description: 'Warden: tell operators when a Warden execution fails, times out or is aborted',
      eventPattern: {
        source: ['aws.states'],
        detailType: ['Step Functions Execution Status Change'],
        detail: {
          status: [...FAILED_EXECUTION_STATUSES],
          stateMachineArn: Lazy.list({ produce: () => this.watched.map((m) => m.stateMachineArn) }),
        },
      },
    });
    const field = (path: string) => events.EventField.fromPath(path);
    // A role of this account's EventBridge (not a topic policy open to the events service principal).
    const notifyRole = new iam.Role(this, 'NotifyRole', {
      description: 'Warden: EventBridge publishes failed-execution notices to the Warden topic',
      assumedBy: new iam.ServicePrincipal('events.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
    });
    Validations.of(notifyRole).acknowledge({
      id: 'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]',
      reason:
        'Granted by Topic.grantPublish for the KMS-encrypted Warden topic: SNS needs a data key from the Warden key (only that key) to store the message.',
    });
    this.executionFailureRule.addTarget(
      new targets.SnsTopic(props.topic, {
        authorizeUsingRole: true,
        role: notifyRole,
        deadLetterQueue: props.deadLetterQueue,
        message: events.RuleTargetInput.fromText(
          `[HIGH] Warden execution ${field('$.detail.name')} ${field('$.detail.status')} at ${field('$.time')} ` +
            `(account ${field('$.account')}, ${field('$.region')}). ` +
            `Open it in the Step Functions console: ${field('$.detail.executionArn')}. ` +
            'The failed state and its error are in the execution event history.',
        ),
      }),
    );

    const failures = wardenMetric(METRIC.remediations, { [DIMENSION.outcome]: 'FAILED' }, Duration.hours(1));
    const successes = wardenMetric(METRIC.remediations, { [DIMENSION.outcome]: 'SUCCEEDED' }, Duration.hours(1));
    const failureRate = new cloudwatch.MathExpression({
      label: 'Remediation failure rate (%)',
      expression: 'IF((FILL(f, 0) + FILL(s, 0)) > 0, 100 * FILL(f, 0) / (FILL(f, 0) + FILL(s, 0)), 0)',
      usingMetrics: { f: failures, s: successes },
      period: Duration.hours(1),
    });
    const threshold = props.remediationFailureRatePercent ?? 10;
    this.remediationFailureAlarm = new cloudwatch.Alarm(this, 'RemediationFailureRate', {
      alarmName: this.alarmName('RemediationFailureRate'),
      alarmDescription: `Warden: more than ${threshold}% of the remediations attempted in an hour failed (see the Ledger table and the sweep report)`,
      metric: failureRate,
      threshold,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    this.remediationFailureAlarm.addAlarmAction(new cloudwatchActions.SnsAction(props.topic));

    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      dashboardName: props.dashboardName ?? 'Warden',
      defaultInterval: Duration.days(14),
    });
  }

  /**
   * CloudWatch publishes alarm notifications as the `cloudwatch.amazonaws.com` service principal,
   * which the topic policy must allow (the `enforceSSL` policy alone only denies) and, the topic
   * being KMS-encrypted, the key policy too. Both are scoped to this account's Warden alarms
   * (`aws:SourceAccount`, and `aws:SourceArn` equal to their ARNs), so no other alarm, in this
   * account or another, can use either. The ARNs are built from the alarms' names, not read from
   * the alarms: the key policy is part of the key, which the topic (and so the alarms) depend on.
   */
  private allowAlarmsToPublish(): void {
    const stack = Stack.of(this);
    const conditions = {
      StringEquals: { 'aws:SourceAccount': stack.account },
      ArnEquals: {
        'aws:SourceArn': Lazy.list({
          produce: () =>
            this.alarmNames.map((alarmName) =>
              stack.formatArn({
                service: 'cloudwatch',
                resource: 'alarm',
                resourceName: alarmName,
                arnFormat: ArnFormat.COLON_RESOURCE_NAME,
              }),
            ),
        }),
      },
    };
    const cloudwatchPrincipal = new iam.ServicePrincipal('cloudwatch.amazonaws.com');
    this.props.topic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudWatchAlarmsPublish',
        principals: [cloudwatchPrincipal],
        actions: ['sns:Publish'],
        resources: [this.props.topic.topicArn],
        conditions,
      }),
    );
    this.props.topicKey?.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudWatchAlarmsPublishToEncryptedTopic',
        principals: [cloudwatchPrincipal],
        // What SNS documents for an AWS service publishing to an encrypted topic.
        actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
        resources: ['*'],
        conditions,
      }),
    );
  }

  /** A name for one of Warden's alarms (unique per stack), recorded for the publish policies. */
  private alarmName(id: string): string {
    const name = `${Stack.of(this).stackName}-${id}`;
    this.alarmNames.push(name);
    return name;
  }

  /**
   * Adds a Warden state machine: its failed, timed-out or aborted executions alarm and notify
   * operators, and the dashboard shows its executions.
   */
  public watch(stateMachine: sfn.IStateMachine, name: string): void {
    this.watched.push(stateMachine);
    const failed = new cloudwatch.MathExpression({
      label: `${name}: failed, timed out or aborted executions`,
      expression: 'FILL(f, 0) + FILL(t, 0) + FILL(a, 0)',
      usingMetrics: {
        f: stateMachine.metricFailed({ period: Duration.minutes(5) }),
        t: stateMachine.metricTimedOut({ period: Duration.minutes(5) }),
        a: stateMachine.metricAborted({ period: Duration.minutes(5) }),
      },
      period: Duration.minutes(5),
    });
    const alarm = new cloudwatch.Alarm(this, `${name}FailedExecutions`, {
      alarmName: this.alarmName(`${name}FailedExecutions`),
      alarmDescription: `Warden: an execution of ${name} failed, timed out or was aborted (open it in the Step Functions console)`,
      metric: failed,
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(new cloudwatchActions.SnsAction(this.props.topic));
    this.failedExecutionAlarms.push(alarm);
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: `${name} executions`,
        width: 24,
        left: [
          stateMachine.metricStarted({ label: 'started', period: Duration.hours(1) }),
          stateMachine.metricSucceeded({ label: 'succeeded', period: Duration.hours(1) }),
          stateMachine.metricFailed({ label: 'failed', period: Duration.hours(1) }),
          stateMachine.metricTimedOut({ label: 'timed out', period: Duration.hours(1) }),
          stateMachine.metricAborted({ label: 'aborted', period: Duration.hours(1) }),
        ],
      }),
    );
  }

  /** The sweep panels: sweeps, resources, findings, remediations, failures, alarms. */
  public addSweepWidgets(functions: readonly lambda.IFunction[]): void {
    const { rules } = this.props;
    const period = Duration.hours(1);
    const findingsOf = (rule: Rule<unknown>) =>
      wardenMetric(
        METRIC.findings,
        { [DIMENSION.ruleId]: rule.id, [DIMENSION.severity]: rule.severity },
        period,
        rule.id,
      );
    const bySeverity = SEVERITIES.flatMap((severity) => {
      const ofSeverity = rules.filter((r) => r.severity === severity);
      if (ofSeverity.length === 0) return [];
      const usingMetrics = Object.fromEntries(
        ofSeverity.map((rule, i) => [`${severity.toLowerCase()}${i}`, findingsOf(rule)]),
      );
      return [
        new cloudwatch.MathExpression({
          label: severity,
          expression: Object.keys(usingMetrics)
            .map((id) => `FILL(${id}, 0)`)
            .join(' + '),
          usingMetrics,
          period,
        }),
      ];
    });
    const errorsUsing = Object.fromEntries(
      rules.map((rule, i) => [`e${i}`, wardenMetric(METRIC.evaluationErrors, { [DIMENSION.ruleId]: rule.id }, period)]),
    );

    this.dashboard.addWidgets(
      new cloudwatch.TextWidget({
        width: 24,
        height: 2,
        markdown:
          '# Warden\nDaily sweeps and event-driven checks across the organization. Findings and remediations per hour; ' +
          'details per finding are in the sweep report (artifacts bucket, `reports/`) and the Ledger table.',
      }),
      new cloudwatch.GraphWidget({
        title: 'Sweeps and resources evaluated',
        width: 12,
        left: [wardenMetric(METRIC.sweeps, {}, period, 'sweeps')],
        right: [wardenMetric(METRIC.resourcesEvaluated, {}, period, 'resources evaluated')],
      }),
      new cloudwatch.GraphWidget({
        title: 'Unreachable and failed accounts',
        width: 12,
        left: [
          wardenMetric(METRIC.accountsUnreachable, {}, period, 'unreachable (role not assumable)'),
          wardenMetric(METRIC.accountsFailed, {}, period, 'failed after retries'),
        ],
      }),
      new cloudwatch.GraphWidget({
        title: 'Findings by rule (NON_COMPLIANT)',
        width: 12,
        stacked: true,
        left: rules.map(findingsOf),
      }),
      new cloudwatch.GraphWidget({ title: 'Findings by severity', width: 12, stacked: true, left: bySeverity }),
      new cloudwatch.GraphWidget({
        title: 'Remediations by outcome',
        width: 12,
        stacked: true,
        left: OUTCOMES.map((outcome) =>
          wardenMetric(METRIC.remediations, { [DIMENSION.outcome]: outcome }, period, outcome),
        ),
      }),
      new cloudwatch.GraphWidget({
        title: 'Failures: rule errors and task errors',
        width: 12,
        left:
          rules.length > 0
            ? [
                new cloudwatch.MathExpression({
                  label: 'rule evaluations in ERROR',
                  expression: Object.keys(errorsUsing)
                    .map((id) => `FILL(${id}, 0)`)
                    .join(' + '),
                  usingMetrics: errorsUsing,
                  period,
                }),
              ]
            : [],
        right: functions.map((fn) => fn.metricErrors({ period, label: `${fn.node.id} errors` })),
      }),
      new cloudwatch.AlarmStatusWidget({
        title: 'Alarms',
        width: 24,
        alarms: [this.remediationFailureAlarm, ...this.failedExecutionAlarms],
      }),
    );
  }
}

function wardenMetric(name: MetricName, dimensions: Record<string, string>, period: Duration, label?: string) {
  return new cloudwatch.Metric({
    namespace: METRICS_NAMESPACE,
    metricName: name,
    dimensionsMap: { service: METRICS_SERVICE, ...dimensions },
    statistic: cloudwatch.Stats.SUM,
    period,
    ...(label !== undefined ? { label } : {}),
  });
}

export type { OperationsProps };
export { FAILED_EXECUTION_STATUSES, Operations, wardenMetric };
