/**
 * One message per owner and sweep (issue 20, item 10): what needs them (NOTIFY findings, and
 * remediations Warden held back), then what Warden did about the rest (REMEDIATE outcomes: failed,
 * fixed, planned and not sent), each section most severe first, each finding in a few lines (what,
 * where, why, the finding id; for a remediation its outcome, the calls, and where the fix belongs in
 * the IaC). An owner with hundreds of findings gets one message, not hundreds; past SNS's size limit
 * the list is cut and the message says how many were left out and where the full report is.
 */
import type { Decision, Finding, Notification, Outcome, Severity } from '../shared/model';
import { SEVERITIES } from '../shared/model';
import { toSubject } from '../shared/notification/compose';
import { cleanAttributes } from '../shared/notification/compose-event';
import { shown, untrusted } from '../shared/untrusted-text';

/** Longest a finding's message or a remediation's error is shown in a digest (code points). */
const MESSAGE_FIELD_MAX = 2048;

/** Under SNS's 256 KiB for message and attributes together (the same budget as single findings). */
const MESSAGE_MAX_BYTES = 240 * 1024;

interface DigestContext {
  readonly owner: string;
  readonly executionName: string;
  /** Where the full report is, named when the list had to be cut. */
  readonly reportRef: string;
}

/** One finding of the digest: as decided, and what its per-item states made of it (REMEDIATE ones). */
interface DigestItem {
  readonly finding: Finding;
  /** The decision after Remediate (it turns REMEDIATE into NOTIFY when it held the fix back). */
  readonly decision: Decision;
  readonly decisionReason?: string;
  /** REMEDIATE findings: the outcome, `undefined` when none was reported (counted as failed). */
  readonly outcome?: Outcome | 'NOT_ATTEMPTED';
  readonly error?: string;
}

type Section = 'attention' | 'failed' | 'fixed' | 'planned';

const SECTIONS: readonly { readonly id: Section; readonly title: string }[] = [
  { id: 'attention', title: 'Needs you: Warden changed nothing here; fix these, or ask for an exemption' },
  { id: 'failed', title: 'Remediation failed: Warden tried and the resource is not fixed; check it' },
  { id: 'fixed', title: 'Fixed by Warden: put the fix into your infrastructure code, or the next deploy reverts it' },
  { id: 'planned', title: 'Planned, not sent (dry run or offline): what Warden would change' },
];

/** Outcomes where the resource is compliant now, with or without a change sent. */
const FIXED: ReadonlySet<string> = new Set(['SUCCEEDED', 'SENT_UNVERIFIED', 'SKIPPED_ALREADY_COMPLIANT']);

function sectionOf(item: DigestItem): Section {
  if (item.decision !== 'REMEDIATE') return 'attention';
  if (item.outcome === undefined || item.outcome === 'NOT_ATTEMPTED' || item.outcome === 'FAILED') return 'failed';
  if (FIXED.has(item.outcome)) return 'fixed';
  if (item.outcome === 'PLANNED') return 'planned';
  // Held back without turning the decision to NOTIFY: for a person to look at.
  return 'attention';
}

function rank(severity: string): number {
  const i = (SEVERITIES as readonly string[]).indexOf(severity);
  return i === -1 ? SEVERITIES.length : i;
}

const OUTCOME_WORDS: Record<Outcome | 'NOT_ATTEMPTED', string> = {
  SUCCEEDED: 'fixed and verified',
  SENT_UNVERIFIED: 'sent and accepted, not verified: check the resource',
  SKIPPED_ALREADY_COMPLIANT: 'nothing sent: already compliant when Warden read it again',
  PLANNED: 'planned, not sent',
  FAILED: 'not fixed',
  SKIPPED_LOOP: 'held back, nothing sent: your deploy keeps reverting this fix; put it into your IaC',
  SKIPPED_CAP: 'held back, nothing sent: a blast-radius cap',
  NOT_ATTEMPTED: 'not attempted',
};

function entry(item: DigestItem): string {
  const f = item.finding;
  // The finding's SNS subject (one ASCII line, `toSubject`) names it; the fields below are AWS data.
  const lines = [
    `- ${toSubject(f.notification?.subject ?? `[${f.severity}] ${f.ruleId}: ${f.resourceId}`)}`,
    `  ARN: ${shown(f.arn, 2048)}`,
    `  What is wrong: ${untrusted(f.message, MESSAGE_FIELD_MAX)}`,
    `  Decision: ${untrusted(item.decision)}${item.decisionReason ? ` (${untrusted(item.decisionReason)})` : ''}`,
  ];
  const held = f.remediation?.outcome;
  if (item.decision === 'REMEDIATE' || item.outcome !== undefined) {
    const outcome = item.outcome ?? 'FAILED';
    lines.push(`  Remediation: ${untrusted(outcome)} (${OUTCOME_WORDS[outcome] ?? 'see the report'})`);
    if (item.error !== undefined) lines.push(`  Error: ${untrusted(item.error, MESSAGE_FIELD_MAX)}`);
  } else if (held !== undefined) {
    // Held back by Check exemptions (a per-rule or per-account blast-radius cap).
    lines.push(`  Remediation: ${untrusted(held)} (${OUTCOME_WORDS[held] ?? 'held back, nothing sent'})`);
  }
  if (f.plan !== undefined && f.plan.length > 0) {
    const calls = untrusted(f.plan.map((c) => `${c.service}:${c.operation}`).join(', '));
    lines.push(`  ${item.decision === 'REMEDIATE' ? 'Calls' : 'Fix Warden would apply'}: ${calls}`);
  }
  const iac = f.iac;
  if (item.decision === 'REMEDIATE' && iac !== undefined) {
    const where = iac.stack === undefined ? untrusted(iac.tool) : `${untrusted(iac.tool)} stack ${shown(iac.stack)}`;
    lines.push(
      `  In your IaC (${where}): ${untrusted(iac.propertyPath)}: ${untrusted(iac.suggestedChange, MESSAGE_FIELD_MAX)}`,
    );
  }
  lines.push(`  Finding: ${untrusted(f.findingId)}`);
  return lines.join('\n');
}

