/**
 * The sweep report (DESIGN §4.5): built from what each account's iteration returned and the
 * decided findings stored by `Check exemptions`. Pure, so it is the same in AWS and offline.
 */
import { type CapGroup, capGroups } from './blast-radius';
import type { DriftGroup } from './drift';
import type { ExemptionReview } from './exemption-review';
import type {
  ApiCall,
  CapHold,
  Decision,
  ExemptionProblem,
  Finding,
  FindingStatus,
  IacHint,
  Outcome,
  RuleCounts,
  Severity,
} from './model';
import { emptyCounts } from './model';
import type { Sweep } from './schemas';

/** `OUTBOX`: a local run's message, published to its outbox (nothing is sent offline). */
type NotifiedStatus = 'SENT' | 'FAILED' | 'NOT_SENT' | 'OUTBOX';

/** A reminder to the requester of an expiring exemption. */
interface ReminderResult {
  readonly exemptionId: string;
  readonly requestedBy: string;
  readonly subject: string;
  readonly sent: boolean;
  readonly error?: string;
}

/** One owner's message of the sweep (`Notify owners`), with the NOTIFY and REMEDIATE findings it carried. */
interface OwnerNoticeResult {
  readonly subject: string;
  readonly severity: string;
  readonly status: 'SENT' | 'FAILED';
  readonly findingIds: readonly string[];
  /** `*` when the digest is about several (absent in reports written before it was recorded). */
  readonly ruleId?: string;
  readonly accountId?: string;
}

/** What one finding's per-item states returned (`Finding done`). */
interface FindingOutcome {
  readonly findingId: string;
  /** Can differ from the decided one: Remediate downgrades to NOTIFY (kill switch, loop breaker). */
  readonly decision: Decision;
  readonly decisionReason?: string;
  readonly subject: string;
  readonly remediation: {
    readonly outcome: Outcome | 'NOT_ATTEMPTED';
    readonly error?: unknown;
    readonly [k: string]: unknown;
  };
  /** `{status: 'SENT'}`, `{status: 'NOT_SENT'}`, or the `{Error, Cause}` of a failed publish. */
  readonly notified: {
    /** `IN_DIGEST`: a sweep remediation below `immediateSeverity`, told only in its owner's digest. */
    readonly status?: NotifiedStatus | 'IN_DIGEST';
    readonly Error?: string;
    readonly Cause?: string;
  };
  /** What `Record remediation` returned (`{status: 'WRITTEN'}`), or the `{Error, Cause}` it failed with after its retries. */
  readonly ledger?: { readonly status?: string; readonly Error?: string; readonly Cause?: string };
}

/** A remediation whose record could not be written to the Ledger table (it is in the S3 copy). */
interface LedgerFailure {
  readonly findingId: string;
  readonly accountId: string;
  readonly ruleId: string;
  readonly arn: string;
  readonly outcome: string;
  readonly error: string;
}

interface AccountOk {
  readonly accountId: string;
  readonly alias: string;
  readonly status: 'OK';
  readonly inventory: { readonly resourceCount: number; readonly regionErrors: { region: string; error: string }[] };
  readonly evaluation: { readonly resourcesEvaluated: number; readonly counts: Record<string, RuleCounts> };
  readonly decisions: { readonly decisionsRef: string; readonly exemptionLookupError: string | null };
  readonly outcomes: FindingOutcome[];
}

interface AccountNotOk {
  readonly accountId: string;
  readonly alias: string;
  readonly status: 'UNREACHABLE' | 'FAILED';
  readonly error: string;
  readonly notified?: { readonly status: NotifiedStatus };
  readonly subject?: string;
}

type AccountResult = AccountOk | AccountNotOk;

interface ReportFinding {
  readonly findingId: string;
  readonly ruleId: string;
  readonly severity: Severity;
  readonly accountId: string;
  readonly region: string;
  readonly resourceType: string;
  readonly resourceId: string;
  readonly arn: string;
  readonly status: 'NON_COMPLIANT' | 'ERROR';
  readonly decision: Decision;
  readonly decisionReason: string;
  readonly exemptionId?: string;
  readonly message: string;
  readonly notified: NotifiedStatus;
  readonly remediation?: {
    readonly outcome: Outcome;
    readonly apiCalls: readonly ApiCall[];
    readonly error?: string;
    readonly iac?: IacHint;
  };
}

