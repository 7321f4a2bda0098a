/**
 * What `warden exempt add` checks before it stores an exemption, beyond the item being valid
 * (DESIGN §4.2): an expiry in the future and not too far away, and no glob that exempts every
 * resource of every account unless the operator says so. Items written straight into the table
 * skip this; the sweep still refuses invalid ones and reports them.
 */
import { type Exemption, globWildcards, isActive, isBroadGlob, parseExemption } from './exemptions';

/** How long after expiry DynamoDB TTL may delete an item: expired exemptions stay auditable meanwhile. */
const PURGE_AFTER_DAYS = 30;
/** @default 180 */
const DEFAULT_MAX_DAYS = 180;
const DAY_MS = 86_400_000;
/**
 * The most wildcards (runs of `*`) a resource glob may have. Matching is linear whatever the count;
 * the limit keeps globs readable and reviewable (`arn:aws:s3:::*-*-*-*-*-*-*-*-prod` says nothing).
 */
const MAX_GLOB_WILDCARDS = 8;

interface AdmissionOptions {
  readonly knownRuleIds: ReadonlySet<string>;
  readonly now: Date;
  /** Longest allowed lifetime. @default 180 days */
  readonly maxDays?: number;
  /** Accept an exemption matching every resource of every account. @default false */
  readonly allowBroad?: boolean;
}

type Admission =
  | { readonly ok: true; readonly exemption: Exemption; readonly item: Record<string, unknown> }
  | { readonly ok: false; readonly reasons: string[] };

function admitExemption(raw: Record<string, unknown>, options: AdmissionOptions): Admission {
  const parsed = parseExemption(raw, options.knownRuleIds);
  if (!parsed.ok) return { ok: false, reasons: [parsed.problem.problem] };
  const ex = parsed.exemption;
  const reasons: string[] = [];
  const now = options.now.getTime();
  const maxDays = options.maxDays ?? DEFAULT_MAX_DAYS;
  if (ex.expiresAtMs <= now) reasons.push(`expiresAt ${ex.expiresAt} is not in the future`);
  if (ex.expiresAtMs > now + maxDays * DAY_MS) {
    reasons.push(`expiresAt ${ex.expiresAt} is more than ${maxDays} days away (the configured maximum)`);
  }
  const wildcards = globWildcards(ex.resource);
  if (wildcards > MAX_GLOB_WILDCARDS) {
    reasons.push(`resource ${ex.resource} has ${wildcards} wildcards; at most ${MAX_GLOB_WILDCARDS} are allowed`);
  }
  if (isBroadGlob(ex) && options.allowBroad !== true) {
    reasons.push(
      `resource ${ex.resource} with accountId * exempts every resource of every account; pass --allow-broad if that is really meant`,
    );
  }
  if (reasons.length > 0) return { ok: false, reasons };
  const item: Record<string, unknown> = {
    exemptionId: ex.exemptionId,
    ruleId: ex.ruleId,
    accountId: ex.accountId,
    region: ex.region,
    resource: ex.resource,
    effect: ex.effect,
    reason: ex.reason,
    requestedBy: ex.requestedBy,
    approvedBy: ex.approvedBy,
    ...(ex.ticket !== undefined ? { ticket: ex.ticket } : {}),
    expiresAt: ex.expiresAt,
    createdAt: options.now.toISOString(),
    // DynamoDB TTL (epoch seconds): some weeks after expiry, never before.
    purgeAt: Math.ceil(ex.expiresAtMs / 1000) + PURGE_AFTER_DAYS * 86_400,
  };
  return { ok: true, exemption: ex, item };
}

type ExemptionState = 'active' | 'expired' | 'invalid';

/** How `warden exempt list` shows an item. */
function exemptionState(
  raw: unknown,
  knownRuleIds: ReadonlySet<string>,
  now: Date,
): { state: ExemptionState; problem?: string } {
  const parsed = parseExemption(raw, knownRuleIds);
  if (!parsed.ok) return { state: 'invalid', problem: parsed.problem.problem };
  return { state: isActive(parsed.exemption, now) ? 'active' : 'expired' };
}

export type { Admission, AdmissionOptions, ExemptionState };
export { admitExemption, DEFAULT_MAX_DAYS, exemptionState, MAX_GLOB_WILDCARDS, PURGE_AFTER_DAYS };
