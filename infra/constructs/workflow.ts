/**
 * What the sweep and the event workflows build alike: their task functions, each from its manifest
 * and the workflow's deployed resources (./task-function.ts), and their Standard state machine with X-Ray, execution logs ALL without
 * execution data in a log group of a year (encrypted with the Warden key when given), and the KMS
 * grant its `sns:publish` states need on the encrypted topic. What differs (definition, timeout,
 * comment) stays with each workflow.
 */
import type { Duration } from 'aws-cdk-lib';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { grantKey } from '../grants';
import { type TaskDeclaration, TaskFunction, type TaskOptions, type TaskResources } from './task-function';

interface WorkflowStateMachineProps {
  readonly comment: string;
  readonly definition: sfn.IChainable;
  readonly timeout: Duration;
  /** Customer-managed key of the log group and the topic. @default none (AWS managed encryption) */
  readonly encryptionKey?: kms.IKey;
}

/** A workflow's state machine; its log group is `<id>Logs`. */
function workflowStateMachine(scope: Construct, id: string, props: WorkflowStateMachineProps): sfn.StateMachine {
  const key = props.encryptionKey;
  const machine = new sfn.StateMachine(scope, id, {
    comment: props.comment,
    stateMachineType: sfn.StateMachineType.STANDARD,
    definitionBody: sfn.DefinitionBody.fromChainable(props.definition),
    timeout: props.timeout,
    tracingEnabled: true,
    logs: {
      destination: new logs.LogGroup(scope, `${id}Logs`, {
        retention: logs.RetentionDays.ONE_YEAR,
        ...(key === undefined ? {} : { encryptionKey: key }),
      }),
      level: sfn.LogLevel.ALL,
      // Execution data holds resource tags, who did what and notification text; keep it out of the logs.
      includeExecutionData: false,
    },
  });
  // Its `sns:publish` states (notify operators, notify owner) publish to the encrypted topic.
  if (key !== undefined) grantKey(machine, key, ['kms:Decrypt', 'kms:GenerateDataKey']);
  return machine;
}

/**
 * Makes a workflow's task functions in `scope`, all bound to `resources`; `more` adds what only one
 * task is given (e.g. a rule created after the functions it does not depend on).
 */
function taskFunctions(scope: Construct, resources: TaskResources) {
  return (id: string, manifest: TaskDeclaration, options: TaskOptions & { readonly more?: TaskResources } = {}) => {
    const { more, ...deployment } = options;
    return new TaskFunction(scope, id, { manifest, resources: { ...resources, ...more }, ...deployment });
  };
}

export type { WorkflowStateMachineProps };
export { taskFunctions, workflowStateMachine };