/** A JSON file of an offline snapshot that is not a Config snapshot/history file. */
interface SkippedFile {
  readonly file: string;
  readonly reason: string;
}

/** An element of a snapshot file's `configurationItems` that is not a configuration item. */
interface RejectedItem {
  readonly file: string;
  readonly index: number;
  /** From the item, else from its file's `AWSLogs/<account>/Config/<region>/` path; `unknown` if neither says. */
  readonly accountId: string;
  readonly region: string;
  readonly error: string;
}

/** Configuration items of the sweep's input (an offline snapshot) that no account-region sweep read. */
interface NotSwept {
  readonly accountId: string;
  readonly region: string;
  readonly configurationItems: number;
  readonly reason: string;
}

interface Report {
  readonly execution: { readonly name: string; readonly startedAt: string };
  readonly sweepId: string;
  readonly mode: Sweep['mode'];
  readonly dryRun: boolean;
  readonly resourcesEvaluated: number;
  readonly counts: Record<string, Record<FindingStatus, number>>;
  readonly accounts: {
    accountId: string;
    alias: string;
    status: 'OK' | 'UNREACHABLE' | 'FAILED';
    error?: string;
    regionErrors?: { region: string; error: string }[];
  }[];
  readonly findings: ReportFinding[];
  readonly notifications: { subject: string; ruleId: string; accountId: string; severity: string }[];
  readonly exemptionProblems: ExemptionProblem[];
  /** Drift receipts of this sweep's remediations, by owning stack (filled from the ledger). */
  readonly drift: DriftGroup[];
  /** Expiring and stale exemptions (invalid ones are `exemptionProblems`), and the reminders sent. */
  readonly exemptions: ExemptionReview & { readonly reminders: ReminderResult[] };
  /** Remediations whose ledger record could not be written: the sweep then ends FAILED. */
  readonly ledgerFailures: LedgerFailure[];
  // --- Offline input (a Config snapshot) that was not swept; set by the local runner, absent in AWS ---
  /** Configuration items in the input that were not swept, by account, region and why. */
  readonly notSwept?: NotSwept[];
  /** Snapshot files that were not read, with why. */
  readonly skippedFiles?: SkippedFile[];
  /** Snapshot items that are not configuration items (also counted in `notSwept`). */
  readonly rejectedItems?: RejectedItem[];
  /** Remediations the blast-radius caps held back, by account, cap and rule, and the operators' message. */
  readonly blastRadius: { readonly heldBack: CapGroup[]; readonly notice?: CapNoticeResult };
}

/** The one operator message of a sweep whose blast-radius caps held remediations back. */
interface CapNoticeResult {
  readonly subject: string;
  /** `OUTBOX` in local runs. */
  readonly status: 'SENT' | 'FAILED' | 'OUTBOX';
  readonly error?: string;
}

