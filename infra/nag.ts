/**
 * cdk-nag (`AwsSolutionsChecks`) for the Warden app, and every acknowledged finding with its reason.
 * `cdk synth` runs the pack (infra/bin/app.ts) and fails on any finding not acknowledged here or
 * next to the construct it concerns (the member roles, in stacks/member-stack.ts).
 * cdk-nag 3 matches plain ids only, one per finding (`AwsSolutions-IAM5[Resource::…]`), so the ids
 * that name a resource are computed from the construct's logical id.
 */
import { type App, type CfnElement, type Stack, Validations } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { ARTIFACT_PREFIXES, prefixOf } from '../tasks/shared/object-store';
import { AUDIT_ROLE_NAME, REMEDIATE_ROLE_NAME, SECURITY_HUB_ROLE_NAME } from './names';
import { ORGANIZATIONS_LIST_ACTIONS } from './permissions';

/** Object prefixes the tasks read or write in the artifacts bucket (one acknowledgement each), from the one table. */
const ACKNOWLEDGED_PREFIXES = Object.values(ARTIFACT_PREFIXES).map((p) => p.prefix);

/** What Lambda roles are granted on `*`: active tracing (X-Ray has no resource-level permissions). */
const LAMBDA_WILDCARD_ACTIONS = ['xray:PutTelemetryRecords', 'xray:PutTraceSegments'] as const;
/** What Resolve targets is also granted on `*` with the Organizations accounts source. */
const RESOLVE_TARGETS_WILDCARD_ACTIONS = [...ORGANIZATIONS_LIST_ACTIONS];
/**
 * What state machine roles are granted on `*`: X-Ray tracing, and the CloudWatch Logs vended-log
 * delivery actions that execution logging needs (Step Functions documents them with Resource `*`;
 * none has resource-level permissions).
 */
const STATE_MACHINE_WILDCARD_ACTIONS = [
  'logs:CreateLogDelivery',
  'logs:DeleteLogDelivery',
  'logs:DescribeLogGroups',
  'logs:DescribeResourcePolicies',
  'logs:GetLogDelivery',
  'logs:ListLogDeliveries',
  'logs:PutResourcePolicy',
  'logs:UpdateLogDelivery',
  'xray:GetSamplingRules',
  'xray:GetSamplingTargets',
  'xray:PutTelemetryRecords',
  'xray:PutTraceSegments',
] as const;
/**
 * Object actions granted under a prefix beyond s3:GetObject/s3:PutObject: the For each account
 * Distributed Map's ResultWriter (state machine role) writes its results under account-results/
 * as multipart uploads.
 */
const PREFIX_EXTRA_ACTIONS: Readonly<Record<string, readonly string[]>> = {
  [prefixOf('accountResults')]: ['s3:AbortMultipartUpload', 's3:ListMultipartUploadParts'],
};
/** Who sends to the dead-letter queue (what the SQS3 acknowledgement names). */
const DEAD_LETTER_QUEUE_PRODUCERS =
  "the EventBridge rules' targets (the failed-execution notice rule and the event workflow's trigger rules), the daily sweep schedule (EventBridge Scheduler) and the exemption audit's DynamoDB stream event source mapping (on-failure destination)";

function addNagChecks(app: App): AwsSolutionsChecks {
  const pack = new AwsSolutionsChecks(app);
  Validations.of(app).addPlugins(pack);
  return pack;
}

function logicalIdOf(stack: Stack, construct: IConstruct): string {
  return stack.getLogicalId(construct.node.defaultChild as CfnElement);
}

/** What the central stack's acknowledgements name (structural, so this module need not import the stack). */
type CentralFindingsScope = Stack & {
  readonly sweep: { readonly functions: { readonly resolveTargets?: lambda.IFunction } };
  readonly artifacts: IConstruct;
  readonly deadLetterQueue: IConstruct;
};

