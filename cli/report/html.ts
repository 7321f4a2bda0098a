/**
 * The sweep report as one self-contained HTML page (`warden sweep --report DIR` writes `index.html`):
 * summary, findings by rule × account, decisions, remediations with their API calls, drift by stack,
 * exemption problems, unreachable accounts, and the execution graph — the state machine drawn as SVG
 * with each state's visit count and the failure path, as the Step Functions console shows it.
 *
 * Pure functions of the JSON report (DESIGN §4.5, read defensively: sections may be absent or gain
 * fields), the definition and the execution's trace. Everything from the data is escaped; the page
 * loads nothing (inline CSS, SVG and a few lines of JS), so it can be mailed or opened offline.
 */
import type { Trace } from '../history';
import { layoutDefinition, type PlacedEdge, type PlacedGraph, type PlacedNode } from './graph';

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
  return `<table${cls ? ` class="${cls}"` : ''}><thead><tr>${headers.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>\n${rows.join('\n')}\n</tbody></table>`;
}

function tag(value: unknown, kind: string): string {
  return `<span class="tag ${esc(kind)}-${esc(String(text(value)).toLowerCase())}">${esc(value)}</span>`;
}

// --- sections -------------------------------------------------------------------------------

function summarySection(report: Json, input: HtmlReportInput): string {
  const execution = obj(report.execution);
  const accounts = list(report.accounts);
  const findings = list(report.findings);
  const ok = accounts.filter((a) => a.status === 'OK').length;
  const decisions = ['REMEDIATE', 'NOTIFY', 'EXEMPT', 'NONE'].map(
    (d) => `<li>${tag(d, 'decision')} ${findings.filter((f) => f.decision === d).length}</li>`,
  );
  const tiles = [
    ['Status', tag(execution.status ?? 'UNKNOWN', 'status')],
    ['Resources evaluated', esc(count(report.resourcesEvaluated))],
    ['Accounts swept', `${ok} of ${accounts.length}`],
    ['Findings', esc(findings.length)],
    ['Notifications', esc(list(report.notifications).length)],
    ['State transitions', esc(count(execution.stateTransitions))],
  ];
  return section(
    'summary',
    'Summary',
    `<p class="meta">Execution <code>${esc(execution.name)}</code>${input.source ? ` · source ${esc(input.source)}` : ''} · generated ${esc(input.generatedAt)}</p>
<div class="tiles">${tiles.map(([k, v]) => `<div class="tile"><div class="k">${esc(k)}</div><div class="v">${v}</div></div>`).join('')}</div>
<ul class="decisions">${decisions.join('')}</ul>`,
  );
}

function heatmapSection(report: Json): string {
  const accounts = list(report.accounts);
  const findings = list(report.findings);
  const rules = [...new Set([...Object.keys(obj(report.counts)), ...findings.map((f) => text(f.ruleId))])].sort();
  const cell = new Map<string, number>();
  for (const f of findings) {
    const key = `${text(f.ruleId)}\u0000${text(f.accountId)}`;
    cell.set(key, (cell.get(key) ?? 0) + 1);
  }
  const max = Math.max(1, ...cell.values());
  const head = accounts.map(
    (a) =>
      `<th class="acct" title="${esc(a.accountId)}">${esc(a.alias || a.accountId)}<br><small>${esc(a.accountId)}</small></th>`,
  );
  const rows = rules.map((rule) => {
    const cells = accounts.map((a) => {
      if (a.status !== 'OK')
        return `<td class="heat unreachable" data-rule="${esc(rule)}" data-account="${esc(a.accountId)}" title="${esc(a.status)}">–</td>`;
      const n = cell.get(`${rule}\u0000${text(a.accountId)}`) ?? 0;
      const alpha = n === 0 ? 0 : 0.15 + 0.75 * (n / max);
      return `<td class="heat" data-rule="${esc(rule)}" data-account="${esc(a.accountId)}" data-count="${n}" style="background:rgba(209,50,18,${alpha.toFixed(2)})">${n === 0 ? '' : n}</td>`;
    });
    return `<tr><th class="rule">${esc(rule)}</th>${cells.join('')}</tr>`;
  });
  const body =
    rules.length === 0 || accounts.length === 0
      ? '<p class="none">No rules or accounts.</p>'
      : `<table class="heatmap"><thead><tr><th>rule \\ account</th>${head.join('')}</tr></thead><tbody>${rows.join('')}</tbody></table>
<p class="hint">Non-compliant and error findings per rule and account; – marks an account that could not be swept.</p>`;
  return section('heatmap', 'Findings by rule × account', body);
}

