/**
 * The `--json` sweep report: the stable contract of DESIGN §4.5. Every documented key is always
 * present (`null` when it does not apply), so consumers never have to test for absence.
 */
import type { LocalExecution } from '../local/run-sweep';
import type { Report } from '../tasks/shared/report';
import type { ExpiredExemption } from './expired-exemptions';
import { type SinceLastSweep, sinceLastSweepJson } from './findings-history';
import type { RegionsWithoutData } from './regions';

function jsonReport(
  execution: LocalExecution,
  report: Report,
  emptyRegions: RegionsWithoutData = new Map(),
  expired: readonly ExpiredExemption[] = [],
  since?: SinceLastSweep,
) {
  return {
    execution: {
      name: execution.name,
      status: execution.status,
      stateTransitions: execution.stateTransitions,
      // Beyond DESIGN §4.5 (additions): retries by state, and why a FAILED execution failed.
      retries: execution.retries,
      error: execution.error ?? null,
      cause: execution.cause ?? null,
    },
    // Additions: the sweep's mode and whether remediations were only planned (the HTML summary says so).
    mode: report.mode,
    dryRun: report.dryRun,
    resourcesEvaluated: report.resourcesEvaluated,
    counts: report.counts,
    accounts: report.accounts.map((a) => ({
      accountId: a.accountId,
      alias: a.alias,
      status: a.status,
      error: a.error ?? null,
      ...(a.regionErrors !== undefined ? { regionErrors: a.regionErrors } : {}),
      // Offline (an addition): regions the accounts file lists for this account that the snapshot holds nothing for.
      ...(emptyRegions.has(a.accountId) ? { regionsWithoutData: emptyRegions.get(a.accountId) } : {}),
    })),
    findings: report.findings.map((f) => ({
      findingId: f.findingId,
      // Additions (findings over time): first and last seen by this source's findings index; new = first seen now.
      ...(since === undefined
        ? {}
        : {
            firstSeen: since.seen.get(f.findingId)?.firstSeen ?? null,
            lastSeen: since.seen.get(f.findingId)?.lastSeen ?? null,
            new: since.seen.get(f.findingId)?.new ?? false,
          }),
      ruleId: f.ruleId,
      accountId: f.accountId,
      region: f.region,
      resourceType: f.resourceType,
      resourceId: f.resourceId,
      arn: f.arn,
      status: f.status,
      decision: f.decision,
      exemptionId: f.exemptionId ?? null,
      message: f.message,
      severity: f.severity,
      decisionReason: f.decisionReason,
      notified: f.notified,
      remediation:
        f.remediation === undefined
          ? null
          : {
              outcome: f.remediation.outcome,
              apiCalls: f.remediation.apiCalls,
              error: f.remediation.error ?? null,
              iac: f.remediation.iac ?? null,
            },
    })),
    notifications: report.notifications,
    exemptionProblems: report.exemptionProblems,
    // Beyond DESIGN §4.5's keys (additions only): the exemption review and the drift receipts.
    // `expiredItems` (an addition): the items behind `expired`, by name, scope, approver and expiry.
    exemptions: { ...report.exemptions, expiredItems: expired },
    drift: report.drift,
    /** Remediations whose record the Ledger table refused after retries (the execution then FAILED). */
    ledgerFailures: report.ledgerFailures ?? [],
    // Offline: what of the snapshot was not swept, by account-region and why; files not read; items rejected.
    notSwept: report.notSwept ?? [],
    skippedFiles: report.skippedFiles ?? [],
    rejectedItems: report.rejectedItems ?? [],
    /** Remediations the blast-radius caps held back (outcome SKIPPED_CAP), by account, cap and rule. */
    blastRadius: { heldBack: report.blastRadius?.heldBack ?? [], notice: report.blastRadius?.notice ?? null },
    /** Findings new and resolved since the last recorded sweep of this source (local sweeps; null otherwise). */
    sinceLastSweep: since === undefined ? null : sinceLastSweepJson(since),
  };
}

type JsonReport = ReturnType<typeof jsonReport>;

export type { JsonReport };
export { jsonReport };
