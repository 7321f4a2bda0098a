/**
 * The exemption policy (issue 14): what `warden exempt add` refuses, and what the sweep reports and
 * refuses to honour when such an item reaches the table another way (the console, a script).
 *
 * - **Broad** (`isBroadGlob`): a resource glob whose resource part is only wildcards, or whose
 *   partition or service is a wildcard while the rule or the account is `*`. `add` accepts one only
 *   with `--allow-broad`, which records `allowBroad: true` in the item.
 * - **Self-approved**: `approvedBy` is `requestedBy` (compared trimmed, case-insensitively).
 * - **Too many wildcards**: more than `MAX_GLOB_WILDCARDS` runs of `*` in the resource glob.
 * - **Too long**: an expiry more than `MAX_LIFETIME_DAYS` after the item's `createdAt` (or, without
 *   one, after now). `add` allows `--max-days` (default `DEFAULT_MAX_DAYS`), at most `MAX_LIFETIME_DAYS`.
 *
 * In the sweep and on the event path an item that is broad, self-approved or has too many
 * wildcards is **not honoured**: it never exempts anything, and a finding it covers is notified,
 * never remediated (`UnhonouredExemption`). An item that is only too long is honoured as written
 * (it was approved; expiring it early would remediate what someone exempted) and reported in every
 * sweep's exemption review until it is fixed.
 */

import {
  type Exemption,
  globWildcards,
  isBroadGlob,
  parseExemption,
  type UnhonouredExemption,
  unhonouredExemption,
  unhonouredScope,
} from './exemptions';
import type { ExemptionProblem } from './model';

/** The most wildcards (runs of `*`) a resource glob may have: readability, not speed (matching is linear). */
const MAX_GLOB_WILDCARDS = 8;
/** The longest lifetime `add` allows without `--max-days`. @default 180 */
const DEFAULT_MAX_DAYS = 180;
/** The longest lifetime at all: the ceiling of `--max-days` and what the sweep's review reports beyond. */
const MAX_LIFETIME_DAYS = 365;
const DAY_MS = 86_400_000;

interface PolicyViolations {
  /** Violations that make the item not honoured (never exempts; covered findings are notified). */
  readonly refusing: string[];
  /** Violations that are reported only. */
  readonly reported: string[];
}

/** Extra fields of a stored item the policy reads (the schema drops them from `Exemption`). */
interface PolicyFields {
  /** `allowBroad: true`, as `add --allow-broad` records it. */
  readonly allowBroad?: unknown;
  /** When `add` wrote the item (ISO-8601). */
  readonly createdAt?: unknown;
}

function policyViolations(
  ex: Exemption,
  fields: PolicyFields,
  options: { readonly now: Date; readonly maxDays?: number },
): PolicyViolations {
  const refusing: string[] = [];
  const reported: string[] = [];
  if (ex.requestedBy.toLowerCase() === ex.approvedBy.toLowerCase()) {
    refusing.push(`approvedBy: ${ex.approvedBy} requested it; an exemption needs a second person to approve it`);
  }
  const wildcards = globWildcards(ex.resource);
  if (wildcards > MAX_GLOB_WILDCARDS) {
    refusing.push(`resource: ${wildcards} wildcards; at most ${MAX_GLOB_WILDCARDS} are allowed`);
  }
  if (fields.allowBroad !== true && isBroadGlob(ex)) {
    refusing.push(
      `resource: ${ex.resource} with rule ${ex.ruleId} and account ${ex.accountId} is broad (every resource of a service, or any service with rule or account *); only add --allow-broad may write it`,
    );
  }
  const maxDays = options.maxDays ?? MAX_LIFETIME_DAYS;
  const created = typeof fields.createdAt === 'string' ? Date.parse(fields.createdAt) : Number.NaN;
  const from = Number.isNaN(created) ? options.now.getTime() : Math.min(created, options.now.getTime());
  if (ex.expiresAtMs > from + maxDays * DAY_MS) {
    reported.push(
      Number.isNaN(created)
        ? `expiresAt: ${ex.expiresAt} is more than ${maxDays} days away`
        : `expiresAt: ${ex.expiresAt} is more than ${maxDays} days after createdAt ${String(fields.createdAt)}`,
    );
  }
  return { refusing, reported };
}

/** A stored item the policy reports, and whether Warden still honours it. */
interface PolicyProblem extends ExemptionProblem {
  readonly accountId: string;
  /** False: it exempts nothing and the findings it covers are notified, never remediated. */
  readonly honoured: boolean;
}

interface SortedExemptions {
  /** Valid items within the policy (or only too long): they match as DESIGN §4.2 says. */
  readonly exemptions: Exemption[];
  /** Invalid items, and valid ones the policy refuses, with the scope they still cover. */
  readonly unhonoured: UnhonouredExemption[];
  /** Items failing validation, as `Resolve targets` reports them (`exemptionProblems`). */
  readonly invalid: ExemptionProblem[];
  /** Valid items breaking the policy, as the sweep's exemption review reports them. */
  readonly policy: PolicyProblem[];
}

/**
 * Sorts stored items into those that match, those that only hold back remediation, and the
 * problems to report. Every caller that reads the table uses this, so the sweep, the event path and
 * the review agree on every item.
 */
function sortExemptions(raws: readonly unknown[], knownRuleIds: ReadonlySet<string>, now: Date): SortedExemptions {
  const sorted: SortedExemptions = { exemptions: [], unhonoured: [], invalid: [], policy: [] };
  for (const raw of raws) {
    const parsed = parseExemption(raw, knownRuleIds);
    if (!parsed.ok) {
      sorted.invalid.push(parsed.problem);
      const scope = unhonouredScope(raw, parsed.problem, knownRuleIds);
      if (scope !== undefined) sorted.unhonoured.push(scope);
      continue;
    }
    const ex = parsed.exemption;
    // An expired item matches nothing whatever it says: no policy left to break.
    if (ex.expiresAtMs <= now.getTime()) {
      sorted.exemptions.push(ex);
      continue;
    }
    const { refusing, reported } = policyViolations(ex, raw as PolicyFields, { now });
    const problems = [...refusing, ...reported];
    if (problems.length > 0) {
      sorted.policy.push({
        exemptionId: ex.exemptionId,
        accountId: ex.accountId,
        problem: problems.join('; '),
        honoured: refusing.length === 0,
      });
    }
    if (refusing.length > 0) sorted.unhonoured.push(unhonouredExemption(ex, refusing.join('; ')));
    else sorted.exemptions.push(ex);
  }
  return sorted;
}

export type { PolicyFields, PolicyProblem, PolicyViolations, SortedExemptions };
export { DEFAULT_MAX_DAYS, MAX_GLOB_WILDCARDS, MAX_LIFETIME_DAYS, policyViolations, sortExemptions };
