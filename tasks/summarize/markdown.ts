/**
 * The sweep report as Markdown, for people: what was found, what was done, what needs attention.
 * Every value in it is AWS data or an item someone wrote: `cell` (text) and `code` (code spans)
 * escape it, so no name or tag can add HTML (`<script>`), a link, a table column or a line.
 */
import { renderDriftMarkdown } from '../shared/drift';
import type { Report, ReportFinding } from '../shared/report';
import { markdownCode, markdownText } from '../shared/untrusted-text';

function renderMarkdown(report: Report): string {
  const lines: string[] = [];
  lines.push(`# Warden sweep ${cell(report.execution.name)}`, '');
  lines.push(
    `Started ${cell(report.execution.startedAt)} · mode ${code(report.mode)}${report.dryRun ? ' · dry run (nothing sent)' : ''} · ` +
      `${report.resourcesEvaluated} resources evaluated · ${report.findings.length} findings`,
    '',
  );

  lines.push('## Accounts', '', '| account | alias | status | note |', '|---|---|---|---|');
  for (const a of report.accounts) {
    const note = [a.error, ...(a.regionErrors ?? []).map((r) => `${r.region}: ${r.error}`)].filter(Boolean).join('; ');
    lines.push(`| ${cell(a.accountId)} | ${cell(a.alias)} | ${cell(a.status)} | ${cell(note)} |`);
  }
  lines.push(...notSweptLines(report));

  lines.push(
    '',
    '## Rules',
    '',
    '| rule | compliant | non-compliant | not applicable | error |',
    '|---|---:|---:|---:|---:|',
  );
  for (const [ruleId, c] of Object.entries(report.counts).sort(([a], [b]) => a.localeCompare(b))) {
    lines.push(`| ${cell(ruleId)} | ${c.COMPLIANT} | ${c.NON_COMPLIANT} | ${c.NOT_APPLICABLE} | ${c.ERROR} |`);
  }

  for (const decision of ['REMEDIATE', 'NOTIFY', 'EXEMPT', 'NONE'] as const) {
    const group = report.findings.filter((f) => f.decision === decision);
    if (group.length === 0) continue;
    lines.push('', `## ${TITLES[decision]} (${group.length})`, '');
    for (const f of group) lines.push(...findingLines(f));
  }

  lines.push(...blastRadiusLines(report));

  if (report.drift.length > 0) {
    lines.push('', '## Drift by stack', '', renderDriftMarkdown(report.drift).trimEnd());
  }

  if (report.ledgerFailures.length > 0) {
    lines.push(
      '',
      `## Remediation records not in the ledger (${report.ledgerFailures.length})`,
      '',
      'The Ledger table refused these records after retries; the sweep ended FAILED. They are kept in the',
      "sweep's JSON lines in the artifacts bucket (`ledger/`), each with `ledgerWriteError`.",
      '',
      '| finding | resource | rule | outcome | error |',
      '|---|---|---|---|---|',
    );
    for (const f of report.ledgerFailures) {
      lines.push(
        `| ${cell(f.findingId)} | ${cell(f.arn)} | ${cell(f.ruleId)} | ${cell(f.outcome)} | ${cell(f.error)} |`,
      );
    }
  }

  lines.push(...exemptionLines(report));
  return `${lines.join('\n')}\n`;
}

/** Offline: what of the snapshot was not swept, the files not read and the items rejected. */
function notSweptLines(report: Report): string[] {
  const out: string[] = [];
  const notSwept = report.notSwept ?? [];
  if (notSwept.length > 0) {
    const total = notSwept.reduce((n, e) => n + e.configurationItems, 0);
    out.push('', `## Not swept (${total} configuration items)`, '');
    out.push('| account | region | configuration items | why |', '|---|---|---:|---|');
    for (const e of notSwept) {
      out.push(`| ${e.accountId} | ${cell(e.region)} | ${e.configurationItems} | ${cell(e.reason)} |`);
    }
  }
  const skipped = report.skippedFiles ?? [];
  if (skipped.length > 0) {
    out.push('', `## Snapshot files not read (${skipped.length})`, '', '| file | why |', '|---|---|');
    for (const f of skipped) out.push(`| ${cell(f.file)} | ${cell(f.reason)} |`);
  }
  const rejected = report.rejectedItems ?? [];
  if (rejected.length > 0) {
    out.push('', `## Configuration items rejected (${rejected.length})`, '');
    out.push('| file | item | account | region | error |', '|---|---:|---|---|---|');
    for (const r of rejected) {
      out.push(`| ${cell(r.file)} | ${r.index} | ${r.accountId} | ${cell(r.region)} | ${cell(r.error)} |`);
    }
  }
  return out;
}

