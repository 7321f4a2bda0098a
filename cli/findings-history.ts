/**
 * Findings over time (issue 20, item 17): when each finding was first and last seen, and what is new
 * or resolved since the last sweep of the same source.
 *
 * The source of truth is a small findings index per source (a snapshot folder, or the accounts a
 * live sweep reads), `$WARDEN_HOME/history/<key>/findings.json`: findingId (stable: rule + ARN) →
 * firstSeen, lastSeen and what the finding is about. It is read before the sweep (an unreadable
 * index stops the sweep rather than being overwritten: nothing is lost) and written, atomically,
 * only after a SUCCEEDED local sweep — never after a FAILED one, and `--remote` keeps its reports in
 * S3 and never touches it. A previous `report.json` in `--report DIR` is not read: the index is the
 * one history, whatever folder the reports went to.
 *
 * A finding of the index that this sweep did not report is resolved only where this sweep looked:
 * its account swept to the end (and its region without a read error) and its rule evaluated.
 * Elsewhere (an unreachable account, `--rules`, `--account`) it is carried over as it was. Exempt
 * findings are findings too: an exemption does not make a finding new or resolved.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Report, ReportFinding } from '../tasks/shared/report';
import { CliError } from './errors';

const INDEX_VERSION = 1;

interface IndexedFinding {
  readonly firstSeen: string;
  readonly lastSeen: string;
  readonly ruleId: string;
  readonly accountId: string;
  readonly region: string;
  readonly resourceId: string;
  readonly severity: string;
}

interface FindingsIndex {
  readonly version: typeof INDEX_VERSION;
  /** What was swept (the key's readable form). */
  readonly source: string;
  /** The last sweep that updated the index. */
  readonly execution: string;
  readonly updatedAt: string;
  readonly findings: Readonly<Record<string, IndexedFinding>>;
}

/** A finding of the previous index this sweep looked for and did not find. */
interface ResolvedFinding extends IndexedFinding {
  readonly findingId: string;
}

/** This sweep against the previous index: what the reports show, and the index to keep. */
interface SinceLastSweep {
  /** The sweep the index came from; null for the first sweep of this source. */
  readonly previous: { readonly execution: string; readonly at: string } | null;
  /** Findings not in the previous index (every finding on the first sweep). */
  readonly new: number;
  readonly resolved: readonly ResolvedFinding[];
  /** By findingId: when each finding of this sweep was first and last seen. */
  readonly seen: ReadonlyMap<string, { readonly firstSeen: string; readonly lastSeen: string; readonly new: boolean }>;
  readonly next: FindingsIndex;
}

function historyRoot(): string {
  return resolve(process.env.WARDEN_HOME ?? '.warden', 'history');
}

/** Where the index of a source lives: a hash of the source, so any path or account list makes a folder name. */
function indexFile(source: string, root = historyRoot()): string {
  const key = createHash('sha256').update(source).digest('hex').slice(0, 16);
  return join(root, key, 'findings.json');
}

function isIndex(value: unknown): value is FindingsIndex {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    v.version === INDEX_VERSION &&
    typeof v.execution === 'string' &&
    typeof v.updatedAt === 'string' &&
    typeof v.findings === 'object' &&
    v.findings !== null &&
    Object.values(v.findings).every(
      (f) =>
        typeof f === 'object' &&
        f !== null &&
        typeof (f as IndexedFinding).firstSeen === 'string' &&
        typeof (f as IndexedFinding).lastSeen === 'string',
    )
  );
}

/** The index of a source, or undefined before its first recorded sweep. A damaged file is an error, never replaced. */
async function readFindingsIndex(file: string): Promise<FindingsIndex | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf-8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new CliError(`cannot read the findings history ${file}: ${(error as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    parsed = error;
  }
  if (!isIndex(parsed))
    throw new CliError(
      `the findings history ${file} is not a Warden findings index (version ${INDEX_VERSION}); move it away to start the history of this source again`,
    );
  return parsed;
}

/** Writes the index whole or not at all (a temporary file renamed over it). */
async function writeFindingsIndex(file: string, index: FindingsIndex): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(index, null, 2)}\n`);
  await rename(temporary, file);
}

/** Whether this sweep looked where the indexed finding was: its account swept, its region read, its rule run. */
function lookedFor(finding: IndexedFinding, report: Report): boolean {
  const account = report.accounts.find((a) => a.accountId === finding.accountId);
  if (account === undefined || account.status !== 'OK') return false;
  if ((account.regionErrors ?? []).some((r) => r.region === finding.region)) return false;
  return Object.hasOwn(report.counts, finding.ruleId);
}

