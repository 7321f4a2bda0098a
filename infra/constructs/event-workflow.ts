/**
 * The event-driven path (DESIGN §2, issue 4): the `EventStateMachine` with its task functions, the
 * EventBridge rules on the central bus that start it for every trigger the enabled rules declare
 * (CloudTrail API calls by source and event name, console sign-ins, Config configuration item
 * changes, Parameter Store changes, the watch list), each target with a dead-letter queue and a
 * retry policy; the `WatchList` table (editable without a deploy, kept in step with its rule by a
 * sync function), the `NotificationLog` table behind duplicate suppression, and the optional Slack
 * subscriber (webhook URL from Secrets Manager).
 */
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as eventSources from 'aws-cdk-lib/aws-lambda-event-sources';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type * as ssm from 'aws-cdk-lib/aws-ssm';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { eventDefinition } from '../../state-machines/event';
import { checkEventExemptionsTask } from '../../tasks/check-event-exemptions/task';
import { evaluateEventTask } from '../../tasks/evaluate-event/task';
import { fetchResourceTask } from '../../tasks/fetch-resource/task';
import { normalizeEventTask } from '../../tasks/normalize-event/task';
import { notifyTask } from '../../tasks/notify/task';
import { activeEventRules } from '../../tasks/rules/events/settings';
import { activeRules } from '../../tasks/rules/settings';
import { configFromJson, type WardenConfig } from '../../tasks/shared/config';
import { type Mode, SEVERITIES, type Severity } from '../../tasks/shared/model';
import { slackNotifyTask } from '../../tasks/slack-notify/task';
import { EMPTY_WATCH_LIST_PATTERN } from '../../tasks/sync-watch-list/sync-watch-list';
import { syncWatchListTask } from '../../tasks/sync-watch-list/task';
import { AUDIT_ROLE_NAME, DEFAULT_EVENT_MODE, FETCH_RESOURCE_TASK_ROLE_NAME } from '../names';
import { encryptWith, tableMap, type WardenTables } from './tables';
import type { TaskFunction, TaskResources } from './task-function';
import { TrailForwarder } from './trail-forwarder';
import { taskFunctions, workflowStateMachine } from './workflow';

interface EventWorkflowProps {
  /** The central bus member accounts forward their events to; the trigger rules are added on it. */
  readonly bus: events.IEventBus;
  readonly topic: sns.ITopic;
  readonly tables: WardenTables;
  readonly artifacts: s3.IBucket;
  /** The deployment's Warden config as JSON (`WARDEN_CONFIG`); its enabled rules decide the triggers. */
  readonly configJson: string;
  /** External id the member roles require. */
  readonly externalId: string;
  /** The organization member roles belong to (`aws:ResourceOrgID` on `sts:AssumeRole`). */
  readonly organizationId: string;
  /** Operators' kill switch (`off` | `notify` | `audit`), read when findings and matches are decided. */
  readonly killSwitch: ssm.IStringParameter;
  /** The sweep's `Remediate` function (same task code and role). */
  readonly remediateFunction: lambda.IFunction;
  /** The sweep's `Record remediation` function. */
  readonly recordRemediationFunction: lambda.IFunction;
  /** Role assumed in member accounts to read. @default 'WardenAudit' */
  readonly auditRoleName?: string;
  /** Ceiling on what event-triggered executions may do. @default DEFAULT_EVENT_MODE ('notify': nothing is changed) */
  readonly eventMode?: Mode;
  /** Customer-managed key of the tables, bucket, topic and log groups. @default none (AWS managed encryption) */
  readonly encryptionKey?: kms.IKey;
  /** Where the trigger rules put events they could not deliver. @default a new SQS queue (SQS-managed encryption) */
  readonly deadLetterQueue?: sqs.IQueue;
  /** How long the same finding is not notified again. @default Duration.hours(1) */
  readonly dedupeWindow?: Duration;
  /** Secret holding a Slack incoming-webhook URL; when set, a subscriber posts notifications to Slack. @default none */
  readonly slackWebhookSecret?: secretsmanager.ISecret;
  /** Only notifications at least this severe go to Slack. @default every severity */
  readonly slackMinimumSeverity?: Severity;
  /** Findings of one event acted on at the same time. @default 10 */
  readonly findingConcurrency?: number;
  /** The organisation trail's bucket, whose log files are forwarded to the bus (`trail-forwarder.ts`). @default none */
  readonly trail?: {
    readonly bucketName: string;
    readonly keyPrefix?: string;
    readonly bucketAccount?: string;
    readonly keyArn?: string;
  };
}

