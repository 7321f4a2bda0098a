/**
 * The trail forwarder (issue 19, context `warden:trailBucket`): for organisations that cannot forward
 * EventBridge from every member account, the organisation trail's log files feed the event path.
 *
 * The trail's bucket usually lives in a log-archive account, so the bucket cannot be configured from
 * here: its owner adds an S3 event notification (`s3:ObjectCreated:*`, prefix `[<prefix>/]AWSLogs/`, suffix
 * `.json.gz`) whose destination is this construct's queue. S3 → SQS was chosen over S3's EventBridge
 * notifications because those go to the default bus of the bucket's own account and would need a
 * forwarding rule there too; a queue in this account is one cross-account grant (its policy admits
 * `s3.amazonaws.com` for that bucket, and that account when `warden:trailBucketAccount` is given),
 * and brings retries, batching and a dead-letter queue for files that could not be forwarded.
 *
 * The `forward-trail` task reads each new object (the bucket policy must let its role
 * `s3:GetObject` on `AWSLogs/*`, and the key policy `kms:Decrypt` when the trail encrypts with
 * `warden:trailKmsKey`), keeps the records a trigger rule would match (their deployed patterns, by
 * `DescribeRule`) and puts them on the central bus as `warden.trail-forwarder` events; the rule here
 * accepts those only from this account and hands their `detail` — the record wrapped as EventBridge
 * would — to the same EventStateMachine, with the same dead-letter queue and retries as the others.
 */
import { CfnOutput, Duration, Stack } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as eventSources from 'aws-cdk-lib/aws-lambda-event-sources';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { FORWARDED_DETAIL_TYPE, FORWARDED_SOURCE } from '../../tasks/forward-trail/forward-trail';
import { forwardTrailTask } from '../../tasks/forward-trail/task';
import type { TaskFunction } from './task-function';
import type { taskFunctions } from './workflow';

interface TrailForwarderProps {
  /** The organisation trail's bucket (context `warden:trailBucket`). */
  readonly bucketName: string;
  /** The trail's S3 key prefix (context `warden:trailKeyPrefix`): its files are under `<prefix>/AWSLogs/`. @default none */
  readonly keyPrefix?: string;
  /** The account that owns the bucket, required of S3 on the queue (`aws:SourceAccount`). @default not checked (bucket ARNs carry no account) */
  readonly bucketAccount?: string;
  /** The KMS key the trail encrypts its log files with. @default none (SSE-S3) */
  readonly keyArn?: string;
  readonly bus: events.IEventBus;
  readonly stateMachine: sfn.IStateMachine;
  /** The bus's rules that start the state machine: their patterns are the forwarder's filter. */
  readonly triggerRules: readonly events.IRule[];
  /** Where the rule puts forwarded events it could not deliver to the state machine. */
  readonly deadLetterQueue: sqs.IQueue;
  /** Builds the task function (the event workflow's, with its resources). */
  readonly task: ReturnType<typeof taskFunctions>;
}

class TrailForwarder extends Construct {
  public readonly queue: sqs.Queue;
  public readonly deadLetterQueue: sqs.Queue;
  public readonly function: TaskFunction;
  public readonly rule: events.Rule;

  public constructor(scope: Construct, id: string, props: TrailForwarderProps) {
    super(scope, id);
    const timeout = Duration.minutes(2);
    this.deadLetterQueue = new sqs.Queue(this, 'UnforwardedLogFiles', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    // SSE-SQS: S3 cannot send to a queue encrypted with the AWS-managed SQS key, and needs a key policy for a customer key.
    this.queue = new sqs.Queue(this, 'LogFileNotifications', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(4),
      // Lambda's advice: at least six times the function's timeout.
      visibilityTimeout: Duration.minutes(timeout.toMinutes() * 6),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: 5 },
    });
    const partition = Stack.of(this).partition;
    this.queue.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'TrailBucketNotifications',
        principals: [new iam.ServicePrincipal('s3.amazonaws.com')],
        actions: ['sqs:SendMessage'],
        resources: [this.queue.queueArn],
        conditions: {
          ArnEquals: { 'aws:SourceArn': `arn:${partition}:s3:::${props.bucketName}` },
          ...(props.bucketAccount === undefined ? {} : { StringEquals: { 'aws:SourceAccount': props.bucketAccount } }),
        },
      }),
    );

    this.function = props.task('ForwardTrailFunction', forwardTrailTask, {
      timeout,
      memorySize: 1024,
      more: {
        triggerRules: props.triggerRules,
        trail: {
          bucketName: props.bucketName,
          ...(props.keyPrefix === undefined ? {} : { keyPrefix: props.keyPrefix }),
          ...(props.keyArn === undefined ? {} : { keyArn: props.keyArn }),
        },
        settings: {
          trailBucket: props.bucketName,
          ...(props.keyPrefix === undefined ? {} : { trailKeyPrefix: props.keyPrefix }),
        },
      },
    });
    this.function.addEventSource(
      new eventSources.SqsEventSource(this.queue, {
        batchSize: 10,
        maxBatchingWindow: Duration.seconds(10),
        reportBatchItemFailures: true,
      }),
    );

    // What the bucket's owner needs: the notification's destination, and the role its bucket and key policies admit.
    new CfnOutput(this, 'LogFileQueueArn', {
      description: 'Destination of the trail bucket S3 event notification (s3:ObjectCreated:*, prefix AWSLogs/)',
      value: this.queue.queueArn,
    });
    new CfnOutput(this, 'ForwarderRoleArn', {
      description: 'Role the trail bucket policy (s3:GetObject on AWSLogs/*) and key policy (kms:Decrypt) must admit',
      value: this.function.role?.roleArn ?? '',
    });

    this.rule = new events.Rule(this, 'ForwardedTrailRecords', {
      eventBus: props.bus,
      description: 'Warden: CloudTrail records the trail forwarder put on the bus (from this account only)',
      eventPattern: {
        source: [FORWARDED_SOURCE],
        detailType: [FORWARDED_DETAIL_TYPE],
        account: [Stack.of(this).account],
      },
      targets: [
        new targets.SfnStateMachine(props.stateMachine, {
          input: events.RuleTargetInput.fromEventPath('$.detail'),
          deadLetterQueue: props.deadLetterQueue,
          retryAttempts: 8,
          maxEventAge: Duration.hours(6),
        }),
      ],
    });
  }
}

export type { TrailForwarderProps };
export { TrailForwarder };
