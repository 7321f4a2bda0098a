/**
 * `Check exemptions`: decides every finding of the account (DESIGN §4.3, `tasks/engine/decide.ts`:
 * its exemptions read once, its own partition and the `*` one) and composes the notification for
 * those that will notify.
 * If the exemptions cannot be read, every non-compliant finding becomes NOTIFY: Warden never
 * remediates, and never stays silent, without knowing whether someone exempted the resource.
 * Throttling is the exception: it propagates, so the state's Retry reads again after a backoff.
 * Then the per-rule and per-account blast-radius caps (tasks/shared/blast-radius.ts): a rule (or
 * the account) over its cap has none of its remediations sent — NOTIFY, outcome SKIPPED_CAP.
 */
import { z } from 'zod';
import { createDecider, type DeciderDeps, type KeepDeps, keepDecisions, resourceRuleSettings } from '../engine/decide';
import { ownerRouting } from '../engine/owner-routing';
import { activeRules } from '../rules/settings';
import { applyAccountCaps, type CapGroup } from '../shared/blast-radius';
import type { WardenConfig } from '../shared/config';
import type { AccountTarget, Decision, Finding } from '../shared/model';
import { composeNotification } from '../shared/notification/compose';
import { type OwnerRouting, resolveOwner } from '../shared/notification/owner';
import { type RegionRemediations, storeRemediationPages } from '../shared/remediation-pages';
import { AccountTargetSchema, parseInput, SweepSchema } from '../shared/schemas';

interface CheckExemptionsDeps extends DeciderDeps, KeepDeps {
  readonly config: WardenConfig;
}

interface CheckExemptionsOutput {
  readonly decisionsRef: string;
  readonly byDecision: Record<Decision, number>;
  /**
   * Where the REMEDIATE findings are, by region and in pages (the only findings that go through
   * per-item states). NOTIFY findings stay in `decisionsRef`; `Notify owners` sends them as one
   * message per owner and sweep.
   */
  readonly remediations: RegionRemediations[];
  /** Why the exemptions could not be read (every finding then NOTIFY); null when they were read. */
  readonly exemptionLookupError: string | null;
  /** Remediations the per-rule and per-account blast-radius caps held back (NOTIFY, SKIPPED_CAP). */
  readonly capped: CapGroup[];
}

const CheckExemptionsInputSchema = z.object({
  target: AccountTargetSchema,
  sweep: SweepSchema,
  evaluation: z.object({
    findingsRef: z.string().min(1),
    // What the blast-radius percentages are of (Evaluate rules' counts).
    resourcesEvaluated: z.number().int().min(0).optional(),
    counts: z.record(z.string(), z.record(z.string(), z.number())).optional(),
  }),
});

function createCheckExemptions(deps: CheckExemptionsDeps) {
  const rules = activeRules(deps.config);
  const decide = createDecider(deps, resourceRuleSettings(rules), 'always');
  const routing = ownerRouting(deps.config, rules);

  return async (event: unknown): Promise<CheckExemptionsOutput> => {
    const { target, sweep, evaluation } = parseInput(CheckExemptionsInputSchema, event, 'Check exemptions input');
    const findings = await deps.store.getJson<Finding[]>(evaluation.findingsRef);
    const batch = await decide(target, sweep, findings);
    // The blast-radius caps see all of the account's decisions, before anything is notified or paged.
    const { findings: capped, held } = applyAccountCaps(batch.decided, {
      settings: deps.config.blastRadius,
      ...(evaluation.counts !== undefined ? { evaluatedByRule: evaluatedByRule(evaluation.counts) } : {}),
      ...(evaluation.resourcesEvaluated !== undefined ? { resourcesEvaluated: evaluation.resourcesEvaluated } : {}),
    });
    const decided = capped.map(
      (f): Finding =>
        f.decision === 'REMEDIATE' || f.decision === 'NOTIFY'
          ? { ...f, notification: notificationFor(f, target, sweep.executionName, routing) }
          : f,
    );

    const { decisionsRef, byDecision } = await keepDecisions(deps, target, sweep, decided, batch.at);
    return {
      decisionsRef,
      byDecision,
      remediations: await storeRemediationPages(
        deps.store,
        sweep.sweepId,
        target.accountId,
        decided.filter((f) => f.decision === 'REMEDIATE'),
      ),
      exemptionLookupError: batch.exemptionLookupError,
      capped: held,
    };
  };
}

/** Resources each rule evaluated (every status), from Evaluate rules' counts. */
function evaluatedByRule(counts: Record<string, Record<string, number>>): Record<string, number> {
  return Object.fromEntries(
    Object.entries(counts).map(([ruleId, c]) => [ruleId, Object.values(c).reduce((a, b) => a + b, 0)]),
  );
}

/** The finding's notification, to its owner (`resolveOwner`: tag, stack, account, else `unassigned`). */
function notificationFor(finding: Finding, target: AccountTarget, executionName: string, routing: OwnerRouting) {
  // SNS message attributes are read by subscription filter policies; `owner` and `ownerSource` are always present.
  return composeNotification(finding, {
    accountAlias: target.alias,
    ...resolveOwner({ tags: finding.tags, accountOwner: target.owner }, routing),
    executionName,
  });
}

export type { CheckExemptionsDeps, CheckExemptionsOutput };
export { createCheckExemptions };
