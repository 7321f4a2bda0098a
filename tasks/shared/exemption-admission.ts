/**
 * What `warden exempt add` checks before it stores an exemption, beyond the item being valid
 * (DESIGN §4.2): an expiry in the future, and the exemption policy (exemption-policy.ts: not broad
 * unless the operator says so, not self-approved, at most 8 wildcards, not too far away). Items
 * written straight into the table skip this; the sweep applies the same policy to them and reports
 * them (exemption-review.ts).
 */

import {
  DEFAULT_MAX_DAYS,
  MAX_GLOB_WILDCARDS,
  MAX_LIFETIME_DAYS,
  type PolicyFields,
  policyViolations,
} from './exemption-policy';
import { type Exemption, isActive, parseExemption } from './exemptions';

/** How long after expiry DynamoDB TTL may delete an item: expired exemptions stay auditable meanwhile. */
const PURGE_AFTER_DAYS = 30;

interface AdmissionOptions {
  readonly knownRuleIds: ReadonlySet<string>;
  readonly now: Date;
  /** Longest allowed lifetime, at most `MAX_LIFETIME_DAYS` (365). @default 180 days */
  readonly maxDays?: number;
  /** Accept a broad exemption (see `isBroadGlob`); recorded in the item as `allowBroad: true`. @default false */
  readonly allowBroad?: boolean;
}

type Admission =
  | { readonly ok: true; readonly exemption: Exemption; readonly item: Record<string, unknown> }
  | { readonly ok: false; readonly reasons: string[] };

/**
 * The item `add` may store, or every reason it may not: invalid (DESIGN §4.2), an expiry not in the
 * future, or anything the exemption policy (exemption-policy.ts) refuses — broad without
 * `allowBroad`, self-approved, too many wildcards, longer than `maxDays`.
 */
function admitExemption(raw: Record<string, unknown>, options: AdmissionOptions): Admission {
  const parsed = parseExemption(raw, options.knownRuleIds);
  if (!parsed.ok) return { ok: false, reasons: [parsed.problem.problem] };
  const ex = parsed.exemption;
  const maxDays = options.maxDays ?? DEFAULT_MAX_DAYS;
  if (!Number.isInteger(maxDays) || maxDays < 1 || maxDays > MAX_LIFETIME_DAYS) {
    return { ok: false, reasons: [`the maximum lifetime must be 1 to ${MAX_LIFETIME_DAYS} days (got ${maxDays})`] };
  }
  const reasons: string[] = [];
  if (ex.expiresAtMs <= options.now.getTime()) reasons.push(`expiresAt ${ex.expiresAt} is not in the future`);
  const allowBroad = options.allowBroad === true;
  const { refusing, reported } = policyViolations(ex, { allowBroad }, { now: options.now, maxDays });
  reasons.push(...refusing, ...reported.map((r) => `${r} (the configured maximum)`));
  if (reasons.length > 0) return { ok: false, reasons };
  const item: Record<string, unknown> = {
    exemptionId: ex.exemptionId,
    ruleId: ex.ruleId,
    accountId: ex.accountId,
    region: ex.region,
    resource: ex.resource,
    ...(ex.tags !== undefined ? { tags: ex.tags } : {}),
    effect: ex.effect,
    reason: ex.reason,
    requestedBy: ex.requestedBy,
    approvedBy: ex.approvedBy,
    ...(ex.ticket !== undefined ? { ticket: ex.ticket } : {}),
    expiresAt: ex.expiresAt,
    ...(allowBroad ? { allowBroad: true } : {}),
    createdAt: options.now.toISOString(),
    // DynamoDB TTL (epoch seconds): some weeks after expiry, never before.
    purgeAt: Math.ceil(ex.expiresAtMs / 1000) + PURGE_AFTER_DAYS * 86_400,
  };
  return { ok: true, exemption: ex, item };
}

type ExemptionState = 'active' | 'expired' | 'invalid' | 'refused';

/**
 * How `warden exempt list` shows an item: `refused` when the policy keeps the sweep from honouring
 * it (it exempts nothing; what it covers is notified, never remediated).
 */
function exemptionState(
  raw: unknown,
  knownRuleIds: ReadonlySet<string>,
  now: Date,
): { state: ExemptionState; problem?: string } {
  const parsed = parseExemption(raw, knownRuleIds);
  if (!parsed.ok) return { state: 'invalid', problem: parsed.problem.problem };
  if (!isActive(parsed.exemption, now)) return { state: 'expired' };
  const { refusing, reported } = policyViolations(parsed.exemption, raw as PolicyFields, { now });
  if (refusing.length > 0) return { state: 'refused', problem: [...refusing, ...reported].join('; ') };
  return reported.length > 0 ? { state: 'active', problem: reported.join('; ') } : { state: 'active' };
}

export type { Admission, AdmissionOptions, ExemptionState };
export { admitExemption, DEFAULT_MAX_DAYS, exemptionState, MAX_GLOB_WILDCARDS, MAX_LIFETIME_DAYS, PURGE_AFTER_DAYS };