function count(n: number, what: string): string {
  return `${n} ${what}${n === 1 ? '' : 's'}`;
}

function composeOwnerDigest(items: readonly DigestItem[], ctx: DigestContext): Notification {
  const bySection = new Map<Section, DigestItem[]>(SECTIONS.map((s) => [s.id, []]));
  for (const item of items) bySection.get(sectionOf(item))?.push(item);
  for (const list of bySection.values()) {
    list.sort(
      (a, b) =>
        rank(a.finding.severity) - rank(b.finding.severity) ||
        a.finding.ruleId.localeCompare(b.finding.ruleId) ||
        a.finding.arn.localeCompare(b.finding.arn),
    );
  }
  const n = (s: Section) => bySection.get(s)?.length ?? 0;
  const attention = n('attention');
  const remediations = items.length - attention;
  const top = ([...items].sort((a, b) => rank(a.finding.severity) - rank(b.finding.severity))[0]?.finding.severity ??
    'INFORMATIONAL') as Severity;
  const accounts = new Set(items.map((i) => i.finding.accountId));
  const rules = new Set(items.map((i) => i.finding.ruleId));
  const sources = new Set(items.map((i) => i.finding.notification?.attributes.ownerSource));

  const done = [
    n('fixed') > 0 ? `${n('fixed')} fixed` : undefined,
    n('failed') > 0 ? `${n('failed')} failed` : undefined,
    n('planned') > 0 ? `${n('planned')} planned (not sent)` : undefined,
  ].filter((part) => part !== undefined);
  const head = [
    `Warden sweep ${untrusted(ctx.executionName)} for ${shown(ctx.owner)}, ${count(accounts.size, 'account')}:`,
    `${count(attention, 'finding')} need${attention === 1 ? 's' : ''} you; ${count(remediations, 'remediation')}${done.length > 0 ? `: ${done.join(', ')}` : ''}.`,
    '',
    '',
  ].join('\n');

  let body = '';
  let included = 0;
  let full = false;
  for (const section of SECTIONS) {
    const list = bySection.get(section.id) ?? [];
    if (list.length === 0 || full) continue;
    const title = `== ${section.title} (${list.length}) ==\n\n`;
    let titled = false;
    for (const item of list) {
      const next = `${titled ? '' : title}${entry(item)}\n\n`;
      const left = items.length - included - 1;
      const tail = left > 0 ? cutNote(left, ctx.reportRef) : '';
      if (Buffer.byteLength(head + body + next + tail, 'utf8') > MESSAGE_MAX_BYTES) {
        full = true;
        break;
      }
      body += next;
      titled = true;
      included += 1;
    }
  }
  const omitted = items.length - included;
  const what = [
    attention > 0 ? count(attention, 'finding') : undefined,
    remediations > 0 ? count(remediations, 'remediation') : undefined,
  ]
    .filter((part) => part !== undefined)
    .join(', ');
  return {
    subject: toSubject(`[${top}] Warden: ${what} for ${ctx.owner}`),
    message: `${head}${body}${omitted > 0 ? cutNote(omitted, ctx.reportRef) : ''}`.trimEnd(),
    // SNS String attributes carry no control characters (an owner can come from a resource tag).
    attributes: cleanAttributes({
      severity: top,
      // Subscription filters on `decision: NOTIFY` keep receiving what needs someone.
      decision: attention > 0 ? 'NOTIFY' : 'REMEDIATE',
      owner: ctx.owner,
      kind: 'DIGEST',
      // Subscription filters on one rule, account or owner source still match a digest about only that one.
      ...(rules.size === 1 ? { ruleId: [...rules][0] as string } : {}),
      ...(accounts.size === 1 ? { accountId: [...accounts][0] as string } : {}),
      ...(sources.size === 1 && [...sources][0] !== undefined ? { ownerSource: [...sources][0] as string } : {}),
    }),
  };
}

function cutNote(omitted: number, reportRef: string): string {
  return `... and ${omitted} more finding(s): see the sweep report (${untrusted(reportRef)}).\n`;
}

export type { DigestContext, DigestItem };
export { composeOwnerDigest };
