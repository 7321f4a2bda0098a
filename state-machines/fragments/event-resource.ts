/**
 * The resource-rule states of the event path: `Fetch current state` (the resources the event names,
 * as they are now, in the event's account) → `Evaluate` → `Check exemptions` → `For each finding`
 * (the sweep's per-finding states: `Decide` → `Remediate` → `Record remediation` → `Notify owner`).
 * An account that cannot be read is not a crash: its resources become ERROR findings, notified.
 */
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sns from 'aws-cdk-lib/aws-sns';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { invokeTask } from '../invoke-task';
import { FINDING_ITEM, findingStates } from './finding';

interface EventResourceStatesProps {
  readonly fetchResourceFunction: lambda.IFunction;
  readonly evaluateFunction: lambda.IFunction;
  readonly checkExemptionsFunction: lambda.IFunction;
  readonly remediateFunction: lambda.IFunction;
  readonly recordRemediationFunction: lambda.IFunction;
  readonly topic: sns.ITopic;
  /** Findings of one event acted on at the same time. @default 10 */
  readonly findingConcurrency?: number;
}

interface EventResourceStates {
  readonly start: sfn.IChainable;
  /** The last state; the caller chains what follows. */
  readonly end: sfn.INextable & sfn.IChainable;
}

function eventResourceStates(scope: Construct, props: EventResourceStatesProps): EventResourceStates {
  const fetch = invokeTask(scope, 'Fetch current state', {
    comment:
      "Reads the resources the event names, as they are now, in the event's account and region (assuming WardenAudit).",
    lambdaFunction: props.fetchResourceFunction,
    resultPath: '$.current',
  });
  const evaluate = invokeTask(scope, 'Evaluate', {
    comment: 'Evaluates the resource rules the event triggered against the current state of its resources.',
    lambdaFunction: props.evaluateFunction,
    resultPath: '$.evaluation',
  });
  const unreachable = new sfn.Pass(scope, 'Account unreachable', {
    comment: "The account's audit role could not be assumed: the resources become ERROR findings, notified.",
    parameters: { unreadable: true, 'error.$': '$.fetchError.Cause' },
    resultPath: '$.current',
  });
  const unknown = new sfn.Pass(scope, 'Current state unknown', {
    comment: 'Reading the current state failed after retries: the resources become ERROR findings, notified.',
    parameters: { unreadable: true, 'error.$': '$.fetchError.Cause' },
    resultPath: '$.current',
  });
  fetch.addCatch(unreachable, { errors: ['AccountUnreachableError'], resultPath: '$.fetchError' });
  fetch.addCatch(unknown, { errors: ['States.ALL'], resultPath: '$.fetchError' });
  unreachable.next(evaluate);
  unknown.next(evaluate);

  const checkExemptions = invokeTask(scope, 'Check exemptions', {
    comment:
      "Matches the findings against the account's exemptions, decides REMEDIATE, NOTIFY, EXEMPT or NONE, and drops repeat notifications.",
    lambdaFunction: props.checkExemptionsFunction,
    resultPath: '$.decisions',
  });

  const forEachFinding = new sfn.Map(scope, 'For each finding', {
    comment: 'Only findings to remediate or notify come here; exempt, audit-only and repeat ones are just recorded.',
    itemsPath: '$.decisions.actionable',
    itemSelector: FINDING_ITEM,
    maxConcurrency: props.findingConcurrency ?? 10,
    resultPath: '$.outcomes',
  });
  forEachFinding.itemProcessor(
    findingStates(scope, {
      remediateFunction: props.remediateFunction,
      recordRemediationFunction: props.recordRemediationFunction,
      topic: props.topic,
    }),
  );

  fetch.next(evaluate);
  evaluate.next(checkExemptions).next(forEachFinding);
  return { start: fetch, end: forEachFinding };
}

export type { EventResourceStates, EventResourceStatesProps };
export { eventResourceStates };
