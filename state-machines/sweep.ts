/**
 * The sweep state machine (DESIGN §2): `Resolve targets` → `For each account` → `Notify owners` →
 * `Summarize`. JSONPath only, so the local engine runs exactly this definition (the local runner
 * lowers the Distributed Map's S3 reader and writer, local/lower-distributed-map.ts).
 *
 * Scale: `For each account` is a Distributed Map whose child executions are Express workflows, so
 * the Standard (per-transition) price is paid for the 4 top-level states and one transition per
 * account, never per resource or finding. Its items (the target list) are read from S3 and its
 * results written to S3, so an organisation of any size never meets the 256 KiB payload limit.
 */
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as sns from 'aws-cdk-lib/aws-sns';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { prefixOf } from '../tasks/shared/object-store';
import { ACCOUNT_ITEM, accountStates } from './fragments/account';
import { invokeTask } from './invoke-task';
import { PrefixedJsonItemReader, PrefixedResultWriter } from './s3-map-io';

/** Where `Resolve targets` stores the target list (tasks/shared/object-store.ts `artifactKeys.targets`). */
const TARGETS_PREFIX = prefixOf('targets');
/** Where `For each account` exports its child executions' results (the ResultWriter's prefix has no slash). */
const ACCOUNT_RESULTS_PREFIX = prefixOf('accountResults').replace(/\/$/, '');
/** The Map Run label: child executions are named `<state machine>/ForEachAccount:<id>`. */
const ACCOUNT_MAP_LABEL = 'ForEachAccount';
/** @see SweepDefinitionProps.accountConcurrency */
const DEFAULT_ACCOUNT_CONCURRENCY = 100;

interface SweepDefinitionProps {
  readonly functions: {
    readonly resolveTargets: lambda.IFunction;
    readonly collect: lambda.IFunction;
    readonly evaluate: lambda.IFunction;
    readonly checkExemptions: lambda.IFunction;
    readonly remediate: lambda.IFunction;
    readonly recordRemediation: lambda.IFunction;
    readonly loadRemediations: lambda.IFunction;
    readonly saveOutcomes: lambda.IFunction;
    readonly notifyOwners: lambda.IFunction;
    readonly summarize: lambda.IFunction;
    /** With `warden:securityHub`: `Send to Security Hub`, after Summarize. @default none (no such state) */
    readonly importFindings?: lambda.IFunction;
  };
  readonly topic: sns.ITopic;
  /** The artifacts bucket: the target list and the accounts' results. */
  readonly artifacts: s3.IBucket;
  /**
   * Accounts swept at the same time (child executions of `For each account`). Each runs its tasks
   * one after another, so this is about the hub's Lambda concurrency the sweep takes (1,000 by default
   * per account and region). @default 100
   */
  readonly accountConcurrency?: number;
  /** Findings remediated at the same time in one account-region. @default 5 */
  readonly remediationsPerRegion?: number;
}

