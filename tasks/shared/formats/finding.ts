/**
 * The one finding shape the export formats (OCSF, ASFF, CSV) are written from, whatever produced
 * it: a sweep report's finding (`fromReportFinding`), an event's resource finding or an event rule's
 * detection (built by the event path). The mappers stay pure and identical in the CLI and in the
 * deployed tasks; what a finding alone does not say (the rule's title and controls, the account's
 * alias, an exemption's reason) comes in an `ExportContext`.
 */
import { createHash } from 'node:crypto';
import { type ApiCall, type Decision, type Finding, SEVERITIES as SEVERITY_NAMES, type Severity } from '../model';
import type { ReportFinding } from '../report';

/** `resource`: a resource rule's verdict on a resource; `event`: an event rule's match on one event (a detection). */
type FindingKind = 'resource' | 'event';

interface ExportedFinding {
  readonly kind: FindingKind;
  /** Stable for the same rule and resource across runs (resource findings), or for the same event (detections). */
  readonly findingId: string;
  readonly ruleId: string;
  readonly severity: Severity;
  readonly accountId: string;
  readonly region: string;
  /** The AWS Config type; `''` when an event rule's subject has none. */
  readonly resourceType: string;
  readonly resourceId: string;
  readonly arn: string;
  /** `COMPLIANT`: a finding that failed before and passes now (Security Hub: RESOLVED). */
  readonly status: 'NON_COMPLIANT' | 'ERROR' | 'COMPLIANT';
  readonly decision: Decision;
  readonly decisionReason?: string;
  readonly exemptionId?: string;
  readonly message: string;
  readonly remediation?: {
    readonly outcome: string;
    readonly apiCalls: readonly ApiCall[];
    readonly error?: string;
    /** The IaC hint's suggested change, when the rule has one. */
    readonly suggestedChange?: string;
  };
  /** When the resource was evaluated (the sweep's start) or the event happened (ISO-8601). */
  readonly observedAt: string;
  /** Detections: the event that matched. */
  readonly event?: {
    readonly eventId: string;
    readonly eventName?: string;
    readonly who?: string;
    readonly sourceIp?: string;
  };
}

/** What the catalogue says of a rule (a `warden rules` entry satisfies it). */
interface RuleInfo {
  readonly id: string;
  readonly kind: FindingKind;
  readonly title: string;
  /** `FSBP S3.8`, `CIS 2.1.4`: see tasks/rules/controls.ts. */
  readonly controls: readonly string[];
  readonly rationale: string;
  readonly remediation: { readonly risk: string; readonly operations: readonly string[] } | null;
}

interface ExemptionInfo {
  readonly exemptionId: string;
  readonly reason: string;
  readonly approvedBy?: string;
  readonly expiresAt?: string;
}

interface ExportContext {
  readonly rules: ReadonlyMap<string, RuleInfo>;
  /** Account id → alias. */
  readonly aliases?: ReadonlyMap<string, string>;
  readonly exemptions?: ReadonlyMap<string, ExemptionInfo>;
  /** Warden's version, for `metadata.product.version` and `ProductFields`. */
  readonly productVersion: string;
  /** When the export is written (ISO-8601): ASFF `UpdatedAt`. */
  readonly generatedAt: string;
}

/** `aws`, `aws-cn`, `aws-us-gov`: the partition an ARN names (`aws` when it names none). */
function partitionOf(arn: string): string {
  const match = /^arn:(aws[a-z-]*):/.exec(arn);
  return match?.[1] ?? 'aws';
}

/** A detection's id: stable for the same rule, event and subject, so exporting an event twice updates, never duplicates. */
function detectionIdOf(ruleId: string, eventId: string, arn: string): string {
  return createHash('sha256').update(`${ruleId}\n${eventId}\n${arn}`).digest('hex').slice(0, 24);
}

/** A sweep report's finding, evaluated at `observedAt` (the sweep's start). */
function fromReportFinding(f: ReportFinding, observedAt: string): ExportedFinding {
  return {
    kind: 'resource',
    findingId: f.findingId,
    ruleId: f.ruleId,
    severity: f.severity,
    accountId: f.accountId,
    region: f.region,
    resourceType: f.resourceType,
    resourceId: f.resourceId,
    arn: f.arn,
    status: f.status,
    decision: f.decision,
    ...(f.decisionReason === '' ? {} : { decisionReason: f.decisionReason }),
    ...(f.exemptionId === undefined ? {} : { exemptionId: f.exemptionId }),
    message: f.message,
    ...(f.remediation === undefined
      ? {}
      : {
          remediation: {
            outcome: f.remediation.outcome,
            apiCalls: f.remediation.apiCalls,
            ...(f.remediation.error === undefined ? {} : { error: f.remediation.error }),
            ...(f.remediation.iac?.suggestedChange === undefined
              ? {}
              : { suggestedChange: f.remediation.iac.suggestedChange }),
          },
        }),
    observedAt,
  };
}

