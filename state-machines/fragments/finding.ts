/**
 * The states one actionable finding goes through: `Decide` → `Remediate` → `Record remediation`
 * → `Notify owner`, or `Decide` → `Notify owner`. The event path brings both REMEDIATE and NOTIFY
 * findings; the sweep only REMEDIATE ones (it sends each owner one message for all of their
 * findings, `Notify owners`, and a remediation on its own only at or above the immediate severity:
 * `Immediate or digest` → `Notify owner` | `In owner digest`). Every failure is a branch: a remediation that
 * crashes is recorded as FAILED and notified; an SNS failure is kept in the item's result
 * (`notified`) and reported; a ledger write that still fails after its retries is kept in `ledger`,
 * and the sweep then ends FAILED (`LedgerIncompleteError` from Summarize), never silently.
 */

import { Duration } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sns from 'aws-cdk-lib/aws-sns';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import type { Construct } from 'constructs';
import { invokeTask } from '../invoke-task';
import { withTaskRetry } from '../retry';

interface FindingStatesProps {
  readonly remediateFunction: lambda.IFunction;
  readonly recordRemediationFunction: lambda.IFunction;
  readonly topic: sns.ITopic;
  /**
   * The sweep: a remediation below `immediateSeverity` (Remediate's `immediate: false`) is told to
   * its owner only in the digest (`Notify owners`), not on its own (`Immediate or digest`). The event
   * path has no digest: everything it decides is sent at once. @default false
   */
  readonly digest?: boolean;
}

/** The per-finding item: what `For each finding` passes to every iteration. */
const FINDING_ITEM = {
  'finding.$': '$$.Map.Item.Value',
  'notification.$': '$$.Map.Item.Value.notification',
  'target.$': '$.target',
  'sweep.$': '$.sweep',
  remediation: { outcome: 'NOT_ATTEMPTED' },
  ledger: { status: 'NOT_WRITTEN' },
  notified: { status: 'NOT_SENT' },
};

