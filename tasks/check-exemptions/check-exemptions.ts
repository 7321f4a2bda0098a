/**
 * `Check exemptions`: loads the account's exemptions once (its own partition and the `*` one),
 * decides every finding (DESIGN §4.3) and composes the notification for those that will notify.
 * If the exemptions cannot be read, every non-compliant finding becomes NOTIFY: Warden never
 * remediates, and never stays silent, without knowing whether someone exempted the resource.
 * Throttling is the exception: it propagates, so the state's Retry reads again after a backoff.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { RULES } from '../rules/index';
import { activeRules, KNOWN_RULE_IDS } from '../rules/settings';
import type { WardenConfig } from '../shared/config';
import { decideFinding, type FindingDecisionContext } from '../shared/decide';
import { queryAll } from '../shared/dynamo';
import { describeError } from '../shared/errors';
import { type Exemption, parseExemption } from '../shared/exemptions';
import type { KillSwitch } from '../shared/kill-switch';
import { ledgerRecord, writeLedgerRecords } from '../shared/ledger';
import type { AccountTarget, Decision, Finding, Mode } from '../shared/model';
import { composeNotification } from '../shared/notification';
import { artifactKeys, type ObjectStore } from '../shared/object-store';
import { type RegionRemediations, storeRemediationPages } from '../shared/remediation-pages';
import { AccountTargetSchema, parseInput, SweepSchema } from '../shared/schemas';
import { isThrottlingError } from '../shared/throttling';

interface CheckExemptionsDeps {
  readonly ddb: DynamoDBDocumentClient;
  readonly exemptionsTable: string;
  /** NOTIFY and EXEMPT decisions are recorded here (REMEDIATE ones by `Record remediation`). */
  readonly ledgerTable: string;
  readonly killSwitch: KillSwitch;
  readonly store: ObjectStore;
  readonly config: WardenConfig;
  readonly now?: () => Date;
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
}

const CheckExemptionsInputSchema = z.object({
  target: AccountTargetSchema,
  sweep: SweepSchema,
  evaluation: z.object({ findingsRef: z.string().min(1) }),
});

function createCheckExemptions(deps: CheckExemptionsDeps) {
  const ruleModes = new Map<string, Mode>(activeRules(deps.config).map((a) => [a.rule.id, a.mode]));
  const remediable = new Set(RULES.filter((r) => r.remediation !== undefined).map((r) => r.id));
  const now = deps.now ?? (() => new Date());

  return async (event: unknown): Promise<CheckExemptionsOutput> => {
    const { target, sweep, evaluation } = parseInput(CheckExemptionsInputSchema, event, 'Check exemptions input');
    const findings = await deps.store.getJson<Finding[]>(evaluation.findingsRef);
    const { exemptions, error: exemptionLookupError } = await loadExemptions(deps, target.accountId, KNOWN_RULE_IDS);
    const killSwitch = await deps.killSwitch();
    const at = now();

    const decisionContext: FindingDecisionContext = {
      exemptions,
      ...(exemptionLookupError !== undefined ? { exemptionLookupError } : {}),
      executionMode: sweep.mode,
      ...(target.mode !== undefined ? { accountMode: target.mode } : {}),
      ruleModes,
      remediable,
      killSwitch,
      at,
    };
    const decided = findings.map((finding): Finding => {
      const withDecision = decideFinding(finding, decisionContext);
      return withDecision.decision === 'REMEDIATE' || withDecision.decision === 'NOTIFY'
        ? { ...withDecision, notification: notificationFor(withDecision, target, sweep.executionName) }
        : withDecision;
    });

    const decisionsRef = artifactKeys.decisions(sweep.sweepId, target.accountId);
    await deps.store.putJson(decisionsRef, decided);
    const context = {
      ...(target.owner !== undefined ? { accountOwner: target.owner } : {}),
      executionName: sweep.executionName,
      executionArn: sweep.executionArn,
    };
    await writeLedgerRecords(
      deps.ddb,
      deps.ledgerTable,
      decided
        .filter((f) => f.decision === 'NOTIFY' || f.decision === 'EXEMPT')
        .map((f) => ledgerRecord(f, at.toISOString(), context)),
    );
    const byDecision: Record<Decision, number> = { REMEDIATE: 0, NOTIFY: 0, EXEMPT: 0, NONE: 0 };
    for (const f of decided) byDecision[f.decision as Decision] += 1;
    return {
      decisionsRef,
      byDecision,
      remediations: await storeRemediationPages(
        deps.store,
        sweep.sweepId,
        target.accountId,
        decided.filter((f) => f.decision === 'REMEDIATE'),
      ),
      exemptionLookupError: exemptionLookupError ?? null,
    };
  };
}

function notificationFor(finding: Finding, target: AccountTarget, executionName: string) {
  const notification = composeNotification(finding, {
    accountAlias: target.alias,
    ...(target.owner !== undefined ? { owner: target.owner } : {}),
    executionName,
  });
  // SNS message attributes are read by subscription filter policies; `owner` is always present.
  return { ...notification, attributes: { owner: target.owner ?? 'unassigned', ...notification.attributes } };
}

async function loadExemptions(
  deps: CheckExemptionsDeps,
  accountId: string,
  knownRuleIds: ReadonlySet<string>,
): Promise<{ exemptions?: Exemption[]; error?: string }> {
  try {
    const items = [...(await queryAccount(deps, accountId)), ...(await queryAccount(deps, '*'))];
    const exemptions: Exemption[] = [];
    for (const item of items) {
      const parsed = parseExemption(item, knownRuleIds);
      // Invalid items never match; Resolve targets reports them for the whole table.
      if (parsed.ok) exemptions.push(parsed.exemption);
    }
    return { exemptions };
  } catch (error) {
    // Throttling is transient: the state's Retry backs off and reads again. Anything else (table
    // missing, access denied, KMS) is not going to heal within a retry: decide NOTIFY now.
    if (isThrottlingError(error)) throw error;
    return { error: describeError(error) };
  }
}

function queryAccount(deps: CheckExemptionsDeps, accountId: string) {
  return queryAll(deps.ddb, {
    TableName: deps.exemptionsTable,
    KeyConditionExpression: 'accountId = :a',
    ExpressionAttributeValues: { ':a': accountId },
    ConsistentRead: true,
  });
}

export type { CheckExemptionsDeps, CheckExemptionsOutput };
export { createCheckExemptions };
