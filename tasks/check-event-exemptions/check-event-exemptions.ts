/**
 * The event path's `Check exemptions`: decides every finding of the event (DESIGN §4.3,
 * `tasks/engine/decide.ts`, as in the sweep), drops repeats (`tasks/engine/repeats.ts`: a NOTIFY
 * finding already notified within the window stays NOTIFY in the record but does not travel to
 * `Notify owner` again; REMEDIATE findings always go on), and composes the notification of those
 * that will notify, naming the event, who did it and when. The kill switch caps every mode; NOTIFY
 * and EXEMPT decisions are recorded in the ledger (REMEDIATE ones by `Record remediation`). If the
 * exemptions cannot be read, every non-compliant finding becomes NOTIFY: never remediate, and never
 * stay silent, without knowing whether it is exempt.
 */
import { z } from 'zod';
import { createDecider, type DeciderDeps, type KeepDeps, keepDecisions, resourceRuleSettings } from '../engine/decide';
import { ownerRouting } from '../engine/owner-routing';
import { type DecidedFinding, suppressRepeatedFindings } from '../engine/repeats';
import { activeRules } from '../rules/settings';
import type { WardenConfig } from '../shared/config';
import type { EventSummary } from '../shared/events/event-model';
import type { Decision, Finding } from '../shared/model';
import { composeEventFindingNotification } from '../shared/notification/compose-event';
import type { Deduplicator } from '../shared/notification/dedupe';
import { resolveOwner } from '../shared/notification/owner';
import { EventTargetSchema, parseInput, SweepSchema } from '../shared/schemas';

interface CheckEventExemptionsDeps extends DeciderDeps, KeepDeps {
  readonly config: WardenConfig;
  /** The notification log repeats are looked up in. */
  readonly dedupe: Deduplicator;
}

const InputSchema = z.object({
  event: z.object({ eventId: z.string() }).passthrough(),
  target: EventTargetSchema.pick({ accountId: true, alias: true, owner: true, mode: true }),
  sweep: SweepSchema.pick({ sweepId: true, executionName: true, executionArn: true, mode: true }),
  evaluation: z.object({ findingsRef: z.string().min(1) }),
});

interface CheckEventExemptionsOutput {
  readonly decisionsRef: string;
  readonly byDecision: Record<Decision, number>;
  /** REMEDIATE findings and NOTIFY findings not notified within the window: they go to `For each finding`. */
  readonly actionable: Finding[];
  readonly duplicates: number;
  readonly exemptionLookupError: string | null;
}

function createCheckEventExemptions(deps: CheckEventExemptionsDeps) {
  const rules = activeRules(deps.config);
  const decide = createDecider(deps, resourceRuleSettings(rules), 'when-needed');
  const routing = ownerRouting(deps.config, rules);

  return async (input: unknown): Promise<CheckEventExemptionsOutput> => {
    const { target, sweep, evaluation, ...parsed } = parseInput(InputSchema, input, 'Check exemptions input');
    const event = parsed.event as unknown as Partial<EventSummary>;
    const findings = await deps.store.getJson<Finding[]>(evaluation.findingsRef);
    const batch = await decide(target, sweep, findings);
    const decided: DecidedFinding[] = (await suppressRepeatedFindings(batch.decided, deps.dedupe)).map((f) =>
      (f.decision === 'REMEDIATE' || f.decision === 'NOTIFY') && f.suppressedDuplicate !== true
        ? {
            ...f,
            notification: composeEventFindingNotification(f, {
              event,
              accountAlias: target.alias,
              // The same owner as the sweep's: the resource's tag, its stack's, its account's owner.
              ...resolveOwner({ tags: f.tags, accountOwner: target.owner }, routing),
              executionName: sweep.executionName,
            }),
          }
        : f,
    );
    const { decisionsRef, byDecision } = await keepDecisions(deps, target, sweep, decided, batch.at);
    return {
      decisionsRef,
      byDecision,
      actionable: decided.filter((f) => f.notification !== undefined),
      duplicates: decided.filter((f) => f.suppressedDuplicate === true).length,
      exemptionLookupError: batch.exemptionLookupError,
    };
  };
}

export type { CheckEventExemptionsDeps, CheckEventExemptionsOutput, DecidedFinding };
export { createCheckEventExemptions };
