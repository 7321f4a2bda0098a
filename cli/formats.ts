/**
 * `--format json|ocsf|asff|csv` of `warden sweep` and `warden event` (`--json` = `--format json`):
 * the option, and the findings of a run written in the chosen format with the mappers of
 * tasks/shared/formats/ (the same code the deployed system imports to Security Hub with).
 * - `json`: Warden's own report (DESIGN §4.5);
 * - `ocsf`: a JSON array of OCSF 1.8.0 Compliance Findings (resource rules) and Detection Findings
 *   (event rules), for a data lake or an Amazon Security Lake custom source;
 * - `asff`: a JSON array of ASFF findings, as `aws securityhub batch-import-findings --findings` takes it;
 * - `csv`: one row per finding, for spreadsheets.
 * Each prints exactly one document on stdout; with `--report DIR` it is also written there
 * (report.ocsf.json, report.asff.json, findings.csv) beside report.json.
 */
import { readFileSync } from 'node:fs';
import { Option } from 'commander';
import type { LocalEventResult } from '../local/run-event';
import { ruleCatalogue } from '../tasks/rules/catalogue';
import { toAsff } from '../tasks/shared/formats/asff';
import { toCsv } from '../tasks/shared/formats/csv';
import {
  type ExemptionInfo,
  type ExportContext,
  type ExportedFinding,
  fromDecidedFinding,
  fromEventMatch,
  type RuleInfo,
} from '../tasks/shared/formats/finding';
import { toOcsf } from '../tasks/shared/formats/ocsf';
import { CliError } from './errors';

const FORMATS = ['json', 'ocsf', 'asff', 'csv'] as const;
type Format = (typeof FORMATS)[number];

/** The file each format is written to under `--report DIR` (json: report.json, written anyway). */
const REPORT_FILES: Readonly<Record<Exclude<Format, 'json'>, string>> = {
  ocsf: 'report.ocsf.json',
  asff: 'report.asff.json',
  csv: 'findings.csv',
};

const VERSION = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf-8')) as { version: string })
  .version;

/** `--format`; `withReport`: the command has `--report DIR`, where the document is also written. */
const formatOption = (withReport: boolean) =>
  new Option(
    '--format <format>',
    `what stdout holds: json (Warden's report, = --json), ocsf (OCSF 1.8 findings, JSON array), asff (Security Hub findings, JSON array), csv${withReport ? `; with --report also written there as ${Object.values(REPORT_FILES).join(', ')}` : ''}`,
  ).choices(FORMATS);

/** The format asked for, `--json` being `--format json`; undefined for the human summary. */
function formatOf(flags: { readonly json?: boolean; readonly format?: Format }, usage: string): Format | undefined {
  if (flags.json === true && flags.format !== undefined && flags.format !== 'json')
    throw new CliError(`--json is --format json: give one of them, not --json with --format ${flags.format}`, {
      usage,
    });
  return flags.json === true ? 'json' : flags.format;
}

let rules: ReadonlyMap<string, RuleInfo> | undefined;

/** The catalogue as the mappers read it, built once. */
function ruleInfos(): ReadonlyMap<string, RuleInfo> {
  rules ??= new Map(ruleCatalogue().map((entry) => [entry.id, entry]));
  return rules;
}

/** Exemption items (as read from files or the store) by id; items without a usable id or reason are left out. */
function exemptionInfos(items: readonly unknown[]): Map<string, ExemptionInfo> {
  const out = new Map<string, ExemptionInfo>();
  for (const item of items) {
    const e = (typeof item === 'object' && item !== null ? item : {}) as Record<string, unknown>;
    if (typeof e.exemptionId !== 'string' || typeof e.reason !== 'string') continue;
    out.set(e.exemptionId, {
      exemptionId: e.exemptionId,
      reason: e.reason,
      ...(typeof e.approvedBy === 'string' ? { approvedBy: e.approvedBy } : {}),
      ...(typeof e.expiresAt === 'string' ? { expiresAt: e.expiresAt } : {}),
    });
  }
  return out;
}

function exportContext(input: {
  readonly aliases: ReadonlyMap<string, string>;
  readonly exemptions: readonly unknown[];
  readonly generatedAt?: Date;
}): ExportContext {
  return {
    rules: ruleInfos(),
    aliases: input.aliases,
    exemptions: exemptionInfos(input.exemptions),
    productVersion: VERSION,
    generatedAt: (input.generatedAt ?? new Date()).toISOString(),
  };
}

/** An event's findings: its resource findings, then its event rules' detections (none when it was ignored or rejected). */
function eventFindings(result: LocalEventResult, now: Date): ExportedFinding[] {
  const e = result.event ?? {};
  const time = e.time ?? now.toISOString();
  const outcomes = new Map(result.findingOutcomes.map((o) => [o.findingId, o]));
  const facts = {
    eventId: e.eventId ?? result.execution.name,
    accountId: result.target?.accountId ?? e.accountId ?? '',
    region: e.region ?? '',
    time,
    ...(e.eventName === undefined || e.eventName === '' ? {} : { eventName: e.eventName }),
    ...(e.originator?.display === undefined ? {} : { who: e.originator.display }),
    ...(e.sourceIp === undefined ? {} : { sourceIp: e.sourceIp }),
  };
  return [
    ...result.decisions.map((f) => fromDecidedFinding(f, outcomes.get(f.findingId), time)),
    ...result.notifications.map((n) => fromEventMatch(n, facts)),
  ];
}

/** The document of a non-json format, ending in a line break. */
function renderFindings(
  format: Exclude<Format, 'json'>,
  findings: readonly ExportedFinding[],
  context: ExportContext,
): string {
  switch (format) {
    case 'ocsf':
      return `${JSON.stringify(
        findings.map((f) => toOcsf(f, context)),
        null,
        2,
      )}\n`;
    case 'asff':
      return `${JSON.stringify(
        findings.map((f) => toAsff(f, context)),
        null,
        2,
      )}\n`;
    case 'csv':
      return toCsv(findings, context);
  }
}

export type { Format };
export { eventFindings, exportContext, FORMATS, formatOf, formatOption, REPORT_FILES, renderFindings, ruleInfos };
