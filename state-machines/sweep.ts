/**
 * The sweep state machine (DESIGN §2): `Resolve targets` → `For each account` → `Summarize`.
 * JSONPath only, so the local engine runs exactly this definition.
 */
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sns from 'aws-cdk-lib/aws-sns';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import type { Construct } from 'constructs';
import { ACCOUNT_ITEM, accountStates } from './fragments/account';
import { withTaskRetry } from './retry';

interface SweepDefinitionProps {
  readonly functions: {
    readonly resolveTargets: lambda.IFunction;
    readonly collect: lambda.IFunction;
    readonly evaluate: lambda.IFunction;
    readonly checkExemptions: lambda.IFunction;
    readonly remediate: lambda.IFunction;
    readonly recordRemediation: lambda.IFunction;
    readonly summarize: lambda.IFunction;
  };
  readonly topic: sns.ITopic;
  /** Accounts swept at the same time. @default 20 */
  readonly accountConcurrency?: number;
  /** Findings of one account acted on at the same time. @default 10 */
  readonly findingConcurrency?: number;
}

function sweepDefinition(scope: Construct, props: SweepDefinitionProps): sfn.IChainable {
  const rejected = new sfn.Fail(scope, 'Sweep rejected', {
    comment: 'The execution input is not a valid sweep request; nothing was swept.',
    error: 'InvalidInputError',
    causePath: '$.error.Cause',
  });

  const resolveTargets = withTaskRetry(
    new tasks.LambdaInvoke(scope, 'Resolve targets', {
      comment: 'Reads the account registry, fixes the sweep parameters and validates every exemption item.',
      lambdaFunction: props.functions.resolveTargets,
      payloadResponseOnly: true,
      retryOnServiceExceptions: false,
      payload: sfn.TaskInput.fromObject({
        request: sfn.JsonPath.entirePayload,
        executionName: sfn.JsonPath.executionName,
        executionArn: sfn.JsonPath.executionId,
        startedAt: sfn.JsonPath.stringAt('$$.Execution.StartTime'),
      }),
    }),
  );
  resolveTargets.addCatch(rejected, { errors: ['InvalidInputError'], resultPath: '$.error' });

  const forEachAccount = new sfn.Map(scope, 'For each account', {
    comment: 'One iteration per account; failures are caught inside the iteration.',
    itemsPath: '$.targets',
    itemSelector: ACCOUNT_ITEM,
    maxConcurrency: props.accountConcurrency ?? 20,
    resultPath: '$.accounts',
  });
  forEachAccount.itemProcessor(
    accountStates(scope, {
      collectFunction: props.functions.collect,
      evaluateFunction: props.functions.evaluate,
      checkExemptionsFunction: props.functions.checkExemptions,
      remediateFunction: props.functions.remediate,
      recordRemediationFunction: props.functions.recordRemediation,
      topic: props.topic,
      ...(props.findingConcurrency !== undefined ? { findingConcurrency: props.findingConcurrency } : {}),
    }),
  );

  const summarize = withTaskRetry(
    new tasks.LambdaInvoke(scope, 'Summarize', {
      comment: 'Builds the sweep report (JSON and Markdown) in the artifacts bucket.',
      lambdaFunction: props.functions.summarize,
      payloadResponseOnly: true,
      retryOnServiceExceptions: false,
      payload: sfn.TaskInput.fromObject({
        sweep: sfn.JsonPath.objectAt('$.sweep'),
        accounts: sfn.JsonPath.listAt('$.accounts'),
        invalidTargets: sfn.JsonPath.listAt('$.invalidTargets'),
        exemptionProblems: sfn.JsonPath.listAt('$.exemptionProblems'),
      }),
    }),
  );

  return resolveTargets.next(forEachAccount).next(summarize);
}

export type { SweepDefinitionProps };
export { sweepDefinition };
