/**
 * What `warden trail` prints: the digest as text (per rule and account, the notifications that
 * would have gone out and the remediations that would have been planned, then every count and every
 * file or record that did not go through), the same as one JSON document (`trailJsonReport`), and
 * the progress line drawn on a terminal's stderr while it runs.
 */
import type { TrailDigest, TrailProgress } from '../../local/trail/run-trail';
import type { ExemptionProblem } from '../../tasks/shared/model';
import type { TrailFiles } from './files';

interface TrailReportInput {
  readonly digest: TrailDigest;
  readonly files: TrailFiles;
  readonly since?: Date;
  readonly until?: Date;
  readonly exemptionProblems: readonly ExemptionProblem[];
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}

/** The `--json` document. */
function trailJsonReport({ digest, files, since, until, exemptionProblems }: TrailReportInput) {
  const c = digest.counts;
  return {
    window: { since: since?.toISOString() ?? null, until: until?.toISOString() ?? null },
    files: {
      logFiles: files.logFiles.length,
      read: c.files,
      unreadable: c.unreadableFiles,
      digestFilesSkipped: files.digestFiles.length,
      otherFilesSkipped: files.otherFiles.length,
    },
    records: {
      read: c.recordsRead,
      outsideWindow: c.outsideWindow,
      ignored: c.ignored,
      matched: c.matched,
      processed: c.processed,
      ignoredByWorkflow: c.ignoredByWorkflow,
      rejected: c.rejected,
      failed: c.failed,
    },
    executions: {
      count: c.processed + c.ignoredByWorkflow + c.rejected + c.failed,
      stateTransitions: c.stateTransitions,
    },
    patterns: digest.patterns,
    digest: digest.digest,
    notifications: digest.notifications,
    remediations: digest.remediations,
    unreadableFiles: digest.unreadableFiles,
    rejected: digest.problems.filter((p) => p.outcome === 'REJECTED'),
    failed: digest.problems.filter((p) => p.outcome === 'FAILED'),
    exemptionProblems,
  };
}

/** The terminal digest. */
function renderTrail({ digest, files, since, until, exemptionProblems }: TrailReportInput): string {
  const c = digest.counts;
  const out: string[] = [];
  const skipped = [
    `${plural(files.digestFiles.length, 'digest file')} skipped`,
    ...(files.otherFiles.length > 0 ? [`${plural(files.otherFiles.length, 'other file')} skipped`] : []),
    ...(c.unreadableFiles > 0 ? [`${c.unreadableFiles} unreadable`] : []),
  ];
  out.push(
    `Warden trail: ${plural(c.files, 'log file')} read (${skipped.join(', ')}) · ${plural(c.recordsRead, 'record')}`,
  );
  if (since !== undefined || until !== undefined) {
    out.push(`Window: ${since?.toISOString() ?? 'any time'} to ${until?.toISOString() ?? 'any time'}`);
  }
  const window =
    since !== undefined || until !== undefined
      ? `${c.outsideWindow.toLocaleString('en-US')} outside the window · `
      : '';
  out.push(
    `Records: ${window}${c.ignored.toLocaleString('en-US')} matched no trigger rule (ignored) · ${c.matched.toLocaleString('en-US')} matched → ${c.processed} processed, ${c.ignoredByWorkflow} ignored by the event path, ${c.rejected} rejected, ${c.failed} failed`,
  );
  out.push(
    `Executions: ${c.processed + c.ignoredByWorkflow + c.rejected + c.failed} (${c.stateTransitions} state transitions)`,
  );

  out.push(
    '',
    digest.digest.length === 0 ? 'By rule and account: nothing to notify or remediate' : 'By rule and account',
  );
  for (const e of digest.digest) {
    const account = e.alias === e.accountId ? e.accountId : `${e.alias} (${e.accountId})`;
    const what = [
      ...(e.notifications.length > 0 ? [plural(e.notifications.length, 'notification')] : []),
      ...(e.remediations.length > 0 ? [`${plural(e.remediations.length, 'remediation')} planned`] : []),
    ];
    out.push(`  ${e.ruleId}  ${account}: ${what.join(', ') || 'findings not notified'}`);
    for (const subject of e.notifications) out.push(`      ${subject}`);
    for (const r of e.remediations) out.push(`      ${r.outcome} ${r.operations.join(', ')} on ${r.resourceId}`);
  }
  out.push(
    '',
    `Notifications that would have gone out: ${digest.notifications.length} (local outbox) · remediations planned: ${digest.remediations.filter((r) => r.outcome === 'PLANNED').length}`,
  );
  if (digest.unreadableFiles.length > 0) {
    out.push('', 'Unreadable files (the others were read)');
    for (const u of digest.unreadableFiles) out.push(`  ${u.error}`);
  }
  if (digest.problems.length > 0) {
    out.push('', 'Records that did not go through');
    for (const p of digest.problems) {
      out.push(`  ${p.outcome} ${p.eventName || '(no eventName)'} ${p.eventId || '(no eventID)'} in ${p.file}`);
      out.push(`      ${p.reason}`);
    }
  }
  if (exemptionProblems.length > 0) {
    out.push('', 'Exemption problems (these items never match)');
    for (const p of exemptionProblems) out.push(`  ${p.exemptionId}: ${p.problem}`);
  }
  return `${out.join('\n')}\n`;
}

/** `trail: 12/340 files · 35,000 records · 120 matched · 118 executions`. */
function trailProgressLine(p: TrailProgress, columns = 80): string {
  const line = `trail: ${p.files}/${p.filesTotal} files · ${plural(p.recordsRead, 'record')} · ${p.matched.toLocaleString('en-US')} matched · ${plural(p.executions, 'execution')}`;
  return line.length > columns - 1 ? line.slice(0, Math.max(0, columns - 2)) : line;
}

export type { TrailReportInput };
export { renderTrail, trailJsonReport, trailProgressLine };
