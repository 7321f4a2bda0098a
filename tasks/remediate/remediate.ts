/**
 * `Remediate`: applies one finding's planned API calls in its account-region with the
 * WardenRemediate role, then reads the resource back. Before sending anything it checks, in order:
 * - the per-sweep blast-radius cap: no slot left on the execution's counter → SKIPPED_CAP, decision
 *   NOTIFY (tasks/shared/blast-radius.ts; planned remediations count too);
 * - dry run or offline (no clients): nothing is sent, outcome PLANNED;
 * - the kill switch, re-read now: if it was pulled since the decision, nothing is sent (PLANNED)
 *   and the decision becomes NOTIFY;
 * - the loop breaker: if this rule already fixed this resource `loopThreshold` times within
 *   `loopWindowDays`, something (usually the owner's IaC deploy) keeps undoing it: outcome
 *   SKIPPED_LOOP, decision NOTIFY, and the notification escalates naming the stack.
 * A failure to apply is an outcome (FAILED, recorded and notified), not a crash; only throttling
 * propagates, so the state's Retry can back off.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { ruleById } from '../rules/index';
import type { AwsClients } from '../rules/rule';
import { type SweepCounter, sweepCapHold } from '../shared/blast-radius';
import { describeError } from '../shared/errors';
import type { KillSwitch } from '../shared/kill-switch';
import { successfulRemediationsSince } from '../shared/ledger';
import type { ConfigurationItem, Finding, Notification, RemediationResult } from '../shared/model';
import { composeNotification } from '../shared/notification';
import { AccountTargetSchema, FindingSchema, parseInput, SweepSchema } from '../shared/schemas';
import { isThrottlingError } from '../shared/throttling';

interface LoopBreaker {
  readonly ddb: DynamoDBDocumentClient;
  readonly ledgerTable: string;
  /** Successful remediations of the same rule and resource that make the next one a loop. @default 3 */
  readonly threshold?: number;
  /** @default 7 */
  readonly windowDays?: number;
}

interface RemediateDeps {
  /** SDK clients holding the remediation role's credentials; absent offline, where nothing is ever sent. */
  readonly clientsFor?: (accountId: string, region: string) => Promise<AwsClients>;
  readonly killSwitch?: KillSwitch;
  readonly loopBreaker?: LoopBreaker;
  /**
   * The per-sweep blast-radius cap: a slot is reserved on the execution's counter before anything
   * else; none left → SKIPPED_CAP (tasks/shared/blast-radius.ts). @default no per-sweep cap
   */
  readonly sweepCap?: SweepCounter;
  readonly now?: () => Date;
}

const RemediateInputSchema = z
  .object({
    finding: FindingSchema,
    target: AccountTargetSchema,
    sweep: SweepSchema,
  })
  .passthrough();

interface RemediateOutput {
  readonly finding: Finding;
  readonly remediation: RemediationResult;
  readonly notification: Notification;
  readonly [key: string]: unknown;
}

const DAY_MS = 86_400_000;

function createRemediate(deps: RemediateDeps) {
  const now = deps.now ?? (() => new Date());
  return async (event: unknown): Promise<RemediateOutput> => {
    const state = parseInput(RemediateInputSchema, event, 'Remediate input');
    const original = state.finding as unknown as Finding;
    const { remediation, decisionReason } =
      (await sweepCapHold(deps.sweepCap, state.sweep.executionArn, original, now())) ??
      (await remediate(original, state.sweep.dryRun, deps, now));
    const finding: Finding =
      decisionReason === undefined ? original : { ...original, decision: 'NOTIFY', decisionReason };
    const notification = composeNotification(
      { ...finding, remediation },
      {
        accountAlias: state.target.alias,
        ...(state.target.owner !== undefined ? { owner: state.target.owner } : {}),
        executionName: state.sweep.executionName,
      },
    );
    return {
      ...state,
      finding,
      remediation,
      notification: {
        ...notification,
        attributes: { owner: state.target.owner ?? 'unassigned', ...notification.attributes },
      },
    };
  };
}

/** The remediation result, and — when Warden decided not to send it after all — the new decision's reason. */
async function remediate(
  finding: Finding,
  dryRun: boolean,
  deps: RemediateDeps,
  now: () => Date,
): Promise<{ remediation: RemediationResult; decisionReason?: string }> {
  const apiCalls = finding.plan ?? [];
  const base = {
    apiCalls,
    before: finding.evidence ?? null,
    ...(finding.iac !== undefined ? { iac: finding.iac } : {}),
  };
  const at = () => now().toISOString();
  const rule = ruleById(finding.ruleId);
  if (rule?.remediation === undefined || apiCalls.length === 0) {
    return {
      remediation: { ...base, outcome: 'FAILED', error: `rule ${finding.ruleId} has no remediation plan`, at: at() },
    };
  }
  if (dryRun || deps.clientsFor === undefined) return { remediation: { ...base, outcome: 'PLANNED', at: at() } };

  const killSwitch = await deps.killSwitch?.();
  if (killSwitch?.ceiling !== undefined) {
    return {
      remediation: { ...base, outcome: 'PLANNED', at: at() },
      decisionReason: `not remediated: ${killSwitch.reason}`,
    };
  }
  if (deps.loopBreaker !== undefined) {
    const { ddb, ledgerTable, threshold = 3, windowDays = 7 } = deps.loopBreaker;
    const since = new Date(now().getTime() - windowDays * DAY_MS).toISOString();
    const times = await successfulRemediationsSince(ddb, ledgerTable, finding.findingId, since);
    if (times >= threshold) {
      const stack = finding.iac?.stack;
      const who = stack !== undefined ? `stack ${stack}` : 'something (no IaC stack is tagged on the resource)';
      return {
        remediation: { ...base, outcome: 'SKIPPED_LOOP', at: at() },
        decisionReason:
          `remediated ${times} times in the last ${windowDays} days and non-compliant again: ${who} keeps reverting this. ` +
          'Put the fix into the IaC (see the drift receipt); Warden will not remediate it again until then.',
      };
    }
  }
  try {
    const clients = await deps.clientsFor(finding.accountId, finding.region);
    const { after } = await rule.remediation.apply(clients, apiCalls, ciOf(finding));
    return { remediation: { ...base, outcome: 'SUCCEEDED', after: after ?? null, at: at() } };
  } catch (error) {
    if (isThrottlingError(error)) throw error;
    return { remediation: { ...base, outcome: 'FAILED', error: describeError(error), at: at() } };
  }
}

/** The part of the configuration item a remediation's `apply` may rely on: identity and tags. */
function ciOf(finding: Finding): ConfigurationItem {
  return {
    resourceType: finding.resourceType,
    resourceId: finding.resourceId,
    arn: finding.arn,
    accountId: finding.accountId,
    region: finding.region,
    status: 'OK',
    configuration: {},
    supplementaryConfiguration: {},
    tags: finding.tags,
    relationships: [],
  };
}

export type { LoopBreaker, RemediateDeps, RemediateOutput };
export { createRemediate };
