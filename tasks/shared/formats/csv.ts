/**
 * Findings as CSV for spreadsheets (RFC 4180: comma-separated, CRLF line ends, fields with a comma,
 * quote or line break quoted, quotes doubled), one row per finding with the columns an auditor
 * asks for. Resource names, tags and messages are untrusted text: a cell that a spreadsheet would
 * read as a formula (starting with `=`, `+`, `-`, `@`, a tab or a carriage return) gets a leading
 * `'`, as OWASP's CSV-injection guidance says, so opening the file never runs anything.
 */
import { stringify } from 'csv-stringify/sync';
import type { ExportContext, ExportedFinding } from './finding';

const CSV_COLUMNS = [
  'account',
  'alias',
  'region',
  'resource',
  'resourceType',
  'resourceId',
  'rule',
  'title',
  'controls',
  'severity',
  'status',
  'decision',
  'exemption',
  'exemptionReason',
  'remediation',
  'message',
  'observedAt',
  'findingId',
] as const;

type CsvColumn = (typeof CSV_COLUMNS)[number];

/** A cell a spreadsheet would evaluate, made plain text. */
function defused(cell: string): string {
  return /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}

function rowOf(f: ExportedFinding, context: ExportContext): Record<CsvColumn, string> {
  const rule = context.rules.get(f.ruleId);
  const exemption = f.exemptionId === undefined ? undefined : context.exemptions?.get(f.exemptionId);
  return {
    account: f.accountId,
    alias: context.aliases?.get(f.accountId) ?? '',
    region: f.region,
    resource: f.arn,
    resourceType: f.resourceType,
    resourceId: f.resourceId,
    rule: f.ruleId,
    title: rule?.title ?? '',
    controls: (rule?.controls ?? []).join('; '),
    severity: f.severity,
    status: f.status,
    decision: f.decision,
    exemption: f.exemptionId ?? '',
    exemptionReason: exemption?.reason ?? '',
    remediation: f.remediation?.outcome ?? '',
    message: f.message,
    observedAt: f.observedAt,
    findingId: f.findingId,
  };
}

/** The CSV document: a header row, then one row per finding. */
function toCsv(findings: readonly ExportedFinding[], context: ExportContext): string {
  const rows = findings.map((f) => {
    const row = rowOf(f, context);
    return CSV_COLUMNS.map((c) => defused(row[c]));
  });
  return stringify([[...CSV_COLUMNS], ...rows], { record_delimiter: 'windows', quoted_match: /^\s|\s$/ });
}

export type { CsvColumn };
export { CSV_COLUMNS, defused, toCsv };