function findingStates(scope: Construct, props: FindingStatesProps): sfn.IChainable {
  const done = new sfn.Pass(scope, 'Finding done', {
    comment: 'What this finding became: the decision, the remediation outcome, and whether the owner was told.',
    parameters: {
      'findingId.$': '$.finding.findingId',
      'decision.$': '$.finding.decision',
      'decisionReason.$': '$.finding.decisionReason',
      'subject.$': '$.notification.subject',
      'remediation.$': '$.remediation',
      'ledger.$': '$.ledger',
      'notified.$': '$.notified',
    },
  });

  const notifyOwner = withTaskRetry(
    new tasks.SnsPublish(scope, 'Notify owner', {
      comment: 'Publishes the finding to the Warden topic; subscribers filter on the attributes.',
      topic: props.topic,
      subject: sfn.JsonPath.stringAt('$.notification.subject'),
      message: sfn.TaskInput.fromJsonPathAt('$.notification.message'),
      messageAttributes: {
        severity: { value: sfn.JsonPath.stringAt('$.notification.attributes.severity') },
        ruleId: { value: sfn.JsonPath.stringAt('$.notification.attributes.ruleId') },
        accountId: { value: sfn.JsonPath.stringAt('$.notification.attributes.accountId') },
        decision: { value: sfn.JsonPath.stringAt('$.notification.attributes.decision') },
        owner: { value: sfn.JsonPath.stringAt('$.notification.attributes.owner') },
        // tag | stack | account | none (tasks/shared/notification/owner.ts): e.g. a queue for `none`.
        ownerSource: { value: sfn.JsonPath.stringAt('$.notification.attributes.ownerSource') },
      },
      resultSelector: { status: 'SENT', 'messageId.$': '$.MessageId' },
      resultPath: '$.notified',
    }),
  );
  notifyOwner.addCatch(done, { errors: ['States.ALL'], resultPath: '$.notified' });
  notifyOwner.next(done);

  const recordRemediation = invokeTask(scope, 'Record remediation', {
    comment: 'Writes the remediation record to the ledger, so the owning team can put the fix into their IaC.',
    lambdaFunction: props.recordRemediationFunction,
    resultPath: '$.ledger',
  });
  // Any failure of the ledger write is retried, not only the transient ones: the write is
  // idempotent (same key, same execution), and a record must not be lost to one bad moment. What
  // still fails is caught into `ledger` and fails the execution at the end (Summarize), loudly.
  recordRemediation.addRetry({
    errors: ['States.ALL'],
    interval: Duration.seconds(3),
    maxAttempts: 2,
    backoffRate: 2,
    jitterStrategy: sfn.JitterType.FULL,
  });
  const afterRecord = props.digest === true ? immediateNotice(scope, notifyOwner, done) : notifyOwner;
  recordRemediation.addCatch(afterRecord, { errors: ['States.ALL'], resultPath: '$.ledger' });
  recordRemediation.next(afterRecord);

  // The resource is named by the finding's own notification, composed with every AWS field escaped
  // (tasks/shared/notification/compose.ts): States.Format inserts values as they are, and an ARN from AWS
  // data may hold a line break. The error is the Remediate task's, escaped where it was thrown.
  const describeFailure = new sfn.Pass(scope, 'Describe remediation failure', {
    comment: 'Rewrites the notification: the remediation did not run to completion.',
    parameters: {
      'subject.$': "States.Format('[FAILED] Warden remediation of {}', $.finding.ruleId)",
      'message.$':
        "States.Format('Warden could not remediate this finding: the remediation did not run to completion. Error: {}. Nothing is known to have changed; check the resource and the ledger.\n\n{}', $.remediation.error, $.notification.message)",
      'attributes.$': '$.notification.attributes',
    },
    resultPath: '$.notification',
  });
  describeFailure.next(recordRemediation);

  const remediationFailed = new sfn.Pass(scope, 'Remediation failed', {
    comment: 'The Remediate task itself failed (timeout, crash): record outcome FAILED with the error.',
    parameters: {
      outcome: 'FAILED',
      'error.$': '$.remediationError.Cause',
      'apiCalls.$': '$.finding.plan',
      'at.$': '$$.State.EnteredTime',
    },
    resultPath: '$.remediation',
  });
  remediationFailed.next(describeFailure);

  const remediate = invokeTask(scope, 'Remediate', {
    comment: 'Applies the planned API calls with the WardenRemediate role (PLANNED only in dry runs).',
    lambdaFunction: props.remediateFunction,
  });
  remediate.addCatch(remediationFailed, { errors: ['States.ALL'], resultPath: '$.remediationError' });
  remediate.next(recordRemediation);

  const noAction = new sfn.Pass(scope, 'No action', {
    comment: 'Only REMEDIATE and NOTIFY findings reach this map; anything else passes through unchanged.',
  });
  noAction.next(done);

  return new sfn.Choice(scope, 'Decide', { comment: 'Acts on the decision made by Check exemptions.' })
    .when(sfn.Condition.stringEquals('$.finding.decision', 'REMEDIATE'), remediate)
    .when(sfn.Condition.stringEquals('$.finding.decision', 'NOTIFY'), notifyOwner)
    .otherwise(noAction);
}

/**
 * `Immediate or digest`: only a remediation Remediate marked `immediate: false` waits for the digest;
 * one it never marked (the task crashed: `Remediation failed`) is sent now, never left unsaid.
 */
function immediateNotice(scope: Construct, notifyOwner: sfn.IChainable, done: sfn.IChainable): sfn.Choice {
  const inDigest = new sfn.Pass(scope, 'In owner digest', {
    comment: "Below the immediate severity: the owner reads it in the sweep's digest (Notify owners).",
    result: sfn.Result.fromObject({ status: 'IN_DIGEST' }),
    resultPath: '$.notified',
  });
  inDigest.next(done);
  return new sfn.Choice(scope, 'Immediate or digest', {
    comment: 'Remediations at or above the immediate severity are sent now; the others go in the owner digest.',
  })
    .when(
      sfn.Condition.and(sfn.Condition.isPresent('$.immediate'), sfn.Condition.booleanEquals('$.immediate', false)),
      inDigest,
    )
    .otherwise(notifyOwner);
}

export type { FindingStatesProps };
export { FINDING_ITEM, findingStates };