/** One EventBridge rule the workflow needs, derived from the rule registries. */
interface TriggerRule {
  readonly id: string;
  readonly description: string;
  readonly pattern: events.EventPattern;
}

const API_CALL = 'AWS API Call via CloudTrail';

/** `aws.s3` → `S3`, `aws.dynamodb` → `Dynamodb`: construct ids per source. */
function sourceId(source: string): string {
  const name = source.replace(/^aws\./, '');
  return name.charAt(0).toUpperCase() + name.slice(1).replace(/[^A-Za-z0-9]/g, '');
}

/**
 * The trigger rules for a config (pure): one rule per CloudTrail source with every event name the
 * enabled resource and event rules react to; one for console sign-ins, one for Config changes of the
 * resource types the enabled rules re-check, one for Parameter Store changes, as needed.
 */
function triggerRules(config: WardenConfig): TriggerRule[] {
  const resourceRules = activeRules(config).map((a) => a.rule);
  const eventRules = activeEventRules(config).map((a) => a.rule);
  const bySource = new Map<string, Set<string>>();
  for (const t of [
    ...resourceRules.flatMap((r) => r.triggers.cloudTrail ?? []),
    ...eventRules.flatMap((r) => r.triggers.cloudTrail ?? []),
  ]) {
    const names = bySource.get(t.source) ?? new Set<string>();
    for (const name of t.eventNames) names.add(name);
    bySource.set(t.source, names);
  }
  const rules: TriggerRule[] = [...bySource.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([source, names]) => ({
      id: `${sourceId(source)}ApiCalls`,
      description: `Warden: ${source} API calls the rules react to`,
      pattern: { source: [source], detailType: [API_CALL], detail: { eventName: [...names].sort() } },
    }));
  if (eventRules.some((r) => r.triggers.signIn === true)) {
    rules.push({
      id: 'ConsoleSignIns',
      description: 'Warden: AWS console sign-ins',
      pattern: { source: ['aws.signin'], detailType: ['AWS Console Sign In via CloudTrail'] },
    });
  }
  const configTypes = [
    ...new Set(resourceRules.filter((r) => r.triggers.configChange === true).flatMap((r) => r.resourceTypes)),
  ].sort();
  if (configTypes.length > 0) {
    rules.push({
      id: 'ConfigChanges',
      description: 'Warden: AWS Config configuration item changes of the resource types the rules evaluate',
      pattern: {
        source: ['aws.config'],
        detailType: ['Config Configuration Item Change'],
        detail: {
          // Oversized notifications carry a summary instead of the item.
          $or: [
            { configurationItem: { resourceType: configTypes } },
            { configurationItemSummary: { resourceType: configTypes } },
          ],
        },
      },
    });
  }
  if (eventRules.some((r) => r.triggers.parameterStore === true)) {
    rules.push({
      id: 'ParameterStoreChanges',
      description: 'Warden: Systems Manager Parameter Store changes',
      pattern: { source: ['aws.ssm'], detailType: ['Parameter Store Change'] },
    });
  }
  return rules;
}

