/**
 * `Remediate`: applies one finding's planned API calls in its account-region with the
 * WardenRemediate role, and says only what is true about it (outcomes: `Outcome` in shared/model).
 * Before sending anything it checks, in order:
 * - the per-sweep blast-radius cap: no slot left on the execution's counter → SKIPPED_CAP, decision
 *   NOTIFY (tasks/shared/blast-radius.ts; planned remediations count too);
 * - dry run or offline (no clients): nothing is sent, outcome PLANNED;
 * - the kill switch, re-read now: if it was pulled since the decision, nothing is sent (PLANNED)
 *   and the decision becomes NOTIFY;
 * - the loop breaker: if this rule already sent this fix `loopThreshold` times within
 *   `loopWindowDays` (SUCCEEDED or SENT_UNVERIFIED), something (usually the owner's IaC deploy)
 *   keeps undoing it: outcome SKIPPED_LOOP, decision NOTIFY, and the notification escalates naming the stack;
 * - the live state: the resource is re-read right now (the collectors' reader, `./live-state.ts`) and
 *   judged by the rule. Already compliant (or no longer applicable) → nothing is sent,
 *   SKIPPED_ALREADY_COMPLIANT: a stale finding (an out-of-order event, a sweep overtaken by a fix)
 *   never overwrites what is there now. Not readable → nothing is sent, FAILED.
 * Then the rule's `apply` sends what the live state still needs (only operations of the plan, and
 * each call checked against the rule's declared operations on its own resource right before it is
 * sent: `tasks/engine/plan-guard.ts`), and the resource is read back and judged again: COMPLIANT → SUCCEEDED
 * (also NON_COMPLIANT with nothing left for the rule to plan: what remains is for a person, e.g. a
 * placeholder tag awaiting a real owner); still NON_COMPLIANT → FAILED with that state as `after`;
 * the read-back failed → SENT_UNVERIFIED.
 * A failure is an outcome (recorded and notified), not a crash; only throttling before anything was
 * sent propagates, so the state's Retry can back off without sending twice.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { applyDeclared } from '../engine/plan-guard';
import { resolveRuleParameters, ruleById } from '../rules/index';
import type { AwsClients, LiveState, ResourceReference, Rule, SendApiCall } from '../rules/rule';
import type { ActiveRule } from '../rules/settings';
import { sendApiCall } from '../shared/api-calls';
import { type SweepCounter, sweepCapHold } from '../shared/blast-radius';
import { describeError, InvalidInputError } from '../shared/errors';
import type { KillSwitch } from '../shared/kill-switch';
import { successfulRemediationsSince } from '../shared/ledger';
import {
  type ApiCall,
  type Finding,
  type Notification,
  type RemediationResult,
  SEVERITIES,
  type Severity,
} from '../shared/model';
import { composeNotification } from '../shared/notification/compose';
import { type OwnerRouting, resolveOwner } from '../shared/notification/owner';
import { AccountTargetSchema, FindingSchema, parseInput, SweepSchema } from '../shared/schemas';
import { isThrottlingError } from '../shared/throttling';
import { readLiveState } from './live-state';

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
  /**
   * The deployment's rules with their parameters, to judge the live state as the decision did.
   * @default each rule with its documented default parameters
   */
  readonly rules?: readonly ActiveRule[];
  /** Who the notification goes to (tasks/shared/notification/owner.ts). @default the `Owner` tag, no stack owners */
  readonly owners?: OwnerRouting;
  /**
   * The least severe remediation whose notification is sent on its own right away (`immediate`);
   * the sweep sends the others only in the owner's digest (`Notify owners`). @default 'CRITICAL'
   */
  readonly immediateSeverity?: Severity;
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
  /** At or above `immediateSeverity`: the sweep's `Immediate or digest` sends it now, not only in the digest. */
  readonly immediate: boolean;
  readonly [key: string]: unknown;
}

const DAY_MS = 86_400_000;
const DEFAULT_ROUTING: OwnerRouting = { ownerTagKey: 'Owner', stackOwners: {} };

/** Whether `severity` is `threshold` or more severe (an unknown severity counts as the most severe: never silent). */
function atLeast(severity: string, threshold: Severity): boolean {
  const rank = (SEVERITIES as readonly string[]).indexOf(severity);
  return rank === -1 || rank <= SEVERITIES.indexOf(threshold);
}

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
        ...resolveOwner({ tags: finding.tags, accountOwner: state.target.owner }, deps.owners ?? DEFAULT_ROUTING),
        executionName: state.sweep.executionName,
      },
    );
    return {
      ...state,
      finding,
      remediation,
      notification,
      immediate: atLeast(finding.severity, deps.immediateSeverity ?? 'CRITICAL'),
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
  const clients = await deps.clientsFor(finding.accountId, finding.region);
  const params = deps.rules?.find((a) => a.rule.id === rule.id)?.params ?? resolveRuleParameters(rule, {});
  return { remediation: { ...(await applyVerified(finding, rule, params, clients, apiCalls)), at: at() } };
}

type Applied = Omit<RemediationResult, 'at'>;

