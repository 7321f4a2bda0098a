/**
 * The exemptions of a local sweep whose expiry has passed, by name. The sweep's exemption review
 * (tasks/shared/exemption-review.ts) only counts them (`exemptions.expired`); an operator reading the
 * report needs to know which one stopped applying, where it applied, who approved it and when it
 * ran out, to renew or retire it. Read from the items the sweep was given (the `--exemptions` file
 * and the embedded store); invalid items are reported as `exemptionProblems` instead.
 */
import { KNOWN_RULE_IDS } from '../tasks/rules/settings';
import { isActive, parseExemption } from '../tasks/shared/exemptions';

interface ExpiredExemption {
  readonly exemptionId: string;
  readonly ruleId: string;
  readonly accountId: string;
  readonly region: string;
  readonly resource: string;
  readonly tags?: Readonly<Record<string, string>>;
  readonly effect: string;
  readonly requestedBy: string;
  readonly approvedBy: string;
  readonly ticket?: string;
  readonly expiresAt: string;
}

/** Valid items expired at `now` (the first of each exemptionId, as the sweep reads them), latest expiry first. */
function expiredExemptions(items: readonly unknown[], now: Date): ExpiredExemption[] {
  const seen = new Set<string>();
  const expired: (ExpiredExemption & { readonly ms: number })[] = [];
  for (const raw of items) {
    const parsed = parseExemption(raw, KNOWN_RULE_IDS);
    if (!parsed.ok || seen.has(parsed.exemption.exemptionId)) continue;
    const e = parsed.exemption;
    seen.add(e.exemptionId);
    if (isActive(e, now)) continue;
    expired.push({
      exemptionId: e.exemptionId,
      ruleId: e.ruleId,
      accountId: e.accountId,
      region: e.region,
      resource: e.resource,
      ...(e.tags !== undefined ? { tags: e.tags } : {}),
      effect: e.effect,
      requestedBy: e.requestedBy,
      approvedBy: e.approvedBy,
      ...(e.ticket !== undefined ? { ticket: e.ticket } : {}),
      expiresAt: e.expiresAt,
      ms: e.expiresAtMs,
    });
  }
  return expired
    .sort((a, b) => b.ms - a.ms || a.exemptionId.localeCompare(b.exemptionId))
    .map(({ ms: _ms, ...e }) => e);
}

export type { ExpiredExemption };
export { expiredExemptions };