/** What a finding's per-item states returned (the sweep's `FindingOutcome`, or the event path's). */
interface StateOutcome {
  readonly decision?: string;
  readonly decisionReason?: string;
  readonly remediation?: { readonly outcome: string; readonly apiCalls?: unknown; readonly error?: unknown };
}

/**
 * A finding of the event path (decided, and what its per-item states returned, when they ran),
 * observed at the event's time.
 */
function fromDecidedFinding(f: Finding, outcome: StateOutcome | undefined, observedAt: string): ExportedFinding {
  const remediation = outcome?.remediation;
  const attempted = remediation !== undefined && remediation.outcome !== 'NOT_ATTEMPTED';
  const error = remediation?.error;
  return {
    kind: 'resource',
    findingId: f.findingId,
    ruleId: f.ruleId,
    severity: f.severity,
    accountId: f.accountId,
    region: f.region,
    resourceType: f.resourceType,
    resourceId: f.resourceId,
    arn: f.arn,
    status: f.status,
    decision: (outcome?.decision as Decision | undefined) ?? f.decision ?? 'NONE',
    ...((outcome?.decisionReason ?? f.decisionReason) === undefined
      ? {}
      : { decisionReason: (outcome?.decisionReason ?? f.decisionReason) as string }),
    ...(f.exemptionId === undefined ? {} : { exemptionId: f.exemptionId }),
    message: f.message,
    ...(attempted
      ? {
          remediation: {
            outcome: remediation.outcome,
            apiCalls: (remediation.apiCalls as ApiCall[] | undefined) ?? f.plan ?? [],
            ...(error === undefined || error === null
              ? {}
              : { error: typeof error === 'string' ? error : JSON.stringify(error) }),
            ...(f.iac?.suggestedChange === undefined ? {} : { suggestedChange: f.iac.suggestedChange }),
          },
        }
      : {}),
    observedAt,
  };
}

/** An event rule's match on one event (what `Notify` decided for it), as a detection. */
interface EventMatch {
  readonly ruleId: string;
  readonly severity: string;
  readonly summary: string;
  readonly arn: string;
  readonly decision: Decision;
  readonly reason: string;
  readonly exemptionId: string | null;
}

interface EventFacts {
  readonly eventId: string;
  readonly accountId: string;
  readonly region: string;
  readonly time: string;
  readonly eventName?: string;
  readonly who?: string;
  readonly sourceIp?: string;
}

function fromEventMatch(match: EventMatch, event: EventFacts): ExportedFinding {
  const severity = (SEVERITY_NAMES as readonly string[]).includes(match.severity)
    ? (match.severity as Severity)
    : 'INFORMATIONAL';
  return {
    kind: 'event',
    findingId: detectionIdOf(match.ruleId, event.eventId, match.arn),
    ruleId: match.ruleId,
    severity,
    accountId: event.accountId,
    region: event.region,
    resourceType: '',
    resourceId: match.arn,
    arn: match.arn,
    status: 'NON_COMPLIANT',
    decision: match.decision,
    ...(match.reason === '' ? {} : { decisionReason: match.reason }),
    ...(match.exemptionId === null ? {} : { exemptionId: match.exemptionId }),
    message: match.summary,
    observedAt: event.time,
    event: {
      eventId: event.eventId,
      ...(event.eventName === undefined ? {} : { eventName: event.eventName }),
      ...(event.who === undefined ? {} : { who: event.who }),
      ...(event.sourceIp === undefined ? {} : { sourceIp: event.sourceIp }),
    },
  };
}

/** Fixed: passing now, remediated and verified by read-back, or found compliant right before the write. */
function isFixed(f: ExportedFinding): boolean {
  return (
    f.status === 'COMPLIANT' ||
    f.remediation?.outcome === 'SUCCEEDED' ||
    f.remediation?.outcome === 'SKIPPED_ALREADY_COMPLIANT'
  );
}

export type {
  EventFacts,
  EventMatch,
  ExemptionInfo,
  ExportContext,
  ExportedFinding,
  FindingKind,
  RuleInfo,
  StateOutcome,
};
export { detectionIdOf, fromDecidedFinding, fromEventMatch, fromReportFinding, isFixed, partitionOf };
