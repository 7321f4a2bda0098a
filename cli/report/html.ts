/**
 * The sweep report as one self-contained HTML page (`warden sweep --report DIR` writes `index.html`),
 * built to stay usable at the scale of an organisation (200 accounts, thousands of findings): the
 * summary first (totals, severity breakdown, mode, whether anything was changed, what was not
 * swept), the heat map of rules × accounts in a scrolling box, the findings most severe first with
 * filters and 50 to a page, exemption problems (expired ones by name), unreachable accounts, what
 * the input held that was not swept, remediations with their API calls, drift by stack, and last,
 * folded, the execution graph — the state machine drawn as SVG with each state's visit count and
 * the failure path, as the Step Functions console shows it.
 *
 * Pure functions of the JSON report (DESIGN §4.5, read defensively: sections may be absent or gain
 * fields), the definition and the execution's trace. Everything from the data is escaped; the page
 * loads nothing (inline CSS, SVG and a few lines of JS), so it can be mailed or opened offline.
 */
import { type Decision, SEVERITIES, type Severity } from '../../tasks/shared/model';
import type { Trace } from '../history';
import { layoutDefinition, type PlacedEdge, type PlacedGraph, type PlacedNode } from './graph';

const DECISIONS: readonly Decision[] = ['REMEDIATE', 'NOTIFY', 'EXEMPT', 'NONE'];

interface HtmlReportInput {
  /** The `--json` report document. */
  readonly report: unknown;
  /** The state machine definition the execution ran. */
  readonly definition: unknown;
  /** What each state did; absent, the graph shows the states without counts. */
  readonly trace?: Trace;
  /** Where the resources came from (snapshot directory, live accounts, …). */
  readonly source?: string;
  readonly generatedAt: string;
}

type Json = Record<string, unknown>;

// --- defensive readers: the report may come from an older or newer Warden -------------------

function obj(value: unknown): Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : {};
}

function list(value: unknown): Json[] {
  return Array.isArray(value) ? value.map(obj) : [];
}

function text(value: unknown): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
}

