/**
 * Warden's findings as OCSF 1.8.0 events (https://schema.ocsf.io/1.8.0/): a resource rule's
 * finding is a Compliance Finding (class_uid 2003, the control's verdict on a resource), an event
 * rule's match is a Detection Finding (class_uid 2004, something that happened). Both carry the
 * `cloud` profile (the account and region). Warden's own fields (decision, exemption, remediation
 * outcome and planned calls) go under `unmapped.warden`, where OCSF keeps what it has no
 * attribute for. Pure: the CLI (`--format ocsf`) and the deployed tasks write the same documents.
 * test/tasks/shared/formats/ocsf.test.ts validates them against the schema generated from the
 * upstream ocsf-schema release (test/fixtures/ocsf/).
 */
import { isIP } from 'node:net';
import type { Severity } from '../model';
import { controlsOf } from './controls';
import { type ExportContext, type ExportedFinding, isFixed, partitionOf, type RuleInfo } from './finding';

const OCSF_VERSION = '1.8.0';
const FINDINGS_CATEGORY = 2;
const COMPLIANCE_FINDING = 2003;
const DETECTION_FINDING = 2004;

const SEVERITY_ID: Record<Severity, { id: number; name: string }> = {
  INFORMATIONAL: { id: 1, name: 'Informational' },
  LOW: { id: 2, name: 'Low' },
  MEDIUM: { id: 3, name: 'Medium' },
  HIGH: { id: 4, name: 'High' },
  CRITICAL: { id: 5, name: 'Critical' },
};

/** The finding's status (finding.status_id): New, Suppressed (exempt) or Resolved (fixed). */
function findingStatus(f: ExportedFinding): { status_id: number; status: string } {
  if (isFixed(f)) return { status_id: 4, status: 'Resolved' };
  if (f.decision === 'EXEMPT') return { status_id: 3, status: 'Suppressed' };
  return { status_id: 1, status: 'New' };
}

/** The control's verdict (compliance.status_id): Pass, Warning (could not be evaluated) or Fail. */
function complianceStatus(f: ExportedFinding): { status_id: number; status: string } {
  if (isFixed(f)) return { status_id: 1, status: 'Pass' };
  if (f.status === 'ERROR') return { status_id: 2, status: 'Warning' };
  return { status_id: 3, status: 'Fail' };
}

function ruleOf(f: ExportedFinding, context: ExportContext): RuleInfo {
  return (
    context.rules.get(f.ruleId) ?? {
      id: f.ruleId,
      kind: f.kind,
      title: f.ruleId,
      controls: [],
      rationale: '',
      remediation: null,
    }
  );
}

/** What fixes it: the IaC hint's change, else what Warden's remediation would call, else nothing said. */
function remediationDesc(f: ExportedFinding, rule: RuleInfo): string | undefined {
  if (f.remediation?.suggestedChange !== undefined) return f.remediation.suggestedChange;
  if (rule.remediation !== null)
    return `Warden remediates with ${rule.remediation.operations.join(', ')} (${rule.remediation.risk})`;
  return undefined;
}

function toOcsf(f: ExportedFinding, context: ExportContext): Record<string, unknown> {
  const rule = ruleOf(f, context);
  const classUid = f.kind === 'event' ? DETECTION_FINDING : COMPLIANCE_FINDING;
  const status = findingStatus(f);
  // Create for a finding that stands, Close for one that is resolved.
  const activityId = status.status_id === 4 ? 3 : 1;
  const severity = SEVERITY_ID[f.severity];
  const alias = context.aliases?.get(f.accountId);
  const time = Date.parse(f.observedAt);
  const desc = remediationDesc(f, rule);
  const exemption = f.exemptionId === undefined ? undefined : context.exemptions?.get(f.exemptionId);
  const controls = controlsOf(rule.controls);
  return {
    activity_id: activityId,
    activity_name: activityId === 3 ? 'Close' : 'Create',
    category_uid: FINDINGS_CATEGORY,
    category_name: 'Findings',
    class_uid: classUid,
    class_name: f.kind === 'event' ? 'Detection Finding' : 'Compliance Finding',
    type_uid: classUid * 100 + activityId,
    severity_id: severity.id,
    severity: severity.name,
    ...status,
    time: Number.isNaN(time) ? Date.parse(context.generatedAt) : time,
    message: f.message,
    metadata: {
      version: OCSF_VERSION,
      profiles: ['cloud'],
      product: { name: 'Warden', vendor_name: 'Warden', version: context.productVersion },
      uid: f.findingId,
    },
    finding_info: {
      uid: f.findingId,
      title: rule.title,
      desc: f.message,
      analytic: { uid: rule.id, name: rule.id, type_id: 1, type: 'Rule' },
      ...(f.kind === 'resource' ? { types: ['Compliance'] } : {}),
    },
    cloud: {
      provider: 'AWS',
      region: f.region,
      cloud_partition: partitionOf(f.arn),
      account: { uid: f.accountId, type_id: 10, type: 'AWS Account', ...(alias === undefined ? {} : { name: alias }) },
    },
    resources: [
      {
        uid: f.arn,
        name: f.resourceId,
        ...(f.resourceType === '' ? {} : { type: f.resourceType }),
        region: f.region,
        cloud_partition: partitionOf(f.arn),
      },
    ],
    ...(f.kind === 'resource'
      ? {
          compliance: {
            ...(controls.primary === undefined ? {} : { control: controls.primary }),
            ...(controls.standards.length > 0 ? { standards: controls.standards } : {}),
            ...(rule.controls.length > 0 ? { requirements: [...rule.controls] } : {}),
            ...complianceStatus(f),
          },
        }
      : {
          is_alert: f.decision === 'NOTIFY',
          ...(f.event === undefined || evidenceOf(f.event) === undefined ? {} : { evidences: [evidenceOf(f.event)] }),
        }),
    ...(desc === undefined ? {} : { remediation: { desc } }),
    unmapped: {
      warden: {
        ruleId: f.ruleId,
        decision: f.decision,
        decisionReason: f.decisionReason ?? null,
        exemptionId: f.exemptionId ?? null,
        exemptionReason: exemption?.reason ?? null,
        evaluation: f.status,
        remediation: f.remediation ?? null,
      },
    },
  };
}

/** The event behind a detection: who called what, from where (none when the event says none of it). */
function evidenceOf(event: NonNullable<ExportedFinding['event']>): Record<string, unknown> | undefined {
  const seen = {
    ...(event.eventName === undefined ? {} : { api: { operation: event.eventName } }),
    ...(event.who === undefined ? {} : { actor: { user: { name: event.who } } }),
    // CloudTrail's sourceIPAddress is an address, or the service that called (`s3.amazonaws.com`).
    ...(event.sourceIp === undefined
      ? {}
      : { src_endpoint: isIP(event.sourceIp) === 0 ? { hostname: event.sourceIp } : { ip: event.sourceIp } }),
  };
  return Object.keys(seen).length === 0 ? undefined : { uid: event.eventId, ...seen };
}

export { OCSF_VERSION, toOcsf };
