/**
 * Warden's CloudWatch metrics (namespace `Warden`): their names and dimensions, and the pure
 * functions that turn a task's input/output into metric points. The Lambda entries publish them
 * (Powertools Metrics, EMF, see `./runtime.ts`); the dashboard and alarms in `infra/` read the same
 * names, so a renamed metric fails a test instead of leaving an empty graph. Local runs never emit.
 */
import type { Outcome, Severity } from './model';

const METRICS_NAMESPACE = 'Warden';
/** Powertools adds `service` to every dimension set; CloudWatch metrics must name it too. */
const METRICS_SERVICE = 'warden';

const METRIC = {
  /** Resources evaluated (one per configuration item per `Evaluate rules`), no dimension. */
  resourcesEvaluated: 'ResourcesEvaluated',
  /** NON_COMPLIANT findings, by `RuleId` and `Severity` (zeros included, so graphs have no gaps). */
  findings: 'Findings',
  /** Rule evaluations that ended in ERROR (the rule threw or could not see its input), by `RuleId`. */
  evaluationErrors: 'EvaluationErrors',
  /** Remediation attempts, by `Outcome` (SUCCEEDED, SENT_UNVERIFIED, FAILED, PLANNED, SKIPPED_*). */
  remediations: 'Remediations',
  /** Accounts whose audit role could not be assumed, per sweep, no dimension. */
  accountsUnreachable: 'AccountsUnreachable',
  /** Accounts whose sweep failed after retries for another reason, per sweep, no dimension. */
  accountsFailed: 'AccountsFailed',
  /** Sweeps that reached `Summarize`, no dimension. */
  sweeps: 'Sweeps',
} as const;

type MetricName = (typeof METRIC)[keyof typeof METRIC];

const DIMENSION = { ruleId: 'RuleId', severity: 'Severity', outcome: 'Outcome' } as const;

const OUTCOMES: readonly Outcome[] = [
  'SUCCEEDED',
  'SENT_UNVERIFIED',
  'FAILED',
  'PLANNED',
  'SKIPPED_LOOP',
  'SKIPPED_ALREADY_COMPLIANT',
  'SKIPPED_CAP',
];

/** One value of one metric, with its dimensions beyond `service`. Every Warden metric is a Count. */
interface MetricPoint {
  readonly name: MetricName;
  readonly value: number;
  readonly dimensions?: Readonly<Record<string, string>>;
}

interface EvaluationTotals {
  readonly resourcesEvaluated: number;
  readonly counts: Readonly<Record<string, { readonly NON_COMPLIANT?: number; readonly ERROR?: number }>>;
}

/**
 * `Evaluate rules`: resources evaluated, and per rule its NON_COMPLIANT findings (with the rule's
 * severity) and ERRORs. A rule whose severity is unknown (not in the registry) is reported as
 * `INFORMATIONAL` rather than dropped.
 */
function evaluationMetrics(
  output: EvaluationTotals,
  severityOf: (ruleId: string) => Severity | undefined,
): MetricPoint[] {
  const points: MetricPoint[] = [{ name: METRIC.resourcesEvaluated, value: output.resourcesEvaluated }];
  for (const ruleId of Object.keys(output.counts).sort()) {
    const counts = output.counts[ruleId] ?? {};
    const severity = severityOf(ruleId) ?? 'INFORMATIONAL';
    points.push({
      name: METRIC.findings,
      value: counts.NON_COMPLIANT ?? 0,
      dimensions: { [DIMENSION.ruleId]: ruleId, [DIMENSION.severity]: severity },
    });
    points.push({
      name: METRIC.evaluationErrors,
      value: counts.ERROR ?? 0,
      dimensions: { [DIMENSION.ruleId]: ruleId },
    });
  }
  return points;
}

/** `Remediate`: one attempt with its outcome. */
function remediationMetrics(output: { readonly remediation?: { readonly outcome?: unknown } }): MetricPoint[] {
  const outcome = output.remediation?.outcome;
  if (typeof outcome !== 'string' || !(OUTCOMES as readonly string[]).includes(outcome)) return [];
  return [{ name: METRIC.remediations, value: 1, dimensions: { [DIMENSION.outcome]: outcome } }];
}

/** `Summarize`: one sweep, and how many of its accounts were unreachable or failed (zeros included). */
function sweepMetrics(input: unknown): MetricPoint[] {
  const accounts = (input as { accounts?: unknown } | null)?.accounts;
  const statuses = Array.isArray(accounts) ? accounts.map((a) => (a as { status?: unknown } | null)?.status) : [];
  return [
    { name: METRIC.sweeps, value: 1 },
    { name: METRIC.accountsUnreachable, value: statuses.filter((s) => s === 'UNREACHABLE').length },
    { name: METRIC.accountsFailed, value: statuses.filter((s) => s === 'FAILED').length },
  ];
}

export type { EvaluationTotals, MetricName, MetricPoint };
export {
  DIMENSION,
  evaluationMetrics,
  METRIC,
  METRICS_NAMESPACE,
  METRICS_SERVICE,
  OUTCOMES,
  remediationMetrics,
  sweepMetrics,
};