function decisionsSection(report: Json): string {
  const rows = list(report.findings).map(
    (f) =>
      `<tr data-decision="${esc(f.decision)}"><td>${tag(f.decision, 'decision')}</td><td>${esc(f.ruleId)}</td><td>${tag(f.severity, 'sev')}</td><td>${esc(f.accountId)}/${esc(f.region)}</td><td class="res" title="${esc(f.arn)}">${esc(f.resourceId)}</td><td>${esc(f.message)}</td><td>${f.exemptionId ? `exemption <code>${esc(f.exemptionId)}</code>` : esc(f.decisionReason)}</td></tr>`,
  );
  const filter =
    rows.length === 0
      ? ''
      : '<p><input id="finding-filter" type="search" placeholder="Filter findings (rule, account, resource…)" aria-label="Filter findings"></p>';
  return section(
    'decisions',
    'Decisions',
    filter + table(['Decision', 'Rule', 'Severity', 'Account/region', 'Resource', 'Finding', 'Why'], rows, 'findings'),
    String(rows.length),
  );
}

function remediationsSection(report: Json): string {
  const items = list(report.findings).filter((f) => f.remediation !== null && f.remediation !== undefined);
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
    blocks.length === 0 ? '<p class="none">None.</p>' : blocks.join('\n'),
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
    blocks.length === 0 ? '<p class="none">No remediation to carry into IaC.</p>' : blocks.join('\n'),
    String(groups.length),
  );
}