/** Reads the live state, sends what it still needs, reads it back: the outcome says which of these happened. */
async function applyVerified(
  finding: Finding,
  rule: Rule<unknown>,
  params: unknown,
  clients: AwsClients,
  plan: readonly ApiCall[],
): Promise<Applied> {
  const iac = finding.iac !== undefined ? { iac: finding.iac } : {};
  const notSent = (before: unknown) => ({ apiCalls: plan, sent: false, before, ...iac });
  const ref = referenceOf(finding);
  const read = () => readLiveState(clients, ref, rule, params);

  let live: LiveState;
  try {
    live = await read();
  } catch (error) {
    if (isThrottlingError(error)) throw error;
    return {
      ...notSent(finding.evidence ?? null),
      outcome: 'FAILED',
      error: `the live state could not be read right before the change, so nothing was sent: ${describeError(error)}`,
    };
  }
  const before = live.evaluation.evidence ?? null;
  if (live.evaluation.status !== 'NON_COMPLIANT') {
    return {
      ...notSent(before),
      outcome: 'SKIPPED_ALREADY_COMPLIANT',
      reason: `nothing sent: read right before the change, the resource is ${live.evaluation.status.toLowerCase().replace('_', ' ')}: ${live.evaluation.message}`,
    };
  }

  const sent: ApiCall[] = [];
  const allowed = new Set(plan.map(callKey));
  const send: SendApiCall = async (call) => {
    if (!allowed.has(callKey(call))) {
      throw new InvalidInputError(
        `${rule.id} may only send the operations of its plan (${[...allowed].join(', ')}), not ${callKey(call)}`,
      );
    }
    const output = await sendApiCall(clients, call);
    sent.push(call);
    return output;
  };
  let applyError: unknown;
  try {
    await applyDeclared(rule, send, plan, live, params);
  } catch (error) {
    if (sent.length === 0) {
      if (isThrottlingError(error)) throw error;
      return { ...notSent(before), outcome: 'FAILED', error: describeError(error) };
    }
    applyError = error;
  }
  if (sent.length === 0) {
    // The live state is non-compliant, yet nothing of the plan is left to send: the plan cannot fix it.
    return {
      ...notSent(before),
      outcome: 'FAILED',
      after: before,
      error: `nothing of the plan was left to send, but the resource is still non-compliant: ${live.evaluation.message}`,
    };
  }

  const wasSent = { apiCalls: sent, sent: true, before, ...iac };
  const partly = applyError === undefined ? '' : `; the change stopped part-way: ${describeError(applyError)}`;
  let after: LiveState;
  try {
    after = await read();
  } catch (error) {
    return {
      ...wasSent,
      outcome: applyError === undefined ? 'SENT_UNVERIFIED' : 'FAILED',
      error: `the change was sent, but reading the resource back failed: ${describeError(error)}${partly}`,
    };
  }
  const afterEvidence = after.evaluation.evidence ?? null;
  if (after.evaluation.status === 'COMPLIANT' && applyError === undefined) {
    return { ...wasSent, outcome: 'SUCCEEDED', after: afterEvidence, reason: `verified: ${after.evaluation.message}` };
  }
  if (
    after.evaluation.status === 'NON_COMPLIANT' &&
    applyError === undefined &&
    nothingLeftToPlan(rule, after, params)
  ) {
    return {
      ...wasSent,
      outcome: 'SUCCEEDED',
      after: afterEvidence,
      reason: `verified: the remediation has nothing left to do; what remains needs a person: ${after.evaluation.message}`,
    };
  }
  if (after.evaluation.status === 'NON_COMPLIANT' || applyError !== undefined) {
    return {
      ...wasSent,
      outcome: 'FAILED',
      after: afterEvidence,
      error: `the change was sent, but read back the resource is ${after.evaluation.status.toLowerCase().replace('_', ' ')}: ${after.evaluation.message}${partly}`,
    };
  }
  return {
    ...wasSent,
    outcome: 'SENT_UNVERIFIED',
    after: afterEvidence,
    reason: `the change was sent, but read back the rule no longer applies: ${after.evaluation.message}`,
  };
}

/**
 * Whether the rule would plan nothing more for the resource as read back: its remediation did all it
 * can, and what keeps it non-compliant is for a person (a placeholder tag value awaiting a real owner).
 * A plan that cannot be made (it throws) is not "nothing left".
 */
function nothingLeftToPlan(rule: Rule<unknown>, after: LiveState, params: unknown): boolean {
  if (after.ci === undefined || rule.remediation === undefined) return false;
  try {
    return rule.remediation.plan(after.ci, params, after.context).length === 0;
  } catch {
    return false;
  }
}

function callKey(call: Pick<ApiCall, 'service' | 'operation'>): string {
  return `${call.service}:${call.operation}`;
}

/** The finding's resource, as `readLive` and `apply` are given it. */
function referenceOf(finding: Finding): ResourceReference {
  const { accountId, region, resourceType, resourceId, arn } = finding;
  return { accountId, region, resourceType, resourceId, arn };
}

export type { LoopBreaker, RemediateDeps, RemediateOutput };
export { createRemediate };
