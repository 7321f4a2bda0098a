/**
 * The event state machine (DESIGN §2): one EventBridge event per execution.
 * `Normalize event` → `Route event` → `Rejected` (not a well-formed event) | `Ignored` (nothing to
 * do, with why: a failed or dry-run call, an event type no rule handles) | resource rules:
 * `Fetch current state` → `Evaluate` → `Check exemptions` → `For each finding` (`Decide` →
 * `Remediate` → `Record remediation` | `Notify owner`) | informational rules: `Notify`.
 * JSONPath only, so the local engine runs exactly this definition.
 */
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sns from 'aws-cdk-lib/aws-sns';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { eventNotifyStates } from './fragments/event-notify';
import { eventResourceStates } from './fragments/event-resource';
import { invokeTask } from './invoke-task';

interface EventDefinitionProps {
  readonly functions: {
    readonly normalizeEvent: lambda.IFunction;
    readonly fetchResource: lambda.IFunction;
    readonly evaluate: lambda.IFunction;
    readonly checkExemptions: lambda.IFunction;
    readonly notify: lambda.IFunction;
    /** The sweep's `Remediate` function (same task, same role). */
    readonly remediate: lambda.IFunction;
    /** The sweep's `Record remediation` function. */
    readonly recordRemediation: lambda.IFunction;
  };
  readonly topic: sns.ITopic;
  /** Findings of one event acted on at the same time. @default 10 */
  readonly findingConcurrency?: number;
}

/** The error name an execution fails with when its input is not a well-formed event. */
const EVENT_REJECTED_ERROR = 'EventRejected';

function eventDefinition(scope: Construct, props: EventDefinitionProps): sfn.IChainable {
  const rejected = new sfn.Fail(scope, 'Rejected', {
    comment: 'The input is not a well-formed event; the cause says why. Nothing was evaluated.',
    error: EVENT_REJECTED_ERROR,
    causePath: '$.reason',
  });
  const ignored = new sfn.Pass(scope, 'Ignored', {
    comment:
      'Nothing to do for this event (a failed or dry-run call, an event no rule reacts to); the reason says why.',
    parameters: {
      outcome: 'IGNORED',
      'reason.$': '$.reason',
      'event.$': '$.event',
      'target.$': '$.target',
      'informational.$': '$.informational',
    },
  });
  const done = new sfn.Succeed(scope, 'Event done', {
    comment: 'The event was handled: findings decided and acted on, informational matches notified.',
  });

  const normalize = invokeTask(scope, 'Normalize event', {
    comment: 'Reads the EventBridge event, the account (alias, owner) and the watch list, and decides the route.',
    lambdaFunction: props.functions.normalizeEvent,
    payload: sfn.TaskInput.fromObject({
      event: sfn.JsonPath.entirePayload,
      execution: {
        name: sfn.JsonPath.executionName,
        id: sfn.JsonPath.executionId,
        startTime: sfn.JsonPath.stringAt('$$.Execution.StartTime'),
      },
    }),
  });
  const couldNotNormalize = new sfn.Pass(scope, 'Could not normalize', {
    comment: 'Normalize event failed after retries: the event is rejected with the error as the reason.',
    parameters: { 'reason.$': "States.Format('the event could not be normalized: {}', $.Cause)" },
  });
  couldNotNormalize.next(rejected);
  // No ResultPath (= `$`, the error replaces the input): the input may not even be an object (a JSON
  // array), so nothing could be merged into it. (The local engine mishandles an explicit "$".)
  normalize.addCatch(couldNotNormalize, { errors: ['States.ALL'] });

  const informational = eventNotifyStates(scope, { notifyFunction: props.functions.notify, done });
  const resource = eventResourceStates(scope, {
    fetchResourceFunction: props.functions.fetchResource,
    evaluateFunction: props.functions.evaluate,
    checkExemptionsFunction: props.functions.checkExemptions,
    remediateFunction: props.functions.remediate,
    recordRemediationFunction: props.functions.recordRemediation,
    topic: props.topic,
    ...(props.findingConcurrency === undefined ? {} : { findingConcurrency: props.findingConcurrency }),
  });
  resource.end.next(informational.check);

  const route = new sfn.Choice(scope, 'Route event', { comment: 'Where Normalize event sent this event, and why.' })
    .when(sfn.Condition.stringEquals('$.route', 'REJECTED'), rejected)
    .when(sfn.Condition.stringEquals('$.route', 'IGNORED'), ignored)
    .when(sfn.Condition.stringEquals('$.route', 'RESOURCE'), resource.start)
    .when(sfn.Condition.stringEquals('$.route', 'NOTIFY'), informational.notify)
    .otherwise(rejected);

  return normalize.next(route);
}

export type { EventDefinitionProps };
export { EVENT_REJECTED_ERROR, eventDefinition };