function buildReport(input: {
  sweep: Sweep;
  accounts: readonly AccountResult[];
  decided: ReadonlyMap<string, readonly Finding[]>;
  invalidTargets: readonly { accountId: string; alias: string; error: string }[];
  exemptionProblems: readonly ExemptionProblem[];
  drift?: readonly DriftGroup[];
  exemptionReview?: ExemptionReview;
  reminders?: readonly ReminderResult[];
  ownerNotices?: readonly OwnerNoticeResult[];
  capNotice?: CapNoticeResult;
}): Report {
  const counts: Record<string, RuleCounts> = {};
  const findings: ReportFinding[] = [];
  const notifications: Report['notifications'] = [];
  const ledgerFailures: LedgerFailure[] = [];
  let resourcesEvaluated = 0;
  const noticeOf = new Map<string, OwnerNoticeResult>();
  for (const notice of input.ownerNotices ?? []) {
    for (const id of notice.findingIds) noticeOf.set(id, notice);
    if (notice.status === 'SENT') {
      // A digest about several rules or accounts says `*` for them.
      notifications.push({
        subject: notice.subject,
        ruleId: notice.ruleId ?? '*',
        accountId: notice.accountId ?? '*',
        severity: notice.severity,
      });
    }
  }

  for (const account of input.accounts) {
    if (account.status !== 'OK') {
      if (account.notified?.status === 'SENT' && account.subject !== undefined) {
        notifications.push({ subject: account.subject, ruleId: '', accountId: account.accountId, severity: 'HIGH' });
      }
      continue;
    }
    resourcesEvaluated += account.evaluation.resourcesEvaluated;
    for (const [ruleId, c] of Object.entries(account.evaluation.counts)) {
      const total = counts[ruleId] ?? emptyCounts();
      counts[ruleId] = total;
      for (const k of Object.keys(c) as (keyof RuleCounts)[]) total[k] += c[k];
    }
    const outcomes = new Map(account.outcomes.map((o) => [o.findingId, o]));
    for (const f of input.decided.get(account.accountId) ?? []) {
      const outcome = outcomes.get(f.findingId);
      if (outcome?.ledger?.Error !== undefined) {
        ledgerFailures.push({
          findingId: f.findingId,
          accountId: f.accountId,
          ruleId: f.ruleId,
          arn: f.arn,
          outcome: String(outcome.remediation.outcome),
          error: ledgerError(outcome.ledger.Error, outcome.ledger.Cause),
        });
      }
      findings.push(reportFinding(f, outcome, noticeOf.get(f.findingId)));
      if (outcome !== undefined && notifiedStatus(outcome) === 'SENT') {
        notifications.push({
          subject: outcome.subject,
          ruleId: f.ruleId,
          accountId: f.accountId,
          severity: f.severity,
        });
      }
    }
  }

  if (input.capNotice?.status === 'SENT') {
    notifications.push({ subject: input.capNotice.subject, ruleId: '*', accountId: '*', severity: 'HIGH' });
  }

  const accounts: Report['accounts'] = [
    ...input.accounts.map((a) =>
      a.status === 'OK'
        ? {
            accountId: a.accountId,
            alias: a.alias,
            status: a.status,
            ...(a.inventory.regionErrors.length > 0 ? { regionErrors: a.inventory.regionErrors } : {}),
            ...(a.decisions.exemptionLookupError !== null
              ? { error: `exemptions could not be read: ${a.decisions.exemptionLookupError}` }
              : {}),
          }
        : { accountId: a.accountId, alias: a.alias, status: a.status, error: causeText(a.error) },
    ),
    ...input.invalidTargets.map((t) => ({
      accountId: t.accountId,
      alias: t.alias,
      status: 'UNREACHABLE' as const,
      error: t.error,
    })),
  ];

  findings.sort(
    (a, b) =>
      a.accountId.localeCompare(b.accountId) ||
      a.ruleId.localeCompare(b.ruleId) ||
      a.region.localeCompare(b.region) ||
      a.resourceId.localeCompare(b.resourceId),
  );
  return {
    execution: { name: input.sweep.executionName, startedAt: input.sweep.startedAt },
    sweepId: input.sweep.sweepId,
    mode: input.sweep.mode,
    dryRun: input.sweep.dryRun,
    resourcesEvaluated,
    counts,
    accounts,
    findings,
    notifications,
    exemptionProblems: [...input.exemptionProblems],
    drift: [...(input.drift ?? [])],
    exemptions: {
      ...(input.exemptionReview ?? { active: 0, expired: 0, expiringSoon: [], stale: [], policy: [] }),
      reminders: [...(input.reminders ?? [])],
    },
    ledgerFailures,
    blastRadius: {
      heldBack: heldBackByCap(input.accounts, input.decided),
      ...(input.capNotice !== undefined ? { notice: input.capNotice } : {}),
    },
  };
}

/**
 * The remediations the blast-radius caps held back: decided so by `Check exemptions` (per rule, per
 * account) or by `Remediate` (per sweep), summed by account, cap and rule.
 */
function heldBackByCap(
  accounts: readonly AccountResult[],
  decided: ReadonlyMap<string, readonly Finding[]>,
): CapGroup[] {
  const entries: { accountId: string; ruleId: string; cap: CapHold }[] = [];
  for (const account of accounts) {
    if (account.status !== 'OK') continue;
    const outcomes = new Map(account.outcomes.map((o) => [o.findingId, o]));
    for (const f of decided.get(account.accountId) ?? []) {
      const remediation = outcomes.get(f.findingId)?.remediation ?? f.remediation;
      const cap = remediation?.outcome === 'SKIPPED_CAP' ? (remediation.cap as CapHold | undefined) : undefined;
      if (cap !== undefined) entries.push({ accountId: f.accountId, ruleId: f.ruleId, cap });
    }
  }
  return capGroups(entries);
}

