/**
 * The exemption review at the end of a sweep (issue 5): which exemptions expire within the reminder
 * window (their requester is told), which matched nothing in this sweep (stale: the resource was
 * fixed, deleted, or the pattern never matched what was meant). Pure: the items, the sweep's
 * matches and the clock in, the review out. Invalid items are not repeated here: `Resolve targets`
 * reports them (`exemptionProblems`) for the whole table. Valid items that break the exemption
 * policy (exemption-policy.ts: broad, self-approved, too many wildcards, too long) are listed under
 * `policy`, saying whether they are still honoured.
 */
import { type PolicyProblem, sortExemptions } from './exemption-policy';
import type { Exemption } from './exemptions';
import type { Notification } from './model';
import { toSubject } from './notification/compose';
import { shown, untrusted } from './untrusted-text';

/** How far ahead an expiring exemption is reported and its requester reminded. */
const EXPIRY_REMINDER_DAYS = 7;
const DAY_MS = 86_400_000;

interface ExemptionSummary {
  readonly exemptionId: string;
  readonly ruleId: string;
  readonly accountId: string;
  readonly region: string;
  readonly resource: string;
  readonly effect: Exemption['effect'];
  readonly requestedBy: string;
  readonly approvedBy: string;
  readonly expiresAt: string;
  readonly ticket?: string;
}

interface ExpiringExemption extends ExemptionSummary {
  /** Whole days left, rounded down (0: expires within 24 hours). */
  readonly daysLeft: number;
}

interface ExemptionReview {
  /** Exemptions that are active now. */
  readonly active: number;
  /** Items still in the table (TTL purges them weeks later) whose expiry has passed. */
  readonly expired: number;
  /** Active exemptions expiring within `EXPIRY_REMINDER_DAYS`, soonest first. */
  readonly expiringSoon: ExpiringExemption[];
  /**
   * Active exemptions within this sweep's scope that exempted no finding: nothing they cover is
   * non-compliant any more (or another exemption matched first). Candidates for removal.
   */
  readonly stale: ExemptionSummary[];
  /**
   * Valid items breaking the exemption policy, by exemptionId. `honoured: false` (broad,
   * self-approved, too many wildcards): the item exempts nothing and the findings it covers are
   * notified, never remediated; it is not counted as active. `honoured: true` (only too long): it
   * applies as written until it is fixed.
   */
  readonly policy: PolicyProblem[];
  /** Why the table could not be read for the review; the other fields are then empty. */
  readonly error?: string;
}

/** What this sweep covered: only exemptions inside it can be called stale. */
interface SweepScope {
  /** Accounts swept to the end (unreachable ones say nothing about their exemptions). */
  readonly accountIds: ReadonlySet<string>;
  /** Rule ids the sweep evaluated. */
  readonly ruleIds: ReadonlySet<string>;
}

function summary(e: Exemption): ExemptionSummary {
  return {
    exemptionId: e.exemptionId,
    ruleId: e.ruleId,
    accountId: e.accountId,
    region: e.region,
    resource: e.resource,
    effect: e.effect,
    requestedBy: e.requestedBy,
    approvedBy: e.approvedBy,
    expiresAt: e.expiresAt,
    ...(e.ticket !== undefined ? { ticket: e.ticket } : {}),
  };
}

function inScope(e: Exemption, scope: SweepScope): boolean {
  const account = e.accountId === '*' ? scope.accountIds.size > 0 : scope.accountIds.has(e.accountId);
  const rule = e.ruleId === '*' ? scope.ruleIds.size > 0 : scope.ruleIds.has(e.ruleId);
  return account && rule;
}

/** Items are raw table items; `matched` holds the exemption ids the sweep's decisions name. */
function reviewExemptions(input: {
  readonly items: readonly unknown[];
  readonly knownRuleIds: ReadonlySet<string>;
  readonly matched: ReadonlySet<string>;
  readonly scope: SweepScope;
  readonly now: Date;
}): ExemptionReview {
  const nowMs = input.now.getTime();
  const horizon = nowMs + EXPIRY_REMINDER_DAYS * DAY_MS;
  const expiringSoon: ExpiringExemption[] = [];
  const stale: ExemptionSummary[] = [];
  let active = 0;
  let expired = 0;
  // Only the items the sweep honoured: refused ones are listed in `policy`, invalid ones elsewhere.
  const sorted = sortExemptions(input.items, input.knownRuleIds, input.now);
  for (const e of sorted.exemptions) {
    // Active strictly before expiresAt (DESIGN §4.2), the same boundary matching uses.
    if (e.expiresAtMs <= nowMs) {
      expired += 1;
      continue;
    }
    active += 1;
    if (e.expiresAtMs <= horizon) {
      expiringSoon.push({ ...summary(e), daysLeft: Math.floor((e.expiresAtMs - nowMs) / DAY_MS) });
    }
    if (!input.matched.has(e.exemptionId) && inScope(e, input.scope)) stale.push(summary(e));
  }
  const byId = (a: { exemptionId: string }, b: { exemptionId: string }) => a.exemptionId.localeCompare(b.exemptionId);
  return {
    active,
    expired,
    expiringSoon: expiringSoon.sort((a, b) => a.expiresAt.localeCompare(b.expiresAt) || byId(a, b)),
    stale: stale.sort(byId),
    policy: [...sorted.policy].sort(byId),
  };
}

/** The review when the table could not be read: nothing is claimed about the exemptions. */
function unreadableReview(error: string): ExemptionReview {
  return { active: 0, expired: 0, expiringSoon: [], stale: [], policy: [], error };
}

/**
 * The reminder to an exemption's requester. SNS subscribers filter on `kind` and `requestedBy`
 * (e.g. a subscription policy `{"kind": ["exemption-expiring"], "requestedBy": ["alice@example.com"]}`).
 */
function expiryReminder(e: ExpiringExemption, executionName: string): Notification {
  const when = e.daysLeft === 0 ? 'within a day' : `in ${e.daysLeft} day${e.daysLeft === 1 ? '' : 's'}`;
  // Every field is from the exemption item as someone wrote it: `untrusted`/`shown`, one line each.
  const lines = [
    `Warden exemption ${shown(e.exemptionId)} expires ${when}, at ${untrusted(e.expiresAt)}.`,
    '',
    `Rule:        ${untrusted(e.ruleId)}`,
    `Account:     ${untrusted(e.accountId)}`,
    `Region:      ${untrusted(e.region)}`,
    `Resource:    ${shown(e.resource, 2048)}`,
    `Effect:      ${untrusted(e.effect)}`,
    `Requested by ${shown(e.requestedBy)}, approved by ${shown(e.approvedBy)}${e.ticket !== undefined ? ` (${shown(e.ticket)})` : ''}.`,
    '',
    'After it expires, Warden acts on these resources as the rule says (it may remediate them).',
    'To keep the exemption, renew it with a new expiry and approval:',
    `  warden exempt add --replace --id ${shown(e.exemptionId)} ... --expires <new ISO-8601 UTC time>`,
    '',
    `Sweep: ${untrusted(executionName)}`,
  ];
  return {
    subject: toSubject(`[Warden] Exemption ${e.exemptionId} expires ${when}`),
    message: lines.join('\n'),
    attributes: {
      kind: 'exemption-expiring',
      severity: 'LOW',
      ruleId: e.ruleId,
      accountId: e.accountId,
      requestedBy: e.requestedBy,
    },
  };
}

export type { ExemptionReview, ExemptionSummary, ExpiringExemption, SweepScope };
export { EXPIRY_REMINDER_DAYS, expiryReminder, reviewExemptions, unreadableReview };
