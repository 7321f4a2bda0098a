/**
 * Deciding one account's batch, the same way for the sweep's `Check exemptions`, the event path's
 * `Check exemptions` and its informational `Notify`: the decision context (the execution's mode,
 * the account's ceiling, each rule's mode, the kill switch), the account's exemptions read once
 * (`tasks/shared/exemption-lookup.ts`), every item decided (`tasks/shared/decide.ts`, DESIGN §4.3),
 * then the decided findings kept: stored, the NOTIFY and EXEMPT decisions recorded in the ledger,
 * and counted by decision.
 *
 * Deciding differs between the paths on purpose in two things only, each said where it is decided:
 * whether a batch with nothing in it reads the exemptions (`ExemptionReading` below), and repeat
 * notifications, which only the event path drops (`./repeats.ts`). What each path does around the
 * decision (the sweep's blast-radius caps, each path's notification wording) stays in its task.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ActiveRule } from '../rules/settings';
import { KNOWN_RULE_IDS } from '../rules/settings';
import { type DecisionSubject, decideFinding, type FindingDecisionContext } from '../shared/decide';
import { loadAccountExemptions } from '../shared/exemption-lookup';
import type { KillSwitch } from '../shared/kill-switch';
import { type LedgerContext, ledgerRecord, writeLedgerRecords } from '../shared/ledger';
import type { AccountTarget, Decision, Finding, Mode } from '../shared/model';
import { artifactKeys, type ObjectStore } from '../shared/object-store';
import type { Sweep } from '../shared/schemas';

interface DeciderDeps {
  readonly ddb: DynamoDBDocumentClient;
  /** The Exemptions table: the account's partition and the `*` one are read once per batch. */
  readonly exemptionsTable: string;
  /** The operators' kill switch: read once per batch, it caps every mode. */
  readonly killSwitch: KillSwitch;
  /** @default the current time */
  readonly now?: () => Date;
}

/** The rules' side of every decision: each enabled rule's mode, and the rules that can remediate. */
interface RuleDecisionSettings {
  readonly ruleModes: ReadonlyMap<string, Mode>;
  readonly remediable: ReadonlySet<string>;
}

/**
 * When a batch reads the account's exemptions. `always` (the sweep): an unreadable Exemptions table
 * is reported for every account swept, even one with nothing to decide — the sweep report is where
 * operators learn of it. `when-needed` (the event path): an event that found nothing reads nothing
 * (events are many; the first one that finds something tells of an unreadable table).
 */
type ExemptionReading = 'always' | 'when-needed';

/** Whose batch it is: one account (its ceiling: its own mode and its OU's, when it has one)… */
type BatchTarget = Pick<AccountTarget, 'accountId' | 'mode'>;
/** …within one execution (its ceiling on what rules may do). */
type BatchExecution = Pick<Sweep, 'mode'>;

/** What deciding changes on an item. */
type Decided<T> = T & { readonly decision: Decision; readonly decisionReason: string; readonly exemptionId?: string };

interface DecidedBatch<T> {
  readonly decided: Decided<T>[];
  /** The instant the exemptions were judged at: also the ledger records' `at`. */
  readonly at: Date;
  /** Why the exemptions could not be read (every non-compliant item is then NOTIFY); null when read. */
  readonly exemptionLookupError: string | null;
}

/** The decision settings of a deployment's enabled resource rules (`activeRules`). */
function resourceRuleSettings(active: readonly ActiveRule[]): RuleDecisionSettings {
  return {
    ruleModes: new Map(active.map((a) => [a.rule.id, a.mode])),
    remediable: new Set(active.filter((a) => a.rule.remediation !== undefined).map((a) => a.rule.id)),
  };
}

/** Decides batches of one account's items; the rules' settings are resolved once, at cold start. */
function createDecider(deps: DeciderDeps, rules: RuleDecisionSettings, reading: ExemptionReading) {
  const now = deps.now ?? (() => new Date());
  return async <T extends DecisionSubject>(
    target: BatchTarget,
    execution: BatchExecution,
    items: readonly T[],
  ): Promise<DecidedBatch<T>> => {
    const at = now();
    const lookup =
      reading === 'when-needed' && items.length === 0
        ? { exemptions: [], unhonoured: [] }
        : await loadAccountExemptions(deps.ddb, deps.exemptionsTable, target.accountId, at, KNOWN_RULE_IDS);
    const context: FindingDecisionContext = {
      exemptions: lookup.exemptions,
      ...(lookup.unhonoured === undefined ? {} : { unhonoured: lookup.unhonoured }),
      ...(lookup.error === undefined ? {} : { exemptionLookupError: lookup.error }),
      executionMode: execution.mode,
      ...(target.mode === undefined ? {} : { accountMode: target.mode }),
      ruleModes: rules.ruleModes,
      remediable: rules.remediable,
      killSwitch: await deps.killSwitch(),
      at,
    };
    return {
      decided: items.map((item) => decideFinding(item, context)),
      at,
      exemptionLookupError: lookup.error ?? null,
    };
  };
}

interface KeepDeps {
  readonly store: ObjectStore;
  readonly ddb: DynamoDBDocumentClient;
  /** NOTIFY and EXEMPT decisions are recorded here (REMEDIATE ones by `Record remediation`, with their outcome). */
  readonly ledgerTable: string;
}

/**
 * Keeps an account's decided findings: stored with the execution's artifacts (where the later
 * states read them), the NOTIFY and EXEMPT decisions recorded in the ledger (with the remediation a
 * finding already carries: a capped one), and counted by decision.
 */
async function keepDecisions(
  deps: KeepDeps,
  target: Pick<AccountTarget, 'accountId' | 'owner'>,
  execution: Pick<Sweep, 'sweepId' | 'executionName' | 'executionArn'>,
  decided: readonly Finding[],
  at: Date,
): Promise<{ readonly decisionsRef: string; readonly byDecision: Record<Decision, number> }> {
  const decisionsRef = artifactKeys.decisions(execution.sweepId, target.accountId);
  await deps.store.putJson(decisionsRef, decided);
  const context: LedgerContext = {
    ...(target.owner === undefined ? {} : { accountOwner: target.owner }),
    executionName: execution.executionName,
    executionArn: execution.executionArn,
  };
  await writeLedgerRecords(
    deps.ddb,
    deps.ledgerTable,
    decided
      .filter((f) => f.decision === 'NOTIFY' || f.decision === 'EXEMPT')
      .map((f) => ledgerRecord(f, at.toISOString(), context, f.remediation)),
  );
  return { decisionsRef, byDecision: countDecisions(decided) };
}

/** How many items got each decision (every decision present, zero included). */
function countDecisions(decided: readonly { readonly decision?: Decision }[]): Record<Decision, number> {
  const byDecision: Record<Decision, number> = { REMEDIATE: 0, NOTIFY: 0, EXEMPT: 0, NONE: 0 };
  for (const { decision } of decided) if (decision !== undefined) byDecision[decision] += 1;
  return byDecision;
}

export type {
  BatchExecution,
  BatchTarget,
  Decided,
  DecidedBatch,
  DeciderDeps,
  ExemptionReading,
  KeepDeps,
  RuleDecisionSettings,
};
export { countDecisions, createDecider, keepDecisions, resourceRuleSettings };