function reportFinding(
  f: Finding,
  outcome: FindingOutcome | undefined,
  notice: OwnerNoticeResult | undefined,
): ReportFinding {
  const decision = outcome?.decision ?? f.decision ?? 'NONE';
  const remediationOutcome = outcome?.remediation.outcome;
  const remediation =
    f.decision === 'REMEDIATE'
      ? {
          // A REMEDIATE finding whose per-item states never reported back failed to run.
          outcome: (remediationOutcome === undefined || remediationOutcome === 'NOT_ATTEMPTED'
            ? 'FAILED'
            : remediationOutcome) as Outcome,
          apiCalls: f.plan ?? [],
          ...(errorText(outcome) !== undefined ? { error: errorText(outcome) } : {}),
          ...(outcome === undefined ? { error: 'no outcome was reported for this remediation' } : {}),
          ...(f.iac !== undefined ? { iac: f.iac } : {}),
        }
      : f.remediation !== undefined
        ? // Held back before any per-item state (the blast-radius cap in Check exemptions).
          {
            outcome: f.remediation.outcome,
            apiCalls: f.remediation.apiCalls,
            ...(f.remediation.iac !== undefined ? { iac: f.remediation.iac } : {}),
          }
        : undefined;
  return {
    findingId: f.findingId,
    ruleId: f.ruleId,
    severity: f.severity,
    accountId: f.accountId,
    region: f.region,
    resourceType: f.resourceType,
    resourceId: f.resourceId,
    arn: f.arn,
    status: f.status,
    decision,
    decisionReason: outcome?.decisionReason ?? f.decisionReason ?? '',
    ...(f.exemptionId !== undefined ? { exemptionId: f.exemptionId } : {}),
    message: f.message,
    notified: notifiedOf(outcome, notice),
    ...(remediation !== undefined ? { remediation } : {}),
  };
}

/** A remediation's error: Remediate's message, or a crashed task's `Cause` (`{errorType, errorMessage}` JSON). */
function errorText(outcome: FindingOutcome | undefined): string | undefined {
  const error = outcome?.remediation.error;
  if (error === undefined || error === null) return undefined;
  return typeof error === 'string' ? causeText(error) : JSON.stringify(error);
}

/**
 * Whether the owner was told: every NOTIFY and REMEDIATE finding is in its owner's digest (`notice`);
 * a remediation at or above `immediateSeverity` was also sent on its own (`outcome`). Told once is told.
 */
function notifiedOf(outcome: FindingOutcome | undefined, notice: OwnerNoticeResult | undefined): NotifiedStatus {
  const single = notifiedStatus(outcome);
  return single === 'SENT' || notice === undefined ? single : notice.status;
}

function notifiedStatus(outcome: FindingOutcome | undefined): NotifiedStatus {
  if (outcome === undefined) return 'NOT_SENT';
  if (outcome.notified.status === 'SENT') return 'SENT';
  return outcome.notified.Error !== undefined ? 'FAILED' : 'NOT_SENT';
}

/** A failed ledger write's `{Error, Cause}` as one line, the error name given once. */
function ledgerError(error: string, cause: string | undefined): string {
  const text = causeText(cause ?? '');
  return text.startsWith(error) ? text : `${error}: ${text}`;
}

/**
 * A caught error's `Cause`: for a Lambda task, a JSON document `{errorType, errorMessage, trace}`;
 * the report keeps the message.
 */
function causeText(cause: string): string {
  try {
    const parsed = JSON.parse(cause) as { errorMessage?: unknown; errorType?: unknown };
    if (typeof parsed.errorMessage === 'string') {
      return typeof parsed.errorType === 'string' ? `${parsed.errorType}: ${parsed.errorMessage}` : parsed.errorMessage;
    }
  } catch {
    // not JSON: already a message
  }
  return cause;
}

export type {
  AccountResult,
  CapNoticeResult,
  FindingOutcome,
  LedgerFailure,
  NotSwept,
  OwnerNoticeResult,
  RejectedItem,
  ReminderResult,
  Report,
  ReportFinding,
  SkippedFile,
};
export { buildReport, errorText, heldBackByCap };