function sweepDefinition(scope: Construct, props: SweepDefinitionProps): sfn.IChainable {
  const rejected = new sfn.Fail(scope, 'Sweep rejected', {
    comment: 'The execution input is not a valid sweep request; nothing was swept.',
    error: 'InvalidInputError',
    causePath: '$.error.Cause',
  });

  const resolveTargets = invokeTask(scope, 'Resolve targets', {
    comment:
      'Reads the account registry, fixes the sweep parameters, validates every exemption item, and stores the target list and the invalid items.',
    lambdaFunction: props.functions.resolveTargets,
    payload: sfn.TaskInput.fromObject({
      request: sfn.JsonPath.entirePayload,
      executionName: sfn.JsonPath.executionName,
      executionArn: sfn.JsonPath.executionId,
      startedAt: sfn.JsonPath.stringAt('$$.Execution.StartTime'),
    }),
  });
  resolveTargets.addCatch(rejected, { errors: ['InvalidInputError'], resultPath: '$.error' });

  const forEachAccount = new sfn.DistributedMap(scope, 'For each account', {
    comment:
      'One Express child execution per account, reading the target list from S3; failures are caught inside each, and the results go to S3.',
    itemReader: new PrefixedJsonItemReader({
      bucket: props.artifacts,
      prefix: TARGETS_PREFIX,
      keyPath: '$.targetsRef',
    }),
    itemSelector: ACCOUNT_ITEM,
    maxConcurrency: props.accountConcurrency ?? DEFAULT_ACCOUNT_CONCURRENCY,
    mapExecutionType: sfn.StateMachineType.EXPRESS,
    // An account whose child execution fails outright (Express's 5 minutes, an error no Catch takes)
    // is reported FAILED by Summarize; it never stops the sweep of the others.
    toleratedFailurePercentage: 100,
    label: ACCOUNT_MAP_LABEL,
    resultWriterV2: new PrefixedResultWriter({ bucket: props.artifacts, prefix: ACCOUNT_RESULTS_PREFIX }),
    resultPath: '$.accountResults',
  });
  forEachAccount.itemProcessor(
    accountStates(scope, {
      collectFunction: props.functions.collect,
      evaluateFunction: props.functions.evaluate,
      checkExemptionsFunction: props.functions.checkExemptions,
      remediateFunction: props.functions.remediate,
      recordRemediationFunction: props.functions.recordRemediation,
      loadRemediationsFunction: props.functions.loadRemediations,
      saveOutcomesFunction: props.functions.saveOutcomes,
      topic: props.topic,
      ...(props.remediationsPerRegion !== undefined ? { remediationsPerRegion: props.remediationsPerRegion } : {}),
    }),
  );

  const summarize = invokeTask(scope, 'Summarize', {
    comment: 'Builds the sweep report (JSON and Markdown) in the artifacts bucket.',
    lambdaFunction: props.functions.summarize,
    payload: sfn.TaskInput.fromObject({
      sweep: sfn.JsonPath.objectAt('$.sweep'),
      accountResults: sfn.JsonPath.objectAt('$.accountResults'),
      ownerNotices: sfn.JsonPath.objectAt('$.ownerNotices'),
      // Only the keys: the lists themselves may be far larger than the 256 KiB state payload.
      invalidTargetsRef: sfn.JsonPath.stringAt('$.invalidTargetsRef'),
      exemptionProblemsRef: sfn.JsonPath.stringAt('$.exemptionProblemsRef'),
    }),
  });

  const notifyOwners = invokeTask(scope, 'Notify owners', {
    comment:
      'Sends each owner one message for this sweep: their NOTIFY findings and what became of their remediations.',
    lambdaFunction: props.functions.notifyOwners,
    payload: sfn.TaskInput.fromObject({
      sweep: sfn.JsonPath.objectAt('$.sweep'),
      accountResults: sfn.JsonPath.objectAt('$.accountResults'),
    }),
    resultPath: '$.ownerNotices',
  });
  const ownersNotNotified = new sfn.Pass(scope, 'Owners not notified', {
    comment: 'Notify owners failed after retries: the report still comes, with those findings marked not sent.',
    parameters: { 'error.$': '$.ownerNoticesError.Cause' },
    resultPath: '$.ownerNotices',
  });
  notifyOwners.addCatch(ownersNotNotified, { errors: ['States.ALL'], resultPath: '$.ownerNoticesError' });
  ownersNotNotified.next(summarize);

  const importFindings = props.functions.importFindings;
  if (importFindings !== undefined) {
    summarize.next(
      invokeTask(scope, 'Send to Security Hub', {
        comment:
          "Imports the report's findings into each account's Security Hub (ASFF): new and changed ones, fixed ones RESOLVED, exempt ones SUPPRESSED.",
        lambdaFunction: importFindings,
        payload: sfn.TaskInput.fromObject({ reportRef: sfn.JsonPath.stringAt('$.reportRef') }),
        resultPath: '$.securityHub',
      }),
    );
  }
  return resolveTargets.next(forEachAccount).next(notifyOwners).next(summarize);
}

export type { SweepDefinitionProps };
export { ACCOUNT_MAP_LABEL, DEFAULT_ACCOUNT_CONCURRENCY, sweepDefinition };
