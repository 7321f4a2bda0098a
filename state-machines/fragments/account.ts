/**
 * The states one account goes through inside `For each account` (one Express child execution per
 * account): `Collect resources` → `Evaluate rules` → `Check exemptions` → `For each region` →
 * `For each page` → `Load remediations` → `For each finding` → `Save outcomes` → `Account done`.
 * Resources never travel in the payload: the inventory, the findings, the decisions, the pages of
 * findings to remediate and their outcomes are objects in S3, and only keys and counts pass between
 * states; only the account's REMEDIATE findings go through per-item states, a page at a time per
 * region and a few at once (remediations spaced per account-region). A failure is caught
 * here, inside the iteration, so one broken account never stops the sweep: an account whose role
 * cannot be assumed ends in `Account unreachable`, any other failure in `Account failed`; both are
 * reported to operators and in the sweep report.
 */
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sns from 'aws-cdk-lib/aws-sns';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import type { Construct } from 'constructs';
import { invokeTask } from '../invoke-task';
import { withTaskRetry } from '../retry';
import { FINDING_ITEM, findingStates } from './finding';

interface AccountStatesProps {
  readonly collectFunction: lambda.IFunction;
  readonly evaluateFunction: lambda.IFunction;
  readonly checkExemptionsFunction: lambda.IFunction;
  readonly remediateFunction: lambda.IFunction;
  readonly recordRemediationFunction: lambda.IFunction;
  readonly loadRemediationsFunction: lambda.IFunction;
  readonly saveOutcomesFunction: lambda.IFunction;
  readonly topic: sns.ITopic;
  /** Findings remediated at the same time in one account-region. @default 5 */
  readonly remediationsPerRegion?: number;
}

/** @see AccountStatesProps.remediationsPerRegion */
const DEFAULT_REMEDIATIONS_PER_REGION = 5;

/** The per-account item: what `For each account` passes to every iteration. */
const ACCOUNT_ITEM = { 'target.$': '$$.Map.Item.Value', 'sweep.$': '$.sweep' };