function count(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

/** Escapes text for HTML content and quoted attribute values alike. */
function esc(value: unknown): string {
  return text(value)
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

function section(id: string, title: string, body: string, countLabel?: string): string {
  const badge = countLabel === undefined ? '' : ` <span class="pill">${esc(countLabel)}</span>`;
  return `<section id="${id}"><h2>${esc(title)}${badge}</h2>\n${body}\n</section>`;
}

function table(headers: readonly string[], rows: readonly string[], cls = ''): string {
  if (rows.length === 0) return '<p class="none">None.</p>';
  return `<table${cls ? ` class="${cls}"` : ''}><thead><tr>${headers.map((h) => `<th scope="col">${esc(h)}</th>`).join('')}</tr></thead><tbody>\n${rows.join('\n')}\n</tbody></table>`;
}

function tag(value: unknown, kind: string): string {
  return `<span class="tag ${esc(kind)}-${esc(String(text(value)).toLowerCase())}">${esc(value)}</span>`;
}

// --- sections -------------------------------------------------------------------------------

/** Most severe first; a severity this Warden does not know sorts last. */
function severityRank(severity: unknown): number {
  const i = SEVERITIES.indexOf(text(severity) as Severity);
  return i === -1 ? SEVERITIES.length : i;
}

/** Findings by severity, then rule, account, region and resource: the order the table shows them in. */
function sortedFindings(findings: readonly Json[]): Json[] {
  const key = (f: Json) => [text(f.ruleId), text(f.accountId), text(f.region), text(f.resourceId)];
  return [...findings].sort((a, b) => {
    const bySeverity = severityRank(a.severity) - severityRank(b.severity);
    if (bySeverity !== 0) return bySeverity;
    const [ka, kb] = [key(a), key(b)];
    for (let i = 0; i < ka.length; i++) {
      const c = (ka[i] ?? '').localeCompare(kb[i] ?? '');
      if (c !== 0) return c;
    }
    return 0;
  });
}

const exempt = (f: Json) => f.decision === 'EXEMPT';

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/** Remediation outcomes that changed (or may have changed) a resource. */
const CHANGED = new Set(['SUCCEEDED', 'SENT_UNVERIFIED', 'FAILED']);

/** The line that says whether this run changed anything in the accounts. */
function changeLine(report: Json, findings: readonly Json[]): string {
  const remediations = findings.map((f) => obj(f.remediation)).filter((r) => Object.keys(r).length > 0);
  const sent = remediations.filter((r) => CHANGED.has(text(r.outcome))).length;
  const planned = remediations.filter((r) => r.outcome === 'PLANNED').length;
  if (sent === 0) {
    const why =
      report.mode === 'audit'
        ? 'mode audit: findings are reported only'
        : report.dryRun === true
          ? `a planned run: ${planned} remediation${planned === 1 ? '' : 's'} planned, none sent`
          : 'no remediation was sent';
    return `<p class="changes nothing" id="changes"><strong>Nothing was changed</strong> in any account (${esc(why)}).</p>`;
  }
  return `<p class="changes sent" id="changes"><strong>${sent} remediation${sent === 1 ? ' was' : 's were'} sent</strong> to the accounts (${planned} only planned); see Remediations.</p>`;
}

/** What this sweep did not see: unreachable accounts, files not read, items not swept, expired exemptions. */
function gapsLine(report: Json): string {
  const accounts = list(report.accounts);
  const missed = accounts.filter((a) => a.status !== 'OK').length;
  const partial = accounts.filter((a) => a.status === 'OK' && list(a.regionErrors).length > 0).length;
  const notSwept = list(report.notSwept).reduce((n, e) => n + count(e.configurationItems), 0);
  const expired = list(obj(report.exemptions).expiredItems).length;
  const gaps = [
    missed > 0 ? `<a href="#unreachable">${missed} account${missed === 1 ? '' : 's'} not swept</a>` : '',
    partial > 0 ? `<a href="#unreachable">${partial} account${partial === 1 ? '' : 's'} swept in part</a>` : '',
    list(report.skippedFiles).length > 0
      ? `<a href="#notswept">${plural(list(report.skippedFiles).length, 'file')} not read</a>`
      : '',
    notSwept > 0 ? `<a href="#notswept">${notSwept} configuration items not swept</a>` : '',
    list(report.rejectedItems).length > 0
      ? `<a href="#notswept">${list(report.rejectedItems).length} items rejected</a>`
      : '',
    expired > 0 ? `<a href="#exemptions">${expired} expired exemption${expired === 1 ? '' : 's'}</a>` : '',
  ].filter((g) => g !== '');
  return gaps.length === 0
    ? '<p class="gaps none">Every account and every input file was swept.</p>'
    : `<p class="gaps" id="gaps"><strong>Not covered:</strong> ${gaps.join(' · ')}</p>`;
}

/** New and resolved since the last sweep of the same source (cli/findings-history.ts), when the report says. */
function sinceTiles(report: Json): [string, string][] {
  if (report.sinceLastSweep === null || report.sinceLastSweep === undefined) return [];
  const since = obj(report.sinceLastSweep);
  if (since.previousExecution === null || since.previousExecution === undefined)
    return [['New since the last sweep', '<span title="no earlier sweep of this source recorded">first sweep</span>']];
  const when = `since ${text(since.previousExecution)} (${text(since.previousAt)})`;
  return [
    ['New since the last sweep', `<span id="new-count" title="${esc(when)}">${esc(count(since.new))}</span>`],
    [
      'Resolved since the last sweep',
      `<span id="resolved-count" title="${esc(when)}">${esc(count(since.resolved))}</span>`,
    ],
  ];
}

function summarySection(report: Json, input: HtmlReportInput): string {
  const execution = obj(report.execution);
  const accounts = list(report.accounts);
  const findings = list(report.findings);
  const failing = findings.filter((f) => !exempt(f));
  const ok = accounts.filter((a) => a.status === 'OK').length;
  const decisions = DECISIONS.map(
    (d) => `<li>${tag(d, 'decision')} ${findings.filter((f) => f.decision === d).length}</li>`,
  );
  const severities = [...SEVERITIES, ...new Set(findings.map((f) => text(f.severity)))]
    .filter((s, i, all) => all.indexOf(s) === i)
    .filter((s) => SEVERITIES.includes(s as Severity) || findings.some((f) => f.severity === s));
  const severityRows = severities.map(
    (s) =>
      `<tr data-severity="${esc(s)}"><th scope="row">${tag(s, 'sev')}</th><td>${failing.filter((f) => f.severity === s).length}</td><td>${findings.filter((f) => exempt(f) && f.severity === s).length}</td></tr>`,
  );
  const tiles = [
    ['Status', tag(execution.status ?? 'UNKNOWN', 'status')],
    ['Mode', report.mode === undefined ? '–' : `${esc(report.mode)}${report.dryRun === true ? ' (dry run)' : ''}`],
    ['Resources evaluated', esc(count(report.resourcesEvaluated))],
    ['Accounts swept', `${ok} of ${accounts.length}`],
    ['Findings', `<span id="failing-count">${failing.length}</span>`],
    ['Exempt', esc(findings.length - failing.length)],
    ['Notifications', esc(list(report.notifications).length)],
    ...sinceTiles(report),
  ];
  return section(
    'summary',
    'Summary',
    `<p class="meta">Execution <code>${esc(execution.name)}</code>${input.source ? ` · source ${esc(input.source)}` : ''} · generated ${esc(input.generatedAt)}</p>
${changeLine(report, findings)}
${gapsLine(report)}
<div class="tiles">${tiles.map(([k, v]) => `<div class="tile"><div class="k">${esc(k)}</div><div class="v">${v}</div></div>`).join('')}</div>
<div class="breakdown"><table class="severities"><caption>Findings by severity (exempt ones apart)</caption><thead><tr><th scope="col">Severity</th><th scope="col">Findings</th><th scope="col">Exempt</th></tr></thead><tbody>${severityRows.join('')}</tbody></table>
<ul class="decisions" aria-label="Findings by decision">${decisions.join('')}</ul></div>`,
  );
}

/** The service a rule belongs to, from its id (`s3-bucket-encryption` → `s3`): the heat map's row groups. */
function serviceOf(ruleId: string): string {
  return ruleId.split('-')[0] || ruleId;
}

/**
 * Rules × accounts, one fixed-size cell per pair inside a scrolling box with sticky headers, so 200
 * accounts scroll inside the box rather than widening the page. A cell counts the pair's findings
 * that are not exempt; exempt ones are marked apart (E) and never counted. Rules without a finding
 * are summed up in one line, not drawn as empty rows.
 */
function heatmapSection(report: Json): string {
  const accounts = list(report.accounts);
  const findings = list(report.findings);
  const cells = new Map<string, { failing: number; exempt: number }>();
  for (const f of findings) {
    const key = `${text(f.ruleId)}\u0000${text(f.accountId)}`;
    const c = cells.get(key) ?? { failing: 0, exempt: 0 };
    if (exempt(f)) c.exempt += 1;
    else c.failing += 1;
    cells.set(key, c);
  }
  const evaluated = [...new Set([...Object.keys(obj(report.counts)), ...findings.map((f) => text(f.ruleId))])];
  const rules = [...new Set(findings.map((f) => text(f.ruleId)))].sort(
    (a, b) => serviceOf(a).localeCompare(serviceOf(b)) || a.localeCompare(b),
  );
  if (rules.length === 0 || accounts.length === 0)
    return section('heatmap', 'Findings by rule × account', '<p class="none">No findings.</p>');
  const max = Math.max(1, ...[...cells.values()].map((c) => c.failing));
  const head = accounts.map(
    (a) =>
      `<th scope="col" class="acct${a.status === 'OK' ? '' : ' unreachable'}" data-account="${esc(a.accountId)}" title="${esc(a.alias)} ${esc(a.accountId)} (${esc(a.status)})"><span>${esc(a.alias || a.accountId)}</span></th>`,
  );
  const reachable = accounts.map((a) => a.status === 'OK');
  const rows: string[] = [];
  let group = '';
  for (const rule of rules) {
    if (serviceOf(rule) !== group) {
      group = serviceOf(rule);
      const n = rules.filter((r) => serviceOf(r) === group).length;
      rows.push(
        `<tr class="group"><th scope="rowgroup" class="rule">${esc(group)} <small>${n} rule${n === 1 ? '' : 's'}</small></th><td colspan="${accounts.length}"></td></tr>`,
      );
    }
    // Cells carry only their level and counts (the script names rule and account on hover): 40,000 of
    // them stay small. The rule is on the row, the account on the column's header.
    const tds = accounts.map((a, i) => {
      if (!reachable[i]) return '<td class="u"></td>';
      const c = cells.get(`${rule}\u0000${text(a.accountId)}`);
      if (c === undefined) return '<td></td>';
      const level = c.failing === 0 ? 0 : Math.min(4, 1 + Math.floor((3 * c.failing) / max));
      return `<td class="l${level}${c.exempt > 0 ? ` ex" data-exempt="${c.exempt}` : ''}">${c.failing === 0 ? 'E' : c.failing}</td>`;
    });
    rows.push(`<tr data-rule="${esc(rule)}"><th scope="row" class="rule">${esc(rule)}</th>${tds.join('')}</tr>`);
  }
  const quiet = evaluated.length - rules.length;
  const body = `<div class="heatwrap" tabindex="0" role="region" aria-label="Heat map, scrolls both ways"><table class="heatmap"><thead><tr><th scope="col" class="corner">rule \\ account</th>${head.join('')}</tr></thead><tbody>${rows.join('')}</tbody></table></div>
<p class="hint">Findings that are not exempt, per rule and account (darker: more; hover a cell for its rule and account); <span class="key ex">E</span> an exempt finding there (not counted); <span class="key u"></span> an account that could not be swept. ${quiet > 0 ? `${quiet} more rule${quiet === 1 ? '' : 's'} evaluated found nothing in any account.` : ''}</p>`;
  return section(
    'heatmap',
    'Findings by rule × account',
    body,
    `${plural(rules.length, 'rule')} × ${plural(accounts.length, 'account')}`,
  );
}

/** The findings table's columns, in the order of each row of the embedded data. */
const FINDING_COLUMNS = [
  'severity',
  'decision',
  'ruleId',
  'accountId',
  'region',
  'resourceId',
  'arn',
  'message',
  'why',
  'new',
] as const;

/**
 * JSON for a `<script type="application/json">` element: `<` (so no `</script>` or `<!--` ends it),
 * `>`, `&` and the line separators U+2028/U+2029 written as escapes. The data is untrusted AWS text.
 */
function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replaceAll('<', '\\u003c')
    .replaceAll('>', '\\u003e')
    .replaceAll('&', '\\u0026')
    .replaceAll('\u2028', '\\u2028')
    .replaceAll('\u2029', '\\u2029');
}

/** Columns whose values repeat (a few severities, rules, accounts): written once, rows hold their index. */
const DICTIONARY_COLUMNS = new Set(['severity', 'decision', 'ruleId', 'accountId', 'region', 'why', 'new']);

/** The rows as the page's script reads them: `columns`, `dictionaries` (by column) and `rows`. */
function encodeRows(rows: readonly string[][]) {
  const dictionaries: Record<string, string[]> = {};
  const index = new Map<string, Map<string, number>>();
  for (const c of FINDING_COLUMNS) {
    if (!DICTIONARY_COLUMNS.has(c)) continue;
    dictionaries[c] = [];
    index.set(c, new Map());
  }
  const encoded = rows.map((row) =>
    row.map((value, i) => {
      const name = FINDING_COLUMNS[i] ?? '';
      const seen = index.get(name);
      const values = dictionaries[name];
      if (seen === undefined || values === undefined) return value;
      let at = seen.get(value);
      if (at === undefined) {
        at = values.push(value) - 1;
        seen.set(value, at);
      }
      return at;
    }),
  );
  return { columns: FINDING_COLUMNS, dictionaries, rows: encoded };
}

function why(f: Json): string {
  if (f.exemptionId) return `exemption ${text(f.exemptionId)}`;
  const r = obj(f.remediation);
  return Object.keys(r).length > 0 ? `${text(r.outcome)}: ${text(f.decisionReason)}` : text(f.decisionReason);
}

function options(label: string, id: string, values: readonly string[], shown = (v: string) => v): string {
  return `<label>${esc(label)} <select id="${id}"><option value="">all</option>${values.map((v) => `<option value="${esc(v)}">${esc(shown(v))}</option>`).join('')}</select></label>`;
}

/**
 * Every finding, most severe first, 50 to a page: the rows are drawn by the page's script from the
 * data embedded once as JSON (the filters choose among them), so 2,000 findings are neither 2,000
 * table rows in the file nor a page 300,000 px tall.
 */
function decisionsSection(report: Json): string {
  const findings = sortedFindings(list(report.findings));
  const since =
    report.sinceLastSweep === null || report.sinceLastSweep === undefined ? null : obj(report.sinceLastSweep);
  const accounts = new Map(list(report.accounts).map((a) => [text(a.accountId), text(a.alias)]));
  for (const f of findings) if (!accounts.has(text(f.accountId))) accounts.set(text(f.accountId), '');
  const rows = findings.map((f) => [
    text(f.severity),
    text(f.decision),
    text(f.ruleId),
    text(f.accountId),
    text(f.region),
    text(f.resourceId),
    text(f.arn),
    text(f.message),
    why(f),
    f.new === true ? 'new' : '',
  ]);
  const column = (name: (typeof FINDING_COLUMNS)[number]) => rows.map((r) => r[FINDING_COLUMNS.indexOf(name)] ?? '');
  const present = (values: string[], order: readonly string[] = []) =>
    [...new Set(values)].sort((a, b) => {
      const [ia, ib] = [order.indexOf(a), order.indexOf(b)];
      return ia !== ib ? (ia === -1 ? 1 : ib === -1 ? -1 : ia - ib) : a.localeCompare(b);
    });
  const filters = `<form class="filters" id="finding-filters" role="search" onsubmit="return false">
${options('Severity', 'filter-severity', present(column('severity'), SEVERITIES))}
${options('Decision', 'filter-decision', present(column('decision'), DECISIONS))}
${options('Rule', 'filter-rule', present(column('ruleId')))}
${options('Account', 'filter-account', present(column('accountId')), (id) => (accounts.get(id) ? `${accounts.get(id)} (${id})` : id))}
${since === null ? '' : '<label>Since the last sweep <select id="filter-new"><option value="">all</option><option value="new">new only</option></select></label>'}
<label>Text <input id="finding-filter" type="search" placeholder="resource, message…"></label>
</form>`;
  const pager = `<div class="pager"><button type="button" id="page-prev">‹ Previous</button> <span id="finding-status" aria-live="polite">${findings.length} findings</span> <button type="button" id="page-next">Next ›</button></div>`;
  const headers = ['Severity', 'Decision', 'Rule', 'Account/region', 'Resource', 'Finding', 'Why'];
  const tableHtml =
    findings.length === 0
      ? '<p class="none">None.</p>'
      : `${filters}${pager}<table class="findings"><colgroup><col class="c-sev"><col class="c-dec"><col class="c-rule"><col class="c-acct"><col class="c-res"><col class="c-msg"><col class="c-why"></colgroup><thead><tr>${headers.map((h) => `<th scope="col">${h}</th>`).join('')}</tr></thead><tbody></tbody></table>
<noscript><p class="none">The findings table is drawn by the page's script; report.json holds every finding.</p></noscript>
<script type="application/json" id="findings-data">${scriptJson(encodeRows(rows))}</script>`;
  return section('decisions', 'Findings', tableHtml, String(findings.length));
}

/** A long list of blocks folds away behind a summary line; a short one stays open. */
function folded(items: readonly string[], what: string, openUpTo = 10): string {
  if (items.length === 0) return '';
  const open = items.length <= openUpTo ? ' open' : '';
  return `<details${open}><summary>${items.length} ${esc(what)}</summary>${items.join('\n')}</details>`;
}

function remediationsSection(report: Json): string {
  const items = sortedFindings(list(report.findings)).filter(
    (f) => f.remediation !== null && f.remediation !== undefined,
  );
  const blocks = items.map((f) => {
    const r = obj(f.remediation);
    const calls = list(r.apiCalls).map(
      (c) =>
        `<li><code class="api">${esc(c.service)}:${esc(c.operation)}</code><pre>${esc(JSON.stringify(c.input ?? {}, null, 2))}</pre></li>`,
    );
    const iac = obj(r.iac);
    const iacLine =
      Object.keys(iac).length === 0
        ? ''
        : `<p class="iac">IaC: ${esc(iac.tool)}${iac.stack ? ` stack <code>${esc(iac.stack)}</code>` : ''}${iac.logicalId ? ` · <code>${esc(iac.logicalId)}</code>` : ''} · ${esc(iac.propertyPath)}: ${esc(iac.suggestedChange)}</p>`;
    return `<div class="remediation">
<h3>${tag(r.outcome, 'outcome')} ${esc(f.ruleId)} · <code>${esc(f.arn || f.resourceId)}</code></h3>
${r.error ? `<p class="error">${esc(r.error)}</p>` : ''}<ol class="calls">${calls.join('')}</ol>${iacLine}
</div>`;
  });
  return section(
    'remediations',
    'Remediations',
    blocks.length === 0 ? '<p class="none">None.</p>' : folded(blocks, 'remediations with their API calls'),
    String(blocks.length),
  );
}

function driftSection(report: Json): string {
  const groups = list(report.drift);
  const blocks = groups.map((g) => {
    const rows = list(g.receipts).map(
      (r) =>
        `<tr><td><code>${esc(r.logicalId || r.arn)}</code></td><td>${esc(r.ruleId)}</td><td>${esc(r.propertyPath)}</td><td>${esc(r.suggestedChange)}</td><td>${tag(r.outcome, 'outcome')}</td></tr>`,
    );
    return `<div class="drift"><h3>${esc(g.stack)} <small>${esc(g.tool)}${g.owner ? ` · owner ${esc(g.owner)}` : ''}</small></h3>
${table(['Resource', 'Rule', 'Property', 'Put into the template', 'Outcome'], rows)}</div>`;
  });
  return section(
    'drift',
    'Drift by stack',
    blocks.length === 0 ? '<p class="none">No remediation to carry into IaC.</p>' : folded(blocks, 'stacks'),
    String(groups.length),
  );
}

/** Where an exemption applies, in one line: rule, account, region, resource and tags. */
function scope(e: Json): string {
  const tags = Object.entries(obj(e.tags)).map(([k, v]) => `${k}=${text(v)}`);
  return `${text(e.ruleId)} · ${text(e.accountId)} · ${text(e.region)} · ${text(e.resource)}${tags.length > 0 ? ` · tags ${tags.join(', ')}` : ''}`;
}

function exemptionsSection(report: Json): string {
  const problems = list(report.exemptionProblems).map(
    (p) => `<tr><td><code>${esc(p.exemptionId)}</code></td><td>invalid</td><td>${esc(p.problem)}</td></tr>`,
  );
  const review = obj(report.exemptions);
  const expired = list(review.expiredItems).map(
    (e) =>
      `<tr class="expired"><td><code>${esc(e.exemptionId)}</code></td><td>expired</td><td>${esc(scope(e))}: expired ${esc(e.expiresAt)}; approved by ${esc(e.approvedBy)}, requested by ${esc(e.requestedBy)}${e.ticket ? ` (${esc(e.ticket)})` : ''}. It exempts nothing now.</td></tr>`,
  );
  const expiring = list(review.expiringSoon).map(
    (e) =>
      `<tr><td><code>${esc(e.exemptionId)}</code></td><td>expiring</td><td>${esc(e.ruleId)} ${esc(e.accountId)} ${esc(e.resource)}: expires ${esc(e.expiresAt)}${e.daysLeft !== undefined ? ` (${esc(e.daysLeft)} days)` : ''}, requested by ${esc(e.requestedBy)}</td></tr>`,
  );
  const stale = list(review.stale).map(
    (e) =>
      `<tr><td><code>${esc(e.exemptionId)}</code></td><td>stale</td><td>${esc(e.ruleId)} ${esc(e.accountId)} ${esc(e.resource)}: exempted nothing in this sweep</td></tr>`,
  );
  const policy = list(review.policy).map(
    (p) =>
      `<tr><td><code>${esc(p.exemptionId)}</code></td><td>policy</td><td>${esc(p.accountId)}: ${esc(p.problem)} (${p.honoured ? 'honoured until fixed' : 'not honoured: notified, never remediated'})</td></tr>`,
  );
  const error = review.error ? `<p class="error">The exemption review failed: ${esc(review.error)}</p>` : '';
  const rows = [...problems, ...expired, ...policy, ...expiring, ...stale];
  return section(
    'exemptions',
    'Exemption problems',
    error + table(['Exemption', 'Problem', 'Detail'], rows),
    String(rows.length),
  );
}

function unreachableSection(report: Json): string {
  const rows = list(report.accounts).flatMap((a) => {
    const regionErrors = list(a.regionErrors).map(
      (r) =>
        `<tr><td>${esc(a.alias)} <small>${esc(a.accountId)}</small></td><td>${tag('PARTIAL', 'status')} ${esc(r.region)}</td><td>${esc(r.error)}</td></tr>`,
    );
    const whole =
      a.status !== 'OK' || a.error
        ? [
            `<tr><td>${esc(a.alias)} <small>${esc(a.accountId)}</small></td><td>${tag(a.status, 'status')}</td><td>${esc(a.error)}</td></tr>`,
          ]
        : [];
    return [...whole, ...regionErrors];
  });
  return section(
    'unreachable',
    'Unreachable accounts',
    table(['Account', 'Status', 'Error'], rows),
    String(list(report.accounts).filter((a) => a.status !== 'OK').length),
  );
}

/** Offline: the snapshot's items no account-region sweep read, the files not read and the items rejected. */
function notSweptSection(report: Json): string {
  const notSwept = list(report.notSwept);
  const rows = [
    ...notSwept.map(
      (e) =>
        `<tr><td>${esc(e.accountId)}</td><td>${esc(e.region)}</td><td>${count(e.configurationItems)} configuration items</td><td>${esc(e.reason)}</td></tr>`,
    ),
    ...list(report.skippedFiles).map(
      (f) => `<tr><td colspan="2"><code>${esc(f.file)}</code></td><td>file not read</td><td>${esc(f.reason)}</td></tr>`,
    ),
    ...list(report.rejectedItems).map(
      (r) =>
        `<tr><td>${esc(r.accountId)}</td><td>${esc(r.region)}</td><td>rejected: <code>${esc(r.file)}</code> item ${esc(r.index)}</td><td>${esc(r.error)}</td></tr>`,
    ),
  ];
  const total = notSwept.reduce((n, e) => n + count(e.configurationItems), 0);
  return section(
    'notswept',
    'Not swept',
    rows.length === 0
      ? '<p class="none">Every configuration item of the input was swept.</p>'
      : table(['Account', 'Region', 'What', 'Why'], rows),
    String(total),
  );
}

// --- the execution graph --------------------------------------------------------------------

function graphSection(input: HtmlReportInput): string {
  let placed: PlacedGraph;
  try {
    placed = layoutDefinition(input.definition);
  } catch (error) {
    return section('graph', 'Execution graph', `<p class="error">No graph: ${esc((error as Error).message)}</p>`);
  }
  const svg = renderGraphSvg(placed, input.trace);
  const legend = `<ul class="legend">
<li><span class="sw ok"></span>ran</li><li><span class="sw caught"></span>failed, caught</li><li><span class="sw failed"></span>failed</li><li><span class="sw idle"></span>not entered</li><li><span class="sw path"></span>catch taken (×count)</li><li><span class="sw onpath"></span>reached through a catch</li></ul>`;
  // Folded: at the end of the page and closed, so the findings come first.
  return section(
    'graph',
    'Execution graph',
    `<details id="graph-details"><summary>Show the state machine with each state's visits and the failure path</summary><div class="graph">${svg}</div>${legend}</details>`,
  );
}

function renderGraphSvg(graph: PlacedGraph, trace: Trace | undefined): string {
  const taken = new Map((trace?.catches ?? []).map((c) => [`${c.from}\u0000${c.to}`, c.count]));
  const parts: string[] = [];
  const drawGraph = (g: PlacedGraph) => {
    for (const n of g.nodes) drawNode(n);
    for (const e of g.edges) drawEdge(e);
  };
  const drawNode = (p: PlacedNode) => {
    const visits = trace?.states[p.node.name];
    const entered = visits?.entered ?? 0;
    const failed = visits?.failed ?? 0;
    const catches = [...taken].filter(([k]) => k.startsWith(`${p.node.name}\u0000`));
    const status =
      trace === undefined
        ? 'plain'
        : p.node.type === 'Fail' && entered > 0
          ? 'failed'
          : failed > 0
            ? catches.length > 0
              ? 'caught'
              : 'failed'
            : entered > 0
              ? 'ok'
              : 'idle';
    const onPath = [...taken.keys()].some((k) => k.endsWith(`\u0000${p.node.name}`));
    const { x, y, w, h } = p.box;
    const title = [
      `${p.node.name} (${p.node.type}${p.node.distributed ? ', distributed' : ''})`,
      trace === undefined
        ? ''
        : `entered ${entered}${failed ? ` · failed ${failed}` : ''}${visits?.retried ? ` · retried ${visits.retried}` : ''}`,
      visits?.errors.length ? `errors: ${visits.errors.join(', ')}` : '',
    ]
      .filter((s) => s !== '')
      .join('\n');
    const attrs = `class="state ${status}${onPath ? ' on-path' : ''}${p.children.length > 0 ? ' container' : ''}" data-state="${esc(p.node.name)}" data-type="${esc(p.node.type)}" data-visits="${entered}" data-failed="${failed}"`;
    const badge = trace === undefined ? '' : `×${entered}`;
    if (p.children.length > 0) {
      // Each iteration (or branch run) enters the child graph's StartAt once.
      const iterations = p.children.reduce((s, c) => s + (trace?.states[c.startAt]?.entered ?? 0), 0);
      const kind = p.node.type === 'Map' ? (p.node.distributed ? 'Distributed Map' : 'Map') : p.node.type;
      parts.push(
        `<g ${attrs}><title>${esc(title)}</title><rect class="box" x="${x}" y="${y}" width="${w}" height="${h}" rx="8"/><text class="name" x="${x + 12}" y="${y + 20}">${esc(p.node.name)}</text><text class="kind" x="${x + w - 12}" y="${y + 20}" text-anchor="end">${esc(kind)}${trace === undefined ? '' : ` · ${esc(badge)} · ${iterations} iterations`}</text></g>`,
      );
      for (const child of p.children) drawGraph(child);
      return;
    }
    parts.push(
      `<g ${attrs}><title>${esc(title)}</title><rect class="box" x="${x}" y="${y}" width="${w}" height="${h}" rx="6"/><text class="name" x="${x + 12}" y="${y + h / 2 + 4}">${esc(p.node.name)}</text>${badge ? `<text class="count" x="${x + w - 10}" y="${y + h / 2 + 4}" text-anchor="end">${esc(badge)}</text>` : ''}</g>`,
    );
  };
  const drawEdge = (p: PlacedEdge) => {
    const n = p.edge.kind === 'catch' ? (taken.get(`${p.edge.from}\u0000${p.edge.to}`) ?? 0) : 0;
    const cls = `edge ${p.edge.kind}${n > 0 ? ' taken' : ''}`;
    const label =
      p.edge.kind === 'catch' && n > 0
        ? `<text class="edge-label" x="${p.label.x + 4}" y="${p.label.y}">×${n}</text>`
        : '';
    const title = p.edge.kind === 'catch' ? `<title>Catch ${esc((p.edge.errors ?? []).join(', '))}</title>` : '';
    parts.push(
      `<g class="${cls}" data-from="${esc(p.edge.from)}" data-to="${esc(p.edge.to)}" data-count="${n}">${title}<path d="${p.path}" marker-end="url(#${n > 0 ? 'arrow-fail' : 'arrow'})"/>${label}</g>`,
    );
  };
  drawGraph(graph);
  // Containers first so the states inside them are drawn on top; edges last so arrows stay visible.
  const containers = parts.filter((s) => s.includes(' container"'));
  const states = parts.filter((s) => s.startsWith('<g class="state') && !s.includes(' container"'));
  const edges = parts.filter((s) => s.startsWith('<g class="edge'));
  return `<svg xmlns="http://www.w3.org/2000/svg" class="execution-graph" width="${Math.ceil(graph.width)}" height="${Math.ceil(graph.height)}" viewBox="0 0 ${Math.ceil(graph.width)} ${Math.ceil(graph.height)}" role="img" aria-label="Execution graph">
<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#687078"/></marker><marker id="arrow-fail" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#d13212"/></marker></defs>
${[...containers, ...edges, ...states].join('\n')}
</svg>`;
}

// --- the page -------------------------------------------------------------------------------

const STYLE = `
:root{--ok:#1d8102;--fail:#d13212;--warn:#ff9900;--idle:#aab7b8;--ink:#16191f;--muted:#5f6b7a;--line:#e9ebed;--bg:#fafafa}
*{box-sizing:border-box}body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;color:var(--ink);background:var(--bg)}
header{background:#232f3e;color:#fff;padding:16px 28px}header h1{margin:0;font-size:20px}header p{margin:4px 0 0;color:#d5dbdb}
nav{padding:8px 28px;background:#fff;border-bottom:1px solid var(--line);position:sticky;top:0;z-index:1}nav a{margin-right:14px;color:#0972d3;text-decoration:none}
main{padding:8px 28px 40px}section{scroll-margin-top:44px;background:#fff;border:1px solid var(--line);border-radius:8px;padding:12px 20px;margin:16px 0}
h2{font-size:17px;margin:4px 0 12px}h3{font-size:14px;margin:12px 0 6px}.pill{background:#e9ebed;border-radius:10px;padding:1px 8px;font-size:12px;color:var(--muted)}
.meta,.hint,.none{color:var(--muted)}.tiles{display:flex;flex-wrap:wrap;gap:12px}.tile{border:1px solid var(--line);border-radius:6px;padding:6px 12px;min-width:120px}.tile .k{color:var(--muted);font-size:12px}.tile .v{font-size:20px;font-weight:600}
.decisions{list-style:none;padding:0;display:flex;gap:16px}table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid var(--line);padding:5px 8px;text-align:left;vertical-align:top}th{background:#f2f3f3;font-weight:600}
main{max-width:100vw}td{overflow-wrap:anywhere}
.changes{padding:8px 12px;border-radius:6px;margin:6px 0}.changes.nothing{background:#e8f5e0;color:#1d5c02}.changes.sent{background:#fde7e2;color:#8f1d0a}.gaps{margin:6px 0}
.breakdown{display:flex;flex-wrap:wrap;gap:24px;align-items:flex-start;margin-top:12px}.severities{width:auto}.severities caption{text-align:left;color:var(--muted);font-size:12px;padding-bottom:4px}.severities td{text-align:right;min-width:70px}
.heatwrap{overflow:auto;max-width:100%;max-height:460px;border:1px solid var(--line);border-radius:6px}
.heatmap{width:auto;border-collapse:separate;border-spacing:0;font-size:11px}.heatmap th,.heatmap td{padding:0;border-bottom:1px solid var(--line);border-right:1px solid #f2f3f3}
.heatmap thead th{position:sticky;top:0;z-index:2;background:#f2f3f3}.heatmap th.rule,.heatmap th.corner{position:sticky;left:0;z-index:1;background:#fff;white-space:nowrap;padding:0 8px;max-width:260px;overflow:hidden;text-overflow:ellipsis}.heatmap th.corner{z-index:3;background:#f2f3f3;vertical-align:bottom}
th.acct{width:24px;min-width:24px;max-width:24px;height:96px;vertical-align:bottom}th.acct span{writing-mode:vertical-rl;transform:rotate(180deg);display:block;max-height:92px;overflow:hidden;white-space:nowrap;margin:2px auto;font-weight:500}
.heatmap td{width:24px;min-width:24px;max-width:24px;height:20px;text-align:center;font-weight:600}th.rule{font-family:ui-monospace,monospace;font-weight:500}tr.group th{background:#f7f7f7!important;font-family:inherit;font-weight:600}tr.group td{background:#f7f7f7}
.heatmap td.l1{background:#fbd5cb}.heatmap td.l2{background:#f4a28f}.heatmap td.l3{background:#e66a4f;color:#fff}.heatmap td.l4{background:#b3250b;color:#fff}.heatmap td.l0.ex{background:#e6f0fb;color:#0a4a8f}.heatmap td.ex{box-shadow:inset 0 -3px 0 #0a72d3}
.heatmap td.u,th.acct.unreachable,.key.u{background:repeating-linear-gradient(45deg,#f2f3f3,#f2f3f3 4px,#e2e4e6 4px,#e2e4e6 8px)}.key{display:inline-block;min-width:18px;height:14px;text-align:center;font-size:11px;font-weight:600;vertical-align:middle;border-radius:2px}.key.ex{background:#e6f0fb;color:#0a4a8f}
.filters{display:flex;flex-wrap:wrap;gap:10px 16px;align-items:center;margin:4px 0 8px}.filters select{max-width:260px;padding:3px 4px}.pager{margin:6px 0;display:flex;gap:12px;align-items:center}.pager button{padding:3px 10px}
table.findings{table-layout:fixed;font-size:13px;line-height:1.3}table.findings td{padding:2px 6px}.c-sev{width:100px}.c-dec{width:100px}.c-rule{width:190px}.c-acct{width:128px}.c-res{width:150px}.c-why{width:170px}
details>summary{cursor:pointer;color:#0972d3;margin:4px 0}
.tag.new{background:#0972d3;color:#fff}.tag{display:inline-block;white-space:nowrap;border-radius:4px;padding:0 6px;font-size:12px;font-weight:600;background:#e9ebed}
.decision-remediate,.status-failed,.status-unreachable,.outcome-failed,.sev-critical,.sev-high{background:#fde7e2;color:#8f1d0a}.decision-notify,.sev-medium,.status-partial,.outcome-skipped_loop{background:#fff3dc;color:#8a5300}.decision-exempt{background:#e6f0fb;color:#0a4a8f}.status-succeeded,.status-ok,.outcome-succeeded{background:#e8f5e0;color:#1d5c02}.outcome-planned{background:#eaeefb;color:#33438f}
code,pre{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:12px}pre{background:#f7f7f7;border:1px solid var(--line);border-radius:4px;padding:6px 8px;margin:4px 0;overflow:auto;max-height:180px}
.remediation{border-top:1px solid var(--line);padding-top:4px}.calls{margin:4px 0;padding-left:20px}.error{color:var(--fail)}td.res{font-family:ui-monospace,monospace;font-size:12px}
input[type=search]{width:240px;max-width:100%;padding:5px 8px;border:1px solid #aab7b8;border-radius:4px}
.graph{overflow:auto;border:1px solid var(--line);border-radius:6px;background:#fff}
.execution-graph text{font-size:12.5px;fill:var(--ink)}.execution-graph .name{font-weight:600}.execution-graph .count,.execution-graph .kind{fill:var(--muted);font-size:11.5px}
.state .box{fill:#fff;stroke:var(--idle);stroke-width:1.5}.state.ok .box{fill:#f2faee;stroke:var(--ok)}.state.caught .box{fill:#fff6e6;stroke:var(--warn);stroke-width:2}.state.failed .box{fill:#fdeeea;stroke:var(--fail);stroke-width:2}.state.idle .box{fill:#f8f8f8;stroke:var(--idle);stroke-dasharray:4 3}.state.idle text{fill:#879596}
.state.on-path .box{stroke:var(--fail);stroke-width:2.2}.state.container .box{fill:none;stroke-dasharray:6 4}.state.container.ok .box,.state.container.caught .box{fill:rgba(29,129,2,.03)}
.edge path{fill:none;stroke:#879596;stroke-width:1.4}.edge.catch path{stroke-dasharray:5 4;stroke:#c6c6cd}.edge.catch.taken path{stroke:var(--fail);stroke-width:2.2;stroke-dasharray:none}.edge-label{fill:var(--fail)!important;font-weight:700}
.legend{list-style:none;padding:0;display:flex;gap:18px;color:var(--muted);font-size:12px}.sw{display:inline-block;width:14px;height:10px;border:2px solid;border-radius:3px;margin-right:5px;vertical-align:middle}.sw.ok{border-color:var(--ok)}.sw.caught{border-color:var(--warn)}.sw.failed{border-color:var(--fail);background:#fdeeea}.sw.idle{border-color:var(--idle);border-style:dashed}.sw.path{border:0;border-top:3px solid var(--fail);height:0}.sw.onpath{border-color:var(--fail);background:#f2faee}
`;

// The findings table: rows drawn from the embedded JSON (never as HTML: every value goes in as
// text), narrowed by the filters and shown 50 to a page. No data is written into the script itself.
const SCRIPT = `
const source = document.getElementById('findings-data');
const body = document.querySelector('table.findings tbody');
if (source && body) {
  const data = JSON.parse(source.textContent);
  const at = Object.fromEntries(data.columns.map((c, i) => [c, i]));
  const decode = data.columns.map((c) => data.dictionaries[c]);
  data.rows = data.rows.map((row) => row.map((v, i) => (decode[i] ? decode[i][v] : v)));
  const PAGE = 50;
  let page = 0;
  const $ = (id) => document.getElementById(id);
  const selects = { severity: $('filter-severity'), decision: $('filter-decision'), ruleId: $('filter-rule'), accountId: $('filter-account'), new: $('filter-new') };
  const search = $('finding-filter');
  const status = $('finding-status');
  const matches = (row) => Object.entries(selects).every(([col, el]) => !el || el.value === '' || row[at[col]] === el.value)
    && (search.value === '' || row.join(' ').toLowerCase().includes(search.value.toLowerCase()));
  const cell = (value, cls) => {
    const td = document.createElement('td');
    if (cls) {
      const span = document.createElement('span');
      span.className = 'tag ' + cls + '-' + String(value).toLowerCase();
      span.textContent = value;
      td.append(span);
    } else td.textContent = value;
    return td;
  };
  const draw = (row) => {
    const tr = document.createElement('tr');
    tr.dataset.decision = row[at.decision];
    tr.dataset.severity = row[at.severity];
    const res = cell(row[at.resourceId]);
    res.className = 'res';
    res.title = row[at.arn];
    const severity = cell(row[at.severity], 'sev');
    if (row[at.new] === 'new') {
      const badge = document.createElement('span');
      badge.className = 'tag new';
      badge.textContent = 'NEW';
      badge.title = 'first seen in this sweep';
      severity.append(' ', badge);
      tr.dataset.new = 'true';
    }
    tr.append(severity, cell(row[at.decision], 'decision'), cell(row[at.ruleId]), cell(row[at.accountId] + ' ' + row[at.region]), res, cell(row[at.message]), cell(row[at.why]));
    return tr;
  };
  const render = () => {
    const rows = data.rows.filter(matches);
    const pages = Math.max(1, Math.ceil(rows.length / PAGE));
    page = Math.min(page, pages - 1);
    body.replaceChildren(...rows.slice(page * PAGE, (page + 1) * PAGE).map(draw));
    status.textContent = rows.length + ' of ' + data.rows.length + ' findings · page ' + (page + 1) + ' of ' + pages;
    status.dataset.matches = rows.length;
    status.dataset.page = page + 1;
    $('page-prev').disabled = page === 0;
    $('page-next').disabled = page >= pages - 1;
  };
  for (const el of [...Object.values(selects), search]) if (el) el.addEventListener('input', () => { page = 0; render(); });
  $('page-prev').addEventListener('click', () => { page -= 1; render(); });
  $('page-next').addEventListener('click', () => { page += 1; render(); });
  render();
}
// Heat map cells name their rule and account on hover, from the row and the column header.
const heat = document.querySelector('table.heatmap');
if (heat) heat.addEventListener('mouseover', (event) => {
  const td = event.target.closest('td');
  if (!td || td.title || td.textContent === '') return;
  const rule = td.parentElement.dataset.rule;
  const th = heat.tHead.rows[0].cells[td.cellIndex];
  if (!rule || !th) return;
  const n = td.textContent === 'E' ? 0 : Number(td.textContent);
  td.title = rule + ' · ' + th.title + ': ' + n + ' finding' + (n === 1 ? '' : 's') + (td.dataset.exempt ? ', ' + td.dataset.exempt + ' exempt' : '');
});
`;

function renderHtmlReport(input: HtmlReportInput): string {
  const report = obj(input.report);
  const execution = obj(report.execution);
  const parts = [
    ['summary', 'Summary', summarySection(report, input)],
    ['heatmap', 'Heat map', heatmapSection(report)],
    ['decisions', 'Findings', decisionsSection(report)],
    ['exemptions', 'Exemptions', exemptionsSection(report)],
    ['unreachable', 'Unreachable', unreachableSection(report)],
    ['notswept', 'Not swept', notSweptSection(report)],
    ['remediations', 'Remediations', remediationsSection(report)],
    ['drift', 'Drift', driftSection(report)],
    ['graph', 'Execution graph', graphSection(input)],
  ];
  const nav = parts.map(([id, label]) => `<a href="#${id}">${label}</a>`).join('');
  const failing = list(report.findings).filter((f) => !exempt(f)).length;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<title>Warden sweep ${esc(execution.name)}</title><style>${STYLE}</style></head>
<body><header><h1>Warden sweep <code>${esc(execution.name)}</code></h1><p>${esc(execution.status)} · ${count(report.resourcesEvaluated)} resources evaluated · ${failing} findings</p></header>
<nav aria-label="Sections">${nav}</nav><main>
${parts.map(([, , html]) => html).join('\n')}
</main><script>${SCRIPT}</script></body></html>
`;
}

export type { HtmlReportInput };
export { esc, renderGraphSvg, renderHtmlReport, scriptJson };