function acknowledgeCentralFindings(stack: CentralFindingsScope): void {
  const ack = (scope: IConstruct, id: string, reason: string) => Validations.of(scope).acknowledge({ id, reason });
  const functions = stack.node.findAll().filter((c): c is lambda.Function => c instanceof lambda.Function);
  const stateMachines = stack.node.findAll().filter((c): c is sfn.StateMachine => c instanceof sfn.StateMachine);

  // Per role, so a "*" resource granted anywhere else still fails the synth.
  const resolveTargets = stack.sweep.functions.resolveTargets;
  for (const fn of functions) {
    if (fn.role === undefined) continue;
    const organizations =
      fn === resolveTargets
        ? ` and ${RESOLVE_TARGETS_WILDCARD_ACTIONS.join(', ')} (Organizations accounts source)`
        : '';
    ack(
      fn.role,
      'AwsSolutions-IAM5[Resource::*]',
      `Only actions without resource-level permissions are granted on "*": ${LAMBDA_WILDCARD_ACTIONS.join(', ')} (active tracing)${organizations}.`,
    );
  }
  if (resolveTargets?.role !== undefined) {
    ack(
      resolveTargets.role,
      `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:organizations::*:account/<${stack.getLogicalId(stack.node.findChild('OrganizationId') as CfnElement)}>/*]`,
      "organizations:ListParents and organizations:ListTagsForResource on the accounts of the organization (its management account id is not known at deploy time): Resolve targets reads each account's parent OU and tags.",
    );
  }
  for (const machine of stateMachines) {
    ack(
      machine.role,
      'AwsSolutions-IAM5[Resource::*]',
      `Only actions without resource-level permissions are granted on "*": ${STATE_MACHINE_WILDCARD_ACTIONS.join(', ')} (X-Ray tracing, and the CloudWatch Logs log delivery that execution logging sets up).`,
    );
    for (const fn of functions) {
      ack(
        machine.role,
        `AwsSolutions-IAM5[Resource::<${logicalIdOf(stack, fn)}.Arn>:*]`,
        'Step Functions LambdaInvoke grants lambda:InvokeFunction on the function and its versions/aliases (ARN:*); the function itself is fixed.',
      );
    }
  }
  const bucket = logicalIdOf(stack, stack.artifacts);
  for (const prefix of ACKNOWLEDGED_PREFIXES) {
    ack(
      stack,
      `AwsSolutions-IAM5[Resource::<${bucket}.Arn>/${prefix}*]`,
      `Objects are written per sweep and account under ${prefix}; the grants are ${['s3:GetObject', 's3:PutObject', ...(PREFIX_EXTRA_ACTIONS[prefix] ?? [])].join(', ')} (each role only those it uses) on objects under that prefix only.`,
    );
  }
  for (const role of [AUDIT_ROLE_NAME, REMEDIATE_ROLE_NAME, SECURITY_HUB_ROLE_NAME]) {
    ack(
      stack,
      `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:iam::*:role/${role}]`,
      `The member accounts are not known at deploy time (they come from the Accounts table or AWS Organizations): sts:AssumeRole is limited to the role named ${role}, in accounts of the organization (aws:ResourceOrgID), and that role trusts only the named central task roles.`,
    );
  }
  ack(
    stack.deadLetterQueue,
    'AwsSolutions-SQS3',
    `This queue is the dead-letter queue of ${DEAD_LETTER_QUEUE_PRODUCERS}; a DLQ has no DLQ of its own.`,
  );
  const slackDeadLetters = stack.node.tryFindChild('EventWorkflow')?.node.tryFindChild('UndeliveredSlackNotifications');
  if (slackDeadLetters !== undefined) {
    ack(
      slackDeadLetters,
      'AwsSolutions-SQS3',
      "This queue is the dead-letter queue (redrive policy) of the Slack function's SNS subscription; a DLQ has no DLQ of its own.",
    );
  }
}

export {
  ACKNOWLEDGED_PREFIXES,
  acknowledgeCentralFindings,
  addNagChecks,
  LAMBDA_WILDCARD_ACTIONS,
  PREFIX_EXTRA_ACTIONS,
  RESOLVE_TARGETS_WILDCARD_ACTIONS,
  STATE_MACHINE_WILDCARD_ACTIONS,
};
