/** The sweep report as Markdown, for people: what was found, what was done, what needs attention. */
import { renderDriftMarkdown } from '../shared/drift';
import type { Report, ReportFinding } from './report';

function renderMarkdown(report: Report): string {
  const lines: string[] = [];
  lines.push(`# Warden sweep ${report.execution.name}`, '');
  lines.push(
    `Started ${report.execution.startedAt} · mode \`${report.mode}\`${report.dryRun ? ' · dry run (nothing sent)' : ''} · ` +
      `${report.resourcesEvaluated} resources evaluated · ${report.findings.length} findings`,
    '',
  );

  lines.push('## Accounts', '', '| account | alias | status | note |', '|---|---|---|---|');
  for (const a of report.accounts) {
    const note = [a.error, ...(a.regionErrors ?? []).map((r) => `${r.region}: ${r.error}`)].filter(Boolean).join('; ');
    lines.push(`| ${a.accountId} | ${cell(a.alias)} | ${a.status} | ${cell(note)} |`);
  }

  lines.push(
    '',
    '## Rules',
    '',
    '| rule | compliant | non-compliant | not applicable | error |',
    '|---|---:|---:|---:|---:|',
  );
  for (const [ruleId, c] of Object.entries(report.counts).sort(([a], [b]) => a.localeCompare(b))) {
    lines.push(`| ${ruleId} | ${c.COMPLIANT} | ${c.NON_COMPLIANT} | ${c.NOT_APPLICABLE} | ${c.ERROR} |`);
  }

  for (const decision of ['REMEDIATE', 'NOTIFY', 'EXEMPT', 'NONE'] as const) {
    const group = report.findings.filter((f) => f.decision === decision);
    if (group.length === 0) continue;
    lines.push('', `## ${TITLES[decision]} (${group.length})`, '');
    for (const f of group) lines.push(...findingLines(f));
  }

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
      lines.push(`| ${f.findingId} | ${cell(f.arn)} | ${f.ruleId} | ${f.outcome} | ${cell(f.error)} |`);
    }
  }

  lines.push(...exemptionLines(report));
  return `${lines.join('\n')}\n`;
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
        `| ${cell(e.exemptionId)} | ${cell(e.ruleId)} | ${e.accountId} | \`${cell(e.resource)}\` | ${e.expiresAt} | ${cell(e.requestedBy)} | ${cell(reminder)} |`,
      );
    }
  }
  if (review.stale.length > 0) {
    out.push('', `## Stale exemptions: matched nothing in this sweep (${review.stale.length})`, '');
    out.push('| exemption | rule | account | resource | requester |', '|---|---|---|---|---|');
    for (const e of review.stale) {
      out.push(
        `| ${cell(e.exemptionId)} | ${cell(e.ruleId)} | ${e.accountId} | \`${cell(e.resource)}\` | ${cell(e.requestedBy)} |`,
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
    `- **${f.ruleId}** \`${f.arn}\` (${f.accountId} ${f.region}, ${f.severity}${f.status === 'ERROR' ? ', ERROR' : ''}): ${f.message}`,
    `  - decision: ${f.decision} — ${f.decisionReason}${f.exemptionId !== undefined ? ` (exemption ${f.exemptionId})` : ''}`,
  ];
  const r = f.remediation;
  if (r !== undefined) {
    out.push(`  - remediation: ${r.outcome}${r.error !== undefined ? ` — ${r.error}` : ''}`);
    for (const call of r.apiCalls)
      out.push(`    - \`${call.service}:${call.operation} ${JSON.stringify(call.input)}\``);
    if (r.iac !== undefined) {
      const where =
        r.iac.stack !== undefined
          ? ` in stack \`${r.iac.stack}\`${r.iac.logicalId ? ` (${r.iac.logicalId})` : ''}`
          : '';
      out.push(`  - put it in your IaC${where}: \`${r.iac.propertyPath}\` — ${r.iac.suggestedChange}`);
    }
  }
  return out;
}

function cell(text: string): string {
  return text.replaceAll('|', '\\|').replaceAll('\n', ' ');
}

export { renderMarkdown };