function exemptionsSection(report: Json): string {
  const problems = list(report.exemptionProblems).map(
    (p) => `<tr><td><code>${esc(p.exemptionId)}</code></td><td>invalid</td><td>${esc(p.problem)}</td></tr>`,
  );
  const review = obj(report.exemptions);
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
  const rows = [...problems, ...policy, ...expiring, ...stale];
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
  return section('graph', 'Execution graph', `<div class="graph">${svg}</div>${legend}`);
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
main{padding:8px 28px 40px}section{background:#fff;border:1px solid var(--line);border-radius:8px;padding:12px 20px;margin:16px 0}
h2{font-size:17px;margin:4px 0 12px}h3{font-size:14px;margin:12px 0 6px}.pill{background:#e9ebed;border-radius:10px;padding:1px 8px;font-size:12px;color:var(--muted)}
.meta,.hint,.none{color:var(--muted)}.tiles{display:flex;flex-wrap:wrap;gap:12px}.tile{border:1px solid var(--line);border-radius:6px;padding:8px 14px;min-width:140px}.tile .k{color:var(--muted);font-size:12px}.tile .v{font-size:20px;font-weight:600}
.decisions{list-style:none;padding:0;display:flex;gap:16px}table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid var(--line);padding:5px 8px;text-align:left;vertical-align:top}th{background:#f2f3f3;font-weight:600}
.heatmap{width:auto}.heatmap td.heat{text-align:center;min-width:78px;font-weight:600}.heatmap td.unreachable{background:repeating-linear-gradient(45deg,#f2f3f3,#f2f3f3 4px,#e9ebed 4px,#e9ebed 8px);color:var(--muted)}th.rule{font-family:ui-monospace,monospace;font-weight:500;background:#fff}th.acct{text-align:center}
.tag{display:inline-block;border-radius:4px;padding:0 6px;font-size:12px;font-weight:600;background:#e9ebed}
.decision-remediate,.status-failed,.status-unreachable,.outcome-failed,.sev-critical,.sev-high{background:#fde7e2;color:#8f1d0a}.decision-notify,.sev-medium,.status-partial,.outcome-skipped_loop{background:#fff3dc;color:#8a5300}.decision-exempt{background:#e6f0fb;color:#0a4a8f}.status-succeeded,.status-ok,.outcome-succeeded{background:#e8f5e0;color:#1d5c02}.outcome-planned{background:#eaeefb;color:#33438f}
code,pre{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:12px}pre{background:#f7f7f7;border:1px solid var(--line);border-radius:4px;padding:6px 8px;margin:4px 0;overflow:auto;max-height:180px}
.remediation{border-top:1px solid var(--line);padding-top:4px}.calls{margin:4px 0;padding-left:20px}.error{color:var(--fail)}td.res{font-family:ui-monospace,monospace;font-size:12px}
input[type=search]{width:360px;max-width:100%;padding:5px 8px;border:1px solid #aab7b8;border-radius:4px}
.graph{overflow:auto;border:1px solid var(--line);border-radius:6px;background:#fff}
.execution-graph text{font-size:12.5px;fill:var(--ink)}.execution-graph .name{font-weight:600}.execution-graph .count,.execution-graph .kind{fill:var(--muted);font-size:11.5px}
.state .box{fill:#fff;stroke:var(--idle);stroke-width:1.5}.state.ok .box{fill:#f2faee;stroke:var(--ok)}.state.caught .box{fill:#fff6e6;stroke:var(--warn);stroke-width:2}.state.failed .box{fill:#fdeeea;stroke:var(--fail);stroke-width:2}.state.idle .box{fill:#f8f8f8;stroke:var(--idle);stroke-dasharray:4 3}.state.idle text{fill:#879596}
.state.on-path .box{stroke:var(--fail);stroke-width:2.2}.state.container .box{fill:none;stroke-dasharray:6 4}.state.container.ok .box,.state.container.caught .box{fill:rgba(29,129,2,.03)}
.edge path{fill:none;stroke:#879596;stroke-width:1.4}.edge.catch path{stroke-dasharray:5 4;stroke:#c6c6cd}.edge.catch.taken path{stroke:var(--fail);stroke-width:2.2;stroke-dasharray:none}.edge-label{fill:var(--fail)!important;font-weight:700}
.legend{list-style:none;padding:0;display:flex;gap:18px;color:var(--muted);font-size:12px}.sw{display:inline-block;width:14px;height:10px;border:2px solid;border-radius:3px;margin-right:5px;vertical-align:middle}.sw.ok{border-color:var(--ok)}.sw.caught{border-color:var(--warn)}.sw.failed{border-color:var(--fail);background:#fdeeea}.sw.idle{border-color:var(--idle);border-style:dashed}.sw.path{border:0;border-top:3px solid var(--fail);height:0}.sw.onpath{border-color:var(--fail);background:#f2faee}
`;

// Filters the decisions table; no data goes into the script, it reads the DOM.
const SCRIPT = `
const input = document.getElementById('finding-filter');
if (input) input.addEventListener('input', () => {
  const q = input.value.toLowerCase();
  for (const row of document.querySelectorAll('table.findings tbody tr')) row.hidden = q !== '' && !row.textContent.toLowerCase().includes(q);
});
`;

function renderHtmlReport(input: HtmlReportInput): string {
  const report = obj(input.report);
  const execution = obj(report.execution);
  const sections = [
    summarySection(report, input),
    graphSection(input),
    heatmapSection(report),
    decisionsSection(report),
    remediationsSection(report),
    driftSection(report),
    exemptionsSection(report),
    unreachableSection(report),
    notSweptSection(report),
  ];
  const nav = [
    ['summary', 'Summary'],
    ['graph', 'Execution graph'],
    ['heatmap', 'Heat map'],
    ['decisions', 'Decisions'],
    ['remediations', 'Remediations'],
    ['drift', 'Drift'],
    ['exemptions', 'Exemptions'],
    ['unreachable', 'Unreachable'],
    ['notswept', 'Not swept'],
  ]
    .map(([id, label]) => `<a href="#${id}">${label}</a>`)
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<title>Warden sweep ${esc(execution.name)}</title><style>${STYLE}</style></head>
<body><header><h1>Warden sweep <code>${esc(execution.name)}</code></h1><p>${esc(execution.status)} · ${count(report.resourcesEvaluated)} resources evaluated · ${list(report.findings).length} findings</p></header>
<nav>${nav}</nav><main>
${sections.join('\n')}
</main><script>${SCRIPT}</script></body></html>
`;
}

export type { HtmlReportInput };
export { esc, renderGraphSvg, renderHtmlReport };
