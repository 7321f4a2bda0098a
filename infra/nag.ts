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
import { KEPT_PREFIXES, WORKING_PREFIXES } from '../tasks/shared/object-store';
import { AUDIT_ROLE_NAME, REMEDIATE_ROLE_NAME } from './names';
import type { CentralStack } from './stacks/central-stack';

/** Object prefixes the tasks read or write in the artifacts bucket (one acknowledgement each). */
const ARTIFACT_PREFIXES = [...WORKING_PREFIXES, ...KEPT_PREFIXES];

function addNagChecks(app: App): AwsSolutionsChecks {
  const pack = new AwsSolutionsChecks(app);
  Validations.of(app).addPlugins(pack);
  return pack;
}

function logicalIdOf(stack: Stack, construct: IConstruct): string {
  return stack.getLogicalId(construct.node.defaultChild as CfnElement);
}

function acknowledgeCentralFindings(stack: CentralStack): void {
  const ack = (scope: IConstruct, id: string, reason: string) => Validations.of(scope).acknowledge({ id, reason });
  const functions = stack.node.findAll().filter((c): c is lambda.Function => c instanceof lambda.Function);
  const stateMachines = stack.node.findAll().filter((c): c is sfn.StateMachine => c instanceof sfn.StateMachine);

  // Per role, so a "*" resource granted anywhere else still fails the synth.
  for (const fn of functions) {
    if (fn.role === undefined) continue;
    ack(
      fn.role,
      'AwsSolutions-IAM5[Resource::*]',
      'Only actions without resource-level permissions are granted on "*": X-Ray PutTraceSegments/PutTelemetryRecords (active tracing) and, for Resolve targets with the Organizations accounts source, organizations:ListAccounts/ListParents/ListTagsForResource.',
    );
  }
  for (const machine of stateMachines) {
    ack(
      machine.role,
      'AwsSolutions-IAM5[Resource::*]',
      'X-Ray PutTraceSegments/PutTelemetryRecords/GetSamplingRules/GetSamplingTargets (state machine tracing) have no resource-level permissions.',
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
  for (const prefix of ARTIFACT_PREFIXES) {
    ack(
      stack,
      `AwsSolutions-IAM5[Resource::<${bucket}.Arn>/${prefix}*]`,
      `Objects are written per sweep and account under ${prefix}; the grant is s3:GetObject or s3:PutObject on that prefix only.`,
    );
  }
  for (const role of [AUDIT_ROLE_NAME, REMEDIATE_ROLE_NAME]) {
    ack(
      stack,
      `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:iam::*:role/${role}]`,
      `The member accounts are not known at deploy time (they come from the Accounts table or AWS Organizations): sts:AssumeRole is limited to the role named ${role}, in accounts of the organization (aws:ResourceOrgID), and that role trusts only the named central task roles.`,
    );
  }
  ack(
    stack.deadLetterQueue,
    'AwsSolutions-SQS3',
    'This queue is the dead-letter queue (of the failed-execution notification rule and of the daily schedule); a DLQ has no DLQ of its own.',
  );
}

export { ARTIFACT_PREFIXES, acknowledgeCentralFindings, addNagChecks };