function accountStates(scope: Construct, props: AccountStatesProps): sfn.IChainable {
  const notifyOperators = withTaskRetry(
    new tasks.SnsPublish(scope, 'Notify operators', {
      comment: 'Tells operators that an account could not be swept, and why.',
      topic: props.topic,
      subject: sfn.JsonPath.stringAt('$.subject'),
      message: sfn.TaskInput.fromJsonPathAt('$.message'),
      messageAttributes: {
        severity: { value: 'HIGH' },
        accountId: { value: sfn.JsonPath.stringAt('$.accountId') },
        decision: { value: 'NOTIFY' },
      },
      resultSelector: { status: 'SENT', 'messageId.$': '$.MessageId' },
      resultPath: '$.notified',
    }),
  );
  notifyOperators.addCatch(
    new sfn.Pass(scope, 'Operators not notified', {
      comment: 'SNS refused the message; the account result (with the error) still reaches the report.',
    }),
    {
      errors: ['States.ALL'],
      resultPath: '$.notified',
    },
  );

  const unreachable = new sfn.Pass(scope, 'Account unreachable', {
    comment: "The account's audit role could not be assumed (or it refused every read). The sweep goes on.",
    parameters: {
      'accountId.$': '$.target.accountId',
      'alias.$': '$.target.alias',
      status: 'UNREACHABLE',
      'error.$': '$.error.Cause',
      'subject.$': "States.Format('[HIGH] Warden could not reach account {}', $.target.accountId)",
      'message.$':
        "States.Format('Warden could not sweep account {} ({}) in sweep {}. Why: {}. Check that the member stack is deployed and that its WardenAudit role trusts the central account.', $.target.alias, $.target.accountId, $.sweep.executionName, $.error.Cause)",
    },
  });
  unreachable.next(notifyOperators);

  const failed = new sfn.Pass(scope, 'Account failed', {
    comment: 'Evaluating this account failed after retries. The sweep goes on; the error is in the report.',
    parameters: {
      'accountId.$': '$.target.accountId',
      'alias.$': '$.target.alias',
      status: 'FAILED',
      'error.$': '$.error.Cause',
      'subject.$': "States.Format('[HIGH] Warden sweep failed for account {}', $.target.accountId)",
      'message.$':
        "States.Format('Warden could not finish sweeping account {} ({}) in sweep {}. Why: {}', $.target.alias, $.target.accountId, $.sweep.executionName, $.error.Cause)",
    },
  });
  failed.next(notifyOperators);

  const collect = invokeTask(scope, 'Collect resources', {
    comment: "Reads the account's resources in each of its regions (assuming WardenAudit) into an inventory.",
    lambdaFunction: props.collectFunction,
    resultPath: '$.inventory',
  });
  collect.addCatch(unreachable, { errors: ['AccountUnreachableError'], resultPath: '$.error' });
  collect.addCatch(failed, { errors: ['States.ALL'], resultPath: '$.error' });

  const evaluate = invokeTask(scope, 'Evaluate rules', {
    comment: 'Evaluates every resource of the inventory against every rule, in one batch.',
    lambdaFunction: props.evaluateFunction,
    resultPath: '$.evaluation',
  });
  evaluate.addCatch(failed, { errors: ['States.ALL'], resultPath: '$.error' });

  const checkExemptions = invokeTask(scope, 'Check exemptions', {
    comment: "Matches findings against the account's exemptions and decides REMEDIATE, NOTIFY, EXEMPT or NONE.",
    lambdaFunction: props.checkExemptionsFunction,
    resultPath: '$.decisions',
  });
  checkExemptions.addCatch(failed, { errors: ['States.ALL'], resultPath: '$.error' });

  // REMEDIATE findings, region by region and page by page (tasks/shared/remediation-pages.ts):
  // regions in parallel, each region's pages one after another, a few findings of a page at once.
  const loadRemediations = invokeTask(scope, 'Load remediations', {
    comment: "Reads one page of this account-region's findings to remediate from S3.",
    lambdaFunction: props.loadRemediationsFunction,
    resultPath: '$.findings',
  });
  const forEachFinding = new sfn.Map(scope, 'For each finding', {
    comment:
      'Only findings to remediate come here; NOTIFY ones go to their owner in one message (Notify owners), exempt and audit-only ones are just reported.',
    itemsPath: '$.findings',
    itemSelector: FINDING_ITEM,
    maxConcurrency: props.remediationsPerRegion ?? DEFAULT_REMEDIATIONS_PER_REGION,
    resultPath: '$.outcomes',
  });
  forEachFinding.itemProcessor(findingStates(scope, { ...props, digest: true }));
  const saveOutcomes = invokeTask(scope, 'Save outcomes', {
    comment: "Stores what this page's findings became in S3, for the report.",
    lambdaFunction: props.saveOutcomesFunction,
    payload: sfn.TaskInput.fromObject({
      page: sfn.JsonPath.stringAt('$.page'),
      outcomes: sfn.JsonPath.listAt('$.outcomes'),
    }),
  });
  const forEachPage = new sfn.Map(scope, 'For each page', {
    comment: "This region's pages one after another, so remediations are spaced per account-region.",
    itemsPath: '$.pages',
    itemSelector: { 'page.$': '$$.Map.Item.Value', 'target.$': '$.target', 'sweep.$': '$.sweep' },
    maxConcurrency: 1,
  });
  forEachPage.itemProcessor(loadRemediations.next(forEachFinding).next(saveOutcomes));
  const forEachRegion = new sfn.Map(scope, 'For each region', {
    comment: "The account's findings to remediate, by region; regions in parallel.",
    itemsPath: '$.decisions.remediations',
    itemSelector: {
      'region.$': '$$.Map.Item.Value.region',
      'pages.$': '$$.Map.Item.Value.pages',
      'target.$': '$.target',
      'sweep.$': '$.sweep',
    },
    resultPath: '$.outcomes',
  });
  forEachRegion.itemProcessor(forEachPage);
  forEachRegion.addCatch(failed, { errors: ['States.ALL'], resultPath: '$.error' });

  const done = new sfn.Pass(scope, 'Account done', {
    comment: "The account's result: counts, where its decided findings are stored, and each action's outcome.",
    parameters: {
      'accountId.$': '$.target.accountId',
      'alias.$': '$.target.alias',
      status: 'OK',
      inventory: { 'resourceCount.$': '$.inventory.resourceCount', 'regionErrors.$': '$.inventory.regionErrors' },
      evaluation: { 'resourcesEvaluated.$': '$.evaluation.resourcesEvaluated', 'counts.$': '$.evaluation.counts' },
      decisions: {
        'decisionsRef.$': '$.decisions.decisionsRef',
        'byDecision.$': '$.decisions.byDecision',
        'exemptionLookupError.$': '$.decisions.exemptionLookupError',
      },
      // Per region, per page: where that page's outcomes are (`{outcomesRef, count}`).
      'outcomes.$': '$.outcomes',
    },
  });

  return collect.next(evaluate).next(checkExemptions).next(forEachRegion).next(done);
}

export type { AccountStatesProps };
export { ACCOUNT_ITEM, accountStates, DEFAULT_REMEDIATIONS_PER_REGION };