class EventWorkflow extends Construct {
  public readonly stateMachine: sfn.StateMachine;
  /** `WatchList`: `eventSource` + `eventName` → `severity`, `note`. Edit it; the rule follows. */
  public readonly watchList: dynamodb.TableV2;
  /** `NotificationLog`: `dedupeKey` → when it was notified; TTL on `expiresAt`. */
  public readonly notificationLog: dynamodb.TableV2;
  public readonly deadLetterQueue: sqs.IQueue;
  /** The EventBridge rules that start the state machine, by construct id. */
  public readonly triggers: Record<string, events.Rule>;
  /** The rule the watch list keeps in step (its pattern is rewritten by `syncWatchList`). */
  public readonly watchRule: events.Rule;
  /** Present when a trail bucket is configured. */
  public readonly trailForwarder?: TrailForwarder;
  public readonly functions: Record<
    'normalizeEvent' | 'fetchResource' | 'evaluate' | 'checkExemptions' | 'notify' | 'syncWatchList',
    TaskFunction
  > & { readonly slackNotify?: TaskFunction };

  public constructor(scope: Construct, id: string, props: EventWorkflowProps) {
    super(scope, id);
    const config = configFromJson(props.configJson);
    const { tables, topic } = props;
    const key = props.encryptionKey;

    const tableCommon = {
      billing: dynamodb.Billing.onDemand(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    } as const;
    this.watchList = new dynamodb.TableV2(this, 'WatchList', {
      ...tableCommon,
      partitionKey: { name: 'eventSource', type: dynamodb.AttributeType.STRING },
      sortKey: { name: 'eventName', type: dynamodb.AttributeType.STRING },
      dynamoStream: dynamodb.StreamViewType.KEYS_ONLY,
      removalPolicy: RemovalPolicy.RETAIN,
      deletionProtection: true,
    });
    this.notificationLog = new dynamodb.TableV2(this, 'NotificationLog', {
      ...tableCommon,
      partitionKey: { name: 'dedupeKey', type: dynamodb.AttributeType.STRING },
      timeToLiveAttribute: 'expiresAt',
      // Only suppresses repeats for an hour or so: nothing to keep.
      removalPolicy: RemovalPolicy.DESTROY,
    });
    if (key !== undefined) for (const table of [this.watchList, this.notificationLog]) encryptWith(table, key);

    const resources: TaskResources = {
      tables: { ...tableMap(tables), watchList: this.watchList, notificationLog: this.notificationLog },
      artifacts: props.artifacts,
      topic,
      killSwitch: props.killSwitch,
      eventBuses: { warden: props.bus },
      organizationId: props.organizationId,
      encryptionKey: key,
      ...(props.slackWebhookSecret === undefined ? {} : { slackWebhookSecret: props.slackWebhookSecret }),
      settings: {
        config: props.configJson,
        auditRoleName: props.auditRoleName ?? AUDIT_ROLE_NAME,
        externalId: props.externalId,
        partition: Stack.of(this).partition,
        eventMode: props.eventMode ?? DEFAULT_EVENT_MODE,
        dedupeWindowSeconds: String((props.dedupeWindow ?? Duration.hours(1)).toSeconds()),
      },
    };
    const task = taskFunctions(this, resources);

    const normalizeEvent = task('NormalizeEventFunction', normalizeEventTask);
    const fetchResource = task('FetchResourceFunction', fetchResourceTask, {
      timeout: Duration.minutes(2),
      roleName: FETCH_RESOURCE_TASK_ROLE_NAME,
    });
    const evaluate = task('EvaluateEventFunction', evaluateEventTask);
    const checkExemptions = task('CheckEventExemptionsFunction', checkEventExemptionsTask);
    const notify = task('NotifyFunction', notifyTask);

    this.stateMachine = workflowStateMachine(this, 'EventStateMachine', {
      comment: 'Warden event: one EventBridge event; re-check the resources it names, or notify what it did.',
      definition: eventDefinition(this, {
        functions: {
          normalizeEvent,
          fetchResource,
          evaluate,
          checkExemptions,
          notify,
          remediate: props.remediateFunction,
          recordRemediation: props.recordRemediationFunction,
        },
        topic,
        ...(props.findingConcurrency === undefined ? {} : { findingConcurrency: props.findingConcurrency }),
      }),
      timeout: Duration.hours(1),
      encryptionKey: key,
    });

    this.deadLetterQueue =
      props.deadLetterQueue ??
      new sqs.Queue(this, 'UndeliveredEvents', {
        encryption: sqs.QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
        retentionPeriod: Duration.days(14),
      });
    const target = () =>
      new targets.SfnStateMachine(this.stateMachine, {
        deadLetterQueue: this.deadLetterQueue,
        retryAttempts: 8,
        maxEventAge: Duration.hours(6),
      });

    this.triggers = {};
    for (const trigger of triggerRules(config)) {
      this.triggers[trigger.id] = new events.Rule(this, trigger.id, {
        eventBus: props.bus,
        description: trigger.description,
        eventPattern: trigger.pattern,
        targets: [target()],
      });
    }

    // The watch list's own rule: its pattern is rewritten from the table (see tasks/sync-watch-list).
    this.watchRule = new events.Rule(this, 'WatchedApiCalls', {
      eventBus: props.bus,
      description: 'Warden: API calls on the WatchList table (pattern kept in step by the sync function)',
      eventPattern: {
        source: [...EMPTY_WATCH_LIST_PATTERN.source],
        detailType: [...EMPTY_WATCH_LIST_PATTERN['detail-type']],
      },
      targets: [target()],
    });
    this.triggers.WatchedApiCalls = this.watchRule;

    if (props.trail !== undefined) {
      this.trailForwarder = new TrailForwarder(this, 'TrailForwarder', {
        ...props.trail,
        bus: props.bus,
        stateMachine: this.stateMachine,
        triggerRules: Object.values(this.triggers),
        deadLetterQueue: this.deadLetterQueue,
        task,
      });
    }

    const syncWatchList = task('SyncWatchListFunction', syncWatchListTask, {
      timeout: Duration.minutes(1),
      more: { watchRule: this.watchRule },
    });
    syncWatchList.addEventSource(
      new eventSources.DynamoEventSource(this.watchList, {
        startingPosition: lambda.StartingPosition.LATEST,
        batchSize: 100,
        maxBatchingWindow: Duration.seconds(5),
        retryAttempts: 5,
      }),
    );
    // Also hourly: a deploy that touches the rule resets its pattern to the placeholder.
    new events.Rule(this, 'SyncWatchListHourly', {
      description: 'Warden: re-apply the WatchList to the WatchedApiCalls rule',
      schedule: events.Schedule.rate(Duration.hours(1)),
      targets: [new targets.LambdaFunction(syncWatchList)],
    });

    let slackNotify: TaskFunction | undefined;
    if (props.slackWebhookSecret !== undefined) {
      slackNotify = task('SlackNotifyFunction', slackNotifyTask, { timeout: Duration.seconds(30) });
      const minimum = props.slackMinimumSeverity;
      topic.addSubscription(
        new subscriptions.LambdaSubscription(slackNotify, {
          deadLetterQueue: new sqs.Queue(this, 'UndeliveredSlackNotifications', {
            encryption: sqs.QueueEncryption.SQS_MANAGED,
            enforceSSL: true,
            retentionPeriod: Duration.days(14),
          }),
          ...(minimum === undefined
            ? {}
            : {
                filterPolicy: {
                  severity: sns.SubscriptionFilter.stringFilter({
                    allowlist: SEVERITIES.slice(0, SEVERITIES.indexOf(minimum) + 1),
                  }),
                },
              }),
        }),
      );
    }

    this.functions = {
      normalizeEvent,
      fetchResource,
      evaluate,
      checkExemptions,
      notify,
      syncWatchList,
      ...(slackNotify === undefined ? {} : { slackNotify }),
    };
  }
}

export type { EventWorkflowProps, TriggerRule };
export { EventWorkflow, triggerRules };