/** What the blast-radius caps held back: not sent, the owners notified instead. */
function blastRadiusLines(report: Report): string[] {
  const groups = report.blastRadius?.heldBack ?? [];
  if (groups.length === 0) return [];
  const total = groups.reduce((n, g) => n + g.heldBack, 0);
  const notice = report.blastRadius.notice;
  const told =
    notice === undefined
      ? ''
      : notice.status === 'SENT'
        ? ' Operators were told.'
        : ` Operators were NOT told: ${notice.error ?? ''}`;
  const out = [
    '',
    `## Held back by the blast-radius cap (${total})`,
    '',
    `These remediations were not sent (outcome SKIPPED_CAP); their owners are notified instead.${told}`,
    '',
    '| account | rule | cap | held back | limit |',
    '|---|---|---|---:|---|',
  ];
  for (const g of groups) {
    const over = g.wanted !== undefined ? ` (${g.wanted} wanted of ${g.evaluated} evaluated)` : '';
    out.push(`| ${g.accountId} | ${g.ruleId} | ${g.scope} | ${g.heldBack} | ${cell(`${g.limit}${over}`)} |`);
  }
  return out;
}

/** Expiring (with the reminder's fate), stale, policy-breaking and invalid exemptions: what a security lead reviews. */
function exemptionLines(report: Report): string[] {
  const review = report.exemptions;
  const out: string[] = [];
  if (review.error !== undefined) out.push('', '## Exemptions', '', `Not reviewed: ${review.error}`);
  if (review.expiringSoon.length > 0) {
    const sent = new Map(review.reminders.map((r) => [r.exemptionId, r]));
    out.push('', `## Exemptions expiring within 7 days (${review.expiringSoon.length})`, '');
    out.push(
      '| exemption | rule | account | resource | expires | requester | reminder |',
      '|---|---|---|---|---|---|---|',
    );
    for (const e of review.expiringSoon) {
      const r = sent.get(e.exemptionId);
      const reminder = r === undefined ? 'not sent' : r.sent ? 'sent' : `FAILED: ${r.error ?? ''}`;
      out.push(
        `| ${cell(e.exemptionId)} | ${cell(e.ruleId)} | ${cell(e.accountId)} | ${code(e.resource)} | ${cell(e.expiresAt)} | ${cell(e.requestedBy)} | ${cell(reminder)} |`,
      );
    }
  }
  if (review.stale.length > 0) {
    out.push('', `## Stale exemptions: matched nothing in this sweep (${review.stale.length})`, '');
    out.push('| exemption | rule | account | resource | requester |', '|---|---|---|---|---|');
    for (const e of review.stale) {
      out.push(
        `| ${cell(e.exemptionId)} | ${cell(e.ruleId)} | ${cell(e.accountId)} | ${code(e.resource)} | ${cell(e.requestedBy)} |`,
      );
    }
  }
  if (review.policy.length > 0) {
    out.push('', `## Exemptions breaking the exemption policy (${review.policy.length})`, '');
    out.push('| exemption | account | honoured | problem |', '|---|---|---|---|');
    for (const p of review.policy) {
      const honoured = p.honoured ? 'yes, until fixed' : 'no: notified, never remediated';
      out.push(`| ${cell(p.exemptionId)} | ${p.accountId} | ${honoured} | ${cell(p.problem)} |`);
    }
  }
  if (report.exemptionProblems.length > 0) {
    out.push('', '## Exemption items that never match', '', '| exemption | problem |', '|---|---|');
    for (const p of report.exemptionProblems) out.push(`| ${cell(p.exemptionId)} | ${cell(p.problem)} |`);
  }
  return out;
}

const TITLES = {
  REMEDIATE: 'Remediated',
  NOTIFY: 'Notified',
  EXEMPT: 'Exempted',
  NONE: 'Reported only (audit mode)',
} as const;

function findingLines(f: ReportFinding): string[] {
  const out = [
    `- **${cell(f.ruleId)}** ${code(f.arn)} (${cell(f.accountId)} ${cell(f.region)}, ${cell(f.severity)}${f.status === 'ERROR' ? ', ERROR' : ''}): ${cell(f.message, LONG_FIELD_MAX)}`,
    `  - decision: ${cell(f.decision)} — ${cell(f.decisionReason)}${f.exemptionId !== undefined ? ` (exemption ${cell(f.exemptionId)})` : ''}`,
  ];
  const r = f.remediation;
  if (r !== undefined) {
    out.push(
      `  - remediation: ${cell(r.outcome)}${r.error !== undefined ? ` — ${cell(r.error, LONG_FIELD_MAX)}` : ''}`,
    );
    for (const call of r.apiCalls)
      out.push(`    - ${code(`${call.service}:${call.operation} ${JSON.stringify(call.input)}`, LONG_FIELD_MAX)}`);
    if (r.iac !== undefined) {
      const where =
        r.iac.stack !== undefined
          ? ` in stack ${code(r.iac.stack)}${r.iac.logicalId ? ` (${cell(r.iac.logicalId)})` : ''}`
          : '';
      out.push(
        `  - put it in your IaC${where}: ${code(r.iac.propertyPath)} — ${cell(r.iac.suggestedChange, LONG_FIELD_MAX)}`,
      );
    }
  }
  return out;
}

/** Longest a message, an error or an API call is shown (code points). */
const LONG_FIELD_MAX = 4096;

/** Untrusted text in a table cell or a line: escaped for Markdown and HTML, one line, capped. */
function cell(text: string, max?: number): string {
  return markdownText(text, max);
}

/** Untrusted text as a code span: shown literally, one line, capped, safe in a table. */
function code(text: string, max?: number): string {
  return markdownCode(text, max);
}

export { renderMarkdown };