function indexed(f: ReportFinding, firstSeen: string, lastSeen: string): IndexedFinding {
  return {
    firstSeen,
    lastSeen,
    ruleId: f.ruleId,
    accountId: f.accountId,
    region: f.region,
    resourceId: f.resourceId,
    severity: f.severity,
  };
}

/** Pure: the report of a sweep at `at` (ISO) against the previous index of its source. */
function compareWithIndex(
  previous: FindingsIndex | undefined,
  report: Report,
  run: { readonly source: string; readonly execution: string; readonly at: string },
): SinceLastSweep {
  const before = previous?.findings ?? {};
  const findings: Record<string, IndexedFinding> = {};
  const seen = new Map<string, { firstSeen: string; lastSeen: string; new: boolean }>();
  let fresh = 0;
  for (const f of report.findings) {
    const earlier = Object.hasOwn(before, f.findingId) ? before[f.findingId] : undefined;
    const firstSeen = earlier?.firstSeen ?? run.at;
    if (earlier === undefined) fresh += 1;
    seen.set(f.findingId, { firstSeen, lastSeen: run.at, new: earlier === undefined });
    findings[f.findingId] = indexed(f, firstSeen, run.at);
  }
  const resolved: ResolvedFinding[] = [];
  for (const [findingId, f] of Object.entries(before)) {
    if (seen.has(findingId)) continue;
    if (lookedFor(f, report)) resolved.push({ findingId, ...f });
    else findings[findingId] = f; // not looked for this time: kept as it was
  }
  return {
    previous: previous === undefined ? null : { execution: previous.execution, at: previous.updatedAt },
    new: fresh,
    resolved: resolved.sort((a, b) => a.ruleId.localeCompare(b.ruleId) || a.findingId.localeCompare(b.findingId)),
    seen,
    next: { version: INDEX_VERSION, source: run.source, execution: run.execution, updatedAt: run.at, findings },
  };
}

/** The `sinceLastSweep` section of the `--json` report. */
function sinceLastSweepJson(since: SinceLastSweep) {
  return {
    previousExecution: since.previous?.execution ?? null,
    previousAt: since.previous?.at ?? null,
    new: since.new,
    resolved: since.resolved.length,
    resolvedFindings: since.resolved,
  };
}

/** The summary's one line. */
function sinceLastSweepLine(since: SinceLastSweep): string {
  if (since.previous === null)
    return `Since the last sweep: none recorded for this source; ${since.new} finding(s) recorded as first seen now`;
  return `Since the last sweep (${since.previous.execution}, ${since.previous.at}): ${since.new} new, ${since.resolved.length} resolved`;
}

/** The Markdown report's section: the line, then the new findings and the resolved ones. */
function sinceLastSweepMarkdown(since: SinceLastSweep, report: Report): string {
  const cell = (s: string) => s.replaceAll('|', '\\|').replaceAll('\n', ' ');
  const out = ['', '## Since the last sweep', '', sinceLastSweepLine(since)];
  const fresh = report.findings.filter((f) => since.seen.get(f.findingId)?.new === true);
  if (since.previous !== null && fresh.length > 0) {
    out.push(
      '',
      `### New (${fresh.length})`,
      '',
      '| Severity | Rule | Account | Region | Resource | Decision |',
      '|---|---|---|---|---|---|',
    );
    for (const f of fresh)
      out.push(
        `| ${cell(f.severity)} | ${cell(f.ruleId)} | ${cell(f.accountId)} | ${cell(f.region)} | ${cell(f.resourceId)} | ${cell(f.decision)} |`,
      );
  }
  if (since.resolved.length > 0) {
    out.push(
      '',
      `### Resolved (${since.resolved.length})`,
      '',
      '| Severity | Rule | Account | Region | Resource | First seen |',
      '|---|---|---|---|---|---|',
    );
    for (const f of since.resolved)
      out.push(
        `| ${cell(f.severity)} | ${cell(f.ruleId)} | ${cell(f.accountId)} | ${cell(f.region)} | ${cell(f.resourceId)} | ${cell(f.firstSeen)} |`,
      );
  }
  return `${out.join('\n')}\n`;
}

export type { FindingsIndex, IndexedFinding, ResolvedFinding, SinceLastSweep };
export {
  compareWithIndex,
  historyRoot,
  indexFile,
  readFindingsIndex,
  sinceLastSweepJson,
  sinceLastSweepLine,
  sinceLastSweepMarkdown,
  writeFindingsIndex,
};
