/** The terminal summary of a sweep: what a person wants to see first, in plain text. */
import type { PublishedMessage } from '../local/bindings';
import type { LocalSweepResult } from '../local/run-sweep';
import type { Report } from '../tasks/shared/report';
import type { RegionsWithoutData } from './regions';
import { type Style, styleFor } from './terminal';

function renderSummary(
  result: LocalSweepResult & { report: Report },
  source: string,
  style: Style = styleFor(false),
  note = 'remediations are planned, never sent, in a local run',
  emptyRegions: RegionsWithoutData = new Map(),
): string {
  const { execution, report } = result;
  const out: string[] = [];
  const retries = Object.values(execution.retries).reduce((a, b) => a + b, 0);
  out.push(
    `${style.bold(`Warden sweep ${execution.name}`)}: ${style.status(execution.status)} (${execution.stateTransitions} state transitions${retries > 0 ? `, ${retries} retried: ${retriedStates(execution.retries)}` : ''})`,
  );
  if (execution.error !== undefined) out.push(style.red(`${execution.error}: ${execution.cause ?? ''}`));
  out.push(`Source: ${source}`);
  out.push(
    `${report.resourcesEvaluated} resources evaluated in ${report.accounts.filter((a) => a.status === 'OK').length} of ${report.accounts.length} accounts · mode ${report.mode} · ${note}`,
  );

  out.push('', style.bold('Accounts'));
  for (const a of report.accounts) {
    const empty = a.status === 'OK' ? (emptyRegions.get(a.accountId) ?? []) : [];
    const note = empty.length > 0 ? `no data in the snapshot for ${empty.join(', ')}` : '';
    out.push(`  ${a.accountId}  ${pad(a.alias, 18)} ${style.status(pad(a.status, 12))} ${a.error ?? note}`.trimEnd());
  }

  // The rule column is as wide as the longest rule id (at least the 34 the first rules needed).
  const ruleWidth = Math.max(34, ...Object.keys(report.counts).map((id) => id.length + 1));
  out.push('', style.bold(`${pad('Rules', ruleWidth + 2)}compliant  non-compliant  not-applicable  error`));
  for (const [ruleId, c] of Object.entries(report.counts).sort(([a], [b]) => a.localeCompare(b))) {
    out.push(
      `  ${pad(ruleId, ruleWidth)}${num(c.COMPLIANT, 9)}${num(c.NON_COMPLIANT, 15)}${num(c.NOT_APPLICABLE, 16)}${num(c.ERROR, 7)}`,
    );
  }

  const by = (d: string) => report.findings.filter((f) => f.decision === d).length;
  out.push(
    '',
    `Decisions  REMEDIATE ${by('REMEDIATE')} · NOTIFY ${by('NOTIFY')} · EXEMPT ${by('EXEMPT')} · NONE ${by('NONE')}`,
  );
  const findingRuleWidth = Math.max(28, ...report.findings.map((f) => f.ruleId.length));
  for (const f of report.findings) {
    const action =
      f.remediation !== undefined
        ? `${f.remediation.outcome}: ${f.remediation.apiCalls.map((c) => `${c.service}:${c.operation}`).join(', ')}`
        : f.exemptionId !== undefined
          ? `exemption ${f.exemptionId}`
          : f.decisionReason;
    out.push(
      `  ${style.status(pad(f.decision, 9))} ${pad(f.ruleId, findingRuleWidth)} ${f.accountId}/${pad(f.region, 10)} ${f.resourceId}  (${action})`,
    );
  }

  out.push(...notSweptLines(report, style));
  const held = report.blastRadius?.heldBack ?? [];
  if (held.length > 0) {
    const total = held.reduce((n, g) => n + g.heldBack, 0);
    out.push('', style.red(`Held back by the blast-radius cap (${total}): not remediated, owners notified`));
    for (const g of held) {
      out.push(`  ${pad(g.ruleId, 34)} ${g.accountId}  ${g.heldBack} held back by the ${g.scope} cap (${g.limit})`);
    }
  }
  if (report.exemptionProblems.length > 0) {
    out.push('', 'Exemption items that never match');
    for (const p of report.exemptionProblems) out.push(`  ${pad(p.exemptionId, 12)} ${p.problem}`);
  }
  if (report.ledgerFailures.length > 0) {
    out.push('', style.red(`Remediation records NOT in the ledger (${report.ledgerFailures.length})`));
    for (const f of report.ledgerFailures) out.push(`  ${f.findingId} ${f.arn}: ${f.error}`);
  }
  out.push('', `Notifications published: ${report.notifications.length} (local outbox)`);
  return `${out.join('\n')}\n`;
}

/** Offline: the snapshot's items that no account-region sweep read, files not read, items rejected. */
function notSweptLines(report: Report, style: Style): string[] {
  const out: string[] = [];
  const notSwept = report.notSwept ?? [];
  if (notSwept.length > 0) {
    const total = notSwept.reduce((n, e) => n + e.configurationItems, 0);
    out.push('', style.bold(`Not swept: ${total} configuration items of the snapshot`));
    for (const e of notSwept) {
      out.push(`  ${e.accountId}/${pad(e.region, 14)} ${num(e.configurationItems, 6)}  ${e.reason}`);
    }
  }
  const skipped = report.skippedFiles ?? [];
  if (skipped.length > 0) {
    out.push('', style.bold(`Snapshot files not read (${skipped.length})`));
    for (const f of skipped) out.push(`  ${f.file}: ${f.reason}`);
  }
  const rejected = report.rejectedItems ?? [];
  if (rejected.length > 0) {
    out.push('', style.bold(`Configuration items rejected (${rejected.length})`));
    for (const r of rejected.slice(0, MAX_LISTED)) {
      out.push(`  ${r.file} configurationItems[${r.index}] (${r.accountId}/${r.region}): ${r.error}`);
    }
    if (rejected.length > MAX_LISTED)
      out.push(`  … and ${rejected.length - MAX_LISTED} more (--json or --report lists them all)`);
  }
  return out;
}

/** Rejected items listed in the terminal summary; the JSON and Markdown reports list all. */
const MAX_LISTED = 20;

function retriedStates(retries: Record<string, number>): string {
  return Object.entries(retries)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([state, n]) => `${state} ×${n}`)
    .join(', ');
}

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}

function num(n: number, width: number): string {
  const s = String(n);
  return ' '.repeat(Math.max(0, width - s.length)) + s;
}

/** Control characters a message could carry from AWS-sourced text; never written to a terminal as they are. */
const CONTROL = /[^\P{Cc}\t\n]/gu;

/**
 * `--show-messages`: every message of the local outbox as it would be published — the state that
 * published it, the subject, the message attributes subscriptions filter on, and the body.
 */
function renderOutbox(published: readonly PublishedMessage[]): string {
  const out = ['', `Messages in the local outbox (${published.length}); a local run sends none of them`];
  published.forEach((m, i) => {
    const attributes = Object.entries(m.MessageAttributes ?? {})
      .map(([key, value]) => `${key}=${value.StringValue ?? ''}`)
      .join(', ');
    out.push('', `${i + 1}. ${(m.Subject ?? '(no subject)').replace(CONTROL, '?')}`);
    out.push(`   from: ${m.state}${attributes === '' ? '' : `   attributes: ${attributes.replace(CONTROL, '?')}`}`);
    for (const line of m.Message.replace(CONTROL, '?').split('\n')) out.push(`   | ${line}`);
  });
  return `${out.join('\n')}\n`;
}

export { renderOutbox, renderSummary };
