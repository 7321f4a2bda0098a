/**
 * One message per owner and sweep: every NOTIFY finding the owner has, most severe first, each in a
 * few lines (what, where, why, the finding id). An owner with hundreds of findings gets one message,
 * not hundreds; past SNS's size limit the list is cut and the message says how many were left out
 * and where the full report is.
 */
import { type Finding, type Notification, SEVERITIES, type Severity } from '../shared/model';
import { toSubject } from '../shared/notification/compose';
import { shown, untrusted } from '../shared/untrusted-text';

/** Longest a finding's message is shown in a digest (code points). */
const MESSAGE_FIELD_MAX = 2048;

/** Under SNS's 256 KiB for message and attributes together (the same budget as single findings). */
const MESSAGE_MAX_BYTES = 240 * 1024;

interface DigestContext {
  readonly owner: string;
  readonly executionName: string;
  /** Where the full report is, named when the list had to be cut. */
  readonly reportRef: string;
}

function rank(severity: string): number {
  const i = (SEVERITIES as readonly string[]).indexOf(severity);
  return i === -1 ? SEVERITIES.length : i;
}

function entry(f: Finding): string {
  // The finding's SNS subject (one ASCII line, `toSubject`) names it; the fields below are AWS data.
  const lines = [
    `- ${toSubject(f.notification?.subject ?? `[${f.severity}] ${f.ruleId}: ${f.resourceId}`)}`,
    `  ARN: ${shown(f.arn, 2048)}`,
    `  What is wrong: ${untrusted(f.message, MESSAGE_FIELD_MAX)}`,
    `  Decision: ${untrusted(f.decision ?? 'NOTIFY')}${f.decisionReason ? ` (${untrusted(f.decisionReason)})` : ''}`,
  ];
  if (f.plan !== undefined && f.plan.length > 0) {
    lines.push(`  Fix Warden would apply: ${untrusted(f.plan.map((c) => `${c.service}:${c.operation}`).join(', '))}`);
  }
  lines.push(`  Finding: ${untrusted(f.findingId)}`);
  return lines.join('\n');
}

function composeOwnerDigest(findings: readonly Finding[], ctx: DigestContext): Notification {
  const sorted = [...findings].sort(
    (a, b) => rank(a.severity) - rank(b.severity) || a.ruleId.localeCompare(b.ruleId) || a.arn.localeCompare(b.arn),
  );
  const top = (sorted[0]?.severity ?? 'INFORMATIONAL') as Severity;
  const accounts = new Set(sorted.map((f) => f.accountId));
  const rules = new Set(sorted.map((f) => f.ruleId));
  const head = [
    `Warden sweep ${untrusted(ctx.executionName)}: ${sorted.length} finding(s) for ${shown(ctx.owner)} in ${accounts.size} account(s).`,
    'Warden notifies about these and changes nothing: fix them, or ask for an exemption.',
    '',
  ].join('\n');

  let body = '';
  let included = 0;
  for (const f of sorted) {
    const next = `${entry(f)}\n\n`;
    const left = sorted.length - included - 1;
    const tail = left > 0 ? cutNote(left, ctx.reportRef) : '';
    if (Buffer.byteLength(head + body + next + tail, 'utf8') > MESSAGE_MAX_BYTES) break;
    body += next;
    included += 1;
  }
  const omitted = sorted.length - included;
  return {
    subject: toSubject(`[${top}] Warden: ${sorted.length} finding(s) for ${ctx.owner}`),
    message: `${head}${body}${omitted > 0 ? cutNote(omitted, ctx.reportRef) : ''}`.trimEnd(),
    attributes: {
      severity: top,
      decision: 'NOTIFY',
      owner: ctx.owner,
      // Subscription filters on one rule or account still match a digest that is about only that one.
      ...(rules.size === 1 ? { ruleId: [...rules][0] as string } : {}),
      ...(accounts.size === 1 ? { accountId: [...accounts][0] as string } : {}),
    },
  };
}

function cutNote(omitted: number, reportRef: string): string {
  return `... and ${omitted} more finding(s): see the sweep report (${untrusted(reportRef)}).\n`;
}

export type { DigestContext };
export { composeOwnerDigest };
