/**
 * The event path's `Check exemptions`: decides every finding of the event (DESIGN §4.3) against the
 * account's exemptions, composes the notification of those that will notify (naming the event, who
 * did it and when), and suppresses duplicates: a NOTIFY finding already notified within the window
 * stays NOTIFY in the record but does not travel to `Notify owner` again. REMEDIATE findings always
 * go on (each remediation is news). The kill switch caps every mode, as in the sweep; NOTIFY and
 * EXEMPT decisions are recorded in the ledger (REMEDIATE ones by `Record remediation`). If the
 * exemptions cannot be read, every non-compliant finding becomes NOTIFY: never remediate, and never
 * stay silent, without knowing whether it is exempt.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { activeResourceRules } from '../rules/events/settings';
import { RULES } from '../rules/index';
import { KNOWN_RULE_IDS } from '../rules/settings';
import type { WardenConfig } from '../shared/config';
import { decideFinding, type FindingDecisionContext } from '../shared/decide';
import type { EventSummary } from '../shared/events/event-model';
import { loadAccountExemptions } from '../shared/exemption-lookup';
import type { KillSwitch } from '../shared/kill-switch';
import { ledgerRecord, writeLedgerRecords } from '../shared/ledger';
import { type Decision, type Finding, MODES, type Mode } from '../shared/model';
import { composeEventFindingNotification } from '../shared/notification/compose-event';
import type { Deduplicator } from '../shared/notification/dedupe';
import { artifactKeys, type ObjectStore } from '../shared/object-store';
import { parseInput } from '../shared/schemas';

interface CheckEventExemptionsDeps {
  readonly ddb: DynamoDBDocumentClient;
  readonly exemptionsTable: string;
  /** NOTIFY and EXEMPT decisions are recorded here. */
  readonly ledgerTable: string;
  readonly killSwitch: KillSwitch;
  readonly store: ObjectStore;
  readonly config: WardenConfig;
  readonly dedupe: Deduplicator;
  readonly now?: () => Date;
}

const InputSchema = z.object({
  event: z.object({ eventId: z.string() }).passthrough(),
  target: z.object({
    accountId: z.string().regex(/^\d{12}$/),
    alias: z.string().min(1),
    owner: z.string().min(1).optional(),
    mode: z.enum(MODES).optional(),
  }),
  sweep: z.object({
    sweepId: z.string().min(1),
    executionName: z.string().min(1),
    executionArn: z.string().min(1),
    mode: z.enum(MODES),
  }),
  evaluation: z.object({ findingsRef: z.string().min(1) }),
});

/** A decided finding, as stored: `notified` says whether it went on to `Notify owner`. */
type DecidedFinding = Finding & { readonly suppressedDuplicate?: boolean };

interface CheckEventExemptionsOutput {
  readonly decisionsRef: string;
  readonly byDecision: Record<Decision, number>;
  /** REMEDIATE findings and NOTIFY findings not notified within the window: they go to `For each finding`. */
  readonly actionable: Finding[];
  readonly duplicates: number;
  readonly exemptionLookupError: string | null;
}

function createCheckEventExemptions(deps: CheckEventExemptionsDeps) {
  const ruleModes = new Map<string, Mode>(activeResourceRules(deps.config).map((a) => [a.rule.id, a.mode]));
  const remediable = new Set(RULES.filter((r) => r.remediation !== undefined).map((r) => r.id));
  const now = deps.now ?? (() => new Date());

  return async (input: unknown): Promise<CheckEventExemptionsOutput> => {
    const parsed = parseInput(InputSchema, input, 'Check exemptions input');
    const { target, sweep, evaluation } = parsed;
    const event = parsed.event as unknown as Partial<EventSummary>;
    const findings = await deps.store.getJson<Finding[]>(evaluation.findingsRef);
    const at = now();
    const {
      exemptions,
      unhonoured,
      error: lookupError,
    } = findings.length === 0
      ? { exemptions: [], unhonoured: [] }
      : await loadAccountExemptions(deps.ddb, deps.exemptionsTable, target.accountId, at, KNOWN_RULE_IDS);
    const killSwitch = await deps.killSwitch();
    const decided: DecidedFinding[] = [];
    const context: FindingDecisionContext = {
      exemptions,
      ...(unhonoured === undefined ? {} : { unhonoured }),
      ...(lookupError === undefined ? {} : { exemptionLookupError: lookupError }),
      executionMode: sweep.mode,
      ...(target.mode === undefined ? {} : { accountMode: target.mode }),
      ruleModes,
      remediable,
      killSwitch,
      at,
    };
    for (const finding of findings) {
      let withDecision: DecidedFinding = decideFinding(finding, context);
      const { decision } = withDecision;
      const reason = withDecision.decisionReason ?? '';
      if (decision === 'NOTIFY') {
        const claim = await deps.dedupe.claim(`finding/${finding.findingId}/${finding.status}`, {
          ruleId: finding.ruleId,
          accountId: finding.accountId,
        });
        if (!claim.first) {
          withDecision = {
            ...withDecision,
            decisionReason: `${reason}; already notified within the duplicate-suppression window`,
            suppressedDuplicate: true,
          };
        }
      }
      if ((decision === 'REMEDIATE' || decision === 'NOTIFY') && withDecision.suppressedDuplicate !== true) {
        withDecision = {
          ...withDecision,
          notification: composeEventFindingNotification(withDecision, {
            event,
            accountAlias: target.alias,
            ...(target.owner === undefined ? {} : { owner: target.owner }),
            executionName: sweep.executionName,
          }),
        };
      }
      decided.push(withDecision);
    }
    const decisionsRef = artifactKeys.decisions(sweep.sweepId, target.accountId);
    await deps.store.putJson(decisionsRef, decided);
    await writeLedgerRecords(
      deps.ddb,
      deps.ledgerTable,
      decided
        .filter((f) => f.decision === 'NOTIFY' || f.decision === 'EXEMPT')
        .map((f) =>
          ledgerRecord(f, at.toISOString(), {
            ...(target.owner === undefined ? {} : { accountOwner: target.owner }),
            executionName: sweep.executionName,
            executionArn: sweep.executionArn,
          }),
        ),
    );
    const byDecision: Record<Decision, number> = { REMEDIATE: 0, NOTIFY: 0, EXEMPT: 0, NONE: 0 };
    for (const f of decided) byDecision[f.decision as Decision] += 1;
    return {
      decisionsRef,
      byDecision,
      actionable: decided.filter((f) => f.notification !== undefined),
      duplicates: decided.filter((f) => f.suppressedDuplicate === true).length,
      exemptionLookupError: lookupError ?? null,
    };
  };
}

export type { CheckEventExemptionsDeps, CheckEventExemptionsOutput, DecidedFinding };
export { createCheckEventExemptions };
