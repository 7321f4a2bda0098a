/**
 * The informational states of the event path: `Informational rules?` → `Notify` (what the event
 * rules matched: a failed sign-in, a VPC created, a parameter changed, a watched call), each
 * decided against exemptions, deduplicated and published with filterable message attributes.
 */
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { invokeTask } from '../invoke-task';

interface EventNotifyStatesProps {
  readonly notifyFunction: lambda.IFunction;
  /** Where both branches end. */
  readonly done: sfn.IChainable;
}

interface EventNotifyStates {
  /** `Informational rules?`: goes to `Notify` when a rule matched, else to `done`. */
  readonly check: sfn.Choice;
  /** `Notify` itself, for routes that know a rule matched. */
  readonly notify: sfn.IChainable;
}

function eventNotifyStates(scope: Construct, props: EventNotifyStatesProps): EventNotifyStates {
  const notify = invokeTask(scope, 'Notify', {
    comment:
      'Decides each informational match (exemptions, mode), drops repeats within the window, publishes the rest.',
    lambdaFunction: props.notifyFunction,
    resultPath: '$.notified',
  });
  const failed = new sfn.Pass(scope, 'Notify failed', {
    comment: 'The notifications could not be sent after retries; the error is kept in the result.',
    parameters: { status: 'FAILED', 'error.$': '$.notifyError.Cause', notifications: [] },
    resultPath: '$.notified',
  });
  notify.addCatch(failed, { errors: ['States.ALL'], resultPath: '$.notifyError' });
  notify.next(props.done);
  failed.next(props.done);

  const check = new sfn.Choice(scope, 'Informational rules?', {
    comment: 'Did an informational rule (sign-ins, VPCs, parameters, tables, watched calls) match this event?',
  })
    .when(sfn.Condition.isPresent('$.informational.matches[0]'), notify)
    .otherwise(props.done);
  return { check, notify };
}

export type { EventNotifyStates, EventNotifyStatesProps };
export { eventNotifyStates };
