/**
 * The HTML report's pure parts: the graph of a definition (Map, Distributed Map, Parallel, nested
 * ItemProcessors) and its layout, escaping of every piece of data, and rendering whatever sections a
 * report has (an older or newer report must still render).
 */
import { describe, expect, it } from 'vitest';
import { traceOf } from '../../cli/history';
import { graphOf, layoutDefinition, type PlacedGraph, stateNames } from '../../cli/report/graph';
import { renderHtmlReport } from '../../cli/report/html';

/** A sweep-like machine whose account loop is a Distributed Map, with an inline Map and a Parallel inside. */
const DEFINITION = {
  StartAt: 'Resolve targets',
  States: {
    'Resolve targets': {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      Next: 'For each account',
      Catch: [{ ErrorEquals: ['InvalidInputError'], Next: 'Sweep rejected' }],
    },
    'For each account': {
      Type: 'Map',
      ItemReader: { Resource: 'arn:aws:states:::s3:getObject', ReaderConfig: { InputType: 'JSON' } },
      ItemProcessor: {
        ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
        StartAt: 'Collect resources',
        States: {
          'Collect resources': {
            Type: 'Task',
            Resource: 'arn:aws:states:::lambda:invoke',
            Next: 'For each finding',
            Retry: [{ ErrorEquals: ['Lambda.TooManyRequestsException'], MaxAttempts: 3 }],
            Catch: [{ ErrorEquals: ['AccountUnreachableError'], Next: 'Account unreachable' }],
          },
          'For each finding': {
            Type: 'Map',
            ItemProcessor: {
              ProcessorConfig: { Mode: 'INLINE' },
              StartAt: 'Decide',
              States: {
                Decide: {
                  Type: 'Choice',
                  Choices: [
                    { Variable: '$.decision', StringEquals: 'REMEDIATE', Next: 'Remediate' },
                    { Variable: '$.decision', StringEquals: 'FIX', Next: 'Remediate' },
                  ],
                  Default: 'Finding done',
                },
                Remediate: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Next: 'Finding done' },
                'Finding done': { Type: 'Pass', End: true },
              },
            },
            Next: 'Tell both',
          },
          'Tell both': {
            Type: 'Parallel',
            Branches: [
              { StartAt: 'Tell owner', States: { 'Tell owner': { Type: 'Pass', End: true } } },
              { StartAt: 'Tell operators', States: { 'Tell operators': { Type: 'Pass', End: true } } },
            ],
            End: true,
          },
          'Account unreachable': { Type: 'Pass', Next: 'Collect resources' },
        },
      },
      Next: 'Summarize',
    },
    Summarize: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', End: true },
    'Sweep rejected': { Type: 'Fail', Error: 'SweepRejected' },
  },
};

function boxes(graph: PlacedGraph): { name: string; x: number; y: number; w: number; h: number; parent?: string }[] {
  return graph.nodes.flatMap((n) => [
    { name: n.node.name, ...n.box },
    ...n.children.flatMap((c) => boxes(c).map((b) => ({ ...b, parent: b.parent ?? n.node.name }))),
  ]);
}

describe('the execution graph', () => {
  it('holds every state, nested ones included, and marks the Distributed Map', () => {
    const graph = graphOf(DEFINITION);
    expect(stateNames(graph).sort()).toEqual(
      [
        'Account unreachable',
        'Collect resources',
        'Decide',
        'Finding done',
        'For each account',
        'For each finding',
        'Remediate',
        'Resolve targets',
        'Summarize',
        'Sweep rejected',
        'Tell both',
        'Tell operators',
        'Tell owner',
      ].sort(),
    );
    const map = graph.nodes.find((n) => n.name === 'For each account');
    expect(map).toMatchObject({ type: 'Map', distributed: true });
    expect(map?.children[0]?.nodes.find((n) => n.name === 'Tell both')?.children).toHaveLength(2);
    // Two choices to the same state are one arrow; the catch is its own kind.
    const inner = map?.children[0]?.nodes.find((n) => n.name === 'For each finding')?.children[0];
    expect(inner?.edges.filter((e) => e.from === 'Decide')).toEqual([
      { from: 'Decide', to: 'Remediate', kind: 'choice' },
      { from: 'Decide', to: 'Finding done', kind: 'default' },
    ]);
    expect(graph.edges).toContainEqual({
      from: 'Resolve targets',
      to: 'Sweep rejected',
      kind: 'catch',
      errors: ['InvalidInputError'],
    });
  });

  it('lays states out inside their Map, without overlaps, the start on top, within the picture', () => {
    const placed = layoutDefinition(DEFINITION);
    const all = boxes(placed);
    const byName = new Map(all.map((b) => [b.name, b]));
    for (const b of all) {
      expect(b.x).toBeGreaterThanOrEqual(0);
      expect(b.x + b.w).toBeLessThanOrEqual(placed.width);
      expect(b.y + b.h).toBeLessThanOrEqual(placed.height);
      if (b.parent !== undefined) {
        const p = byName.get(b.parent);
        if (p === undefined) throw new Error(`no ${b.parent}`);
        expect(b.x).toBeGreaterThan(p.x);
        expect(b.x + b.w).toBeLessThan(p.x + p.w);
        expect(b.y).toBeGreaterThan(p.y);
        expect(b.y + b.h).toBeLessThan(p.y + p.h);
      }
    }
    for (const a of all) {
      for (const b of all) {
        if (a === b || a.parent !== b.parent) continue;
        const overlap = a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
        expect(overlap, `${a.name} overlaps ${b.name}`).toBe(false);
      }
    }
    expect(byName.get('Resolve targets')?.y).toBeLessThan(byName.get('For each account')?.y ?? 0);
    expect(byName.get('For each account')?.y).toBeLessThan(byName.get('Summarize')?.y ?? 0);
    // A loop back (Account unreachable -> Collect resources) is drawn too.
    const loop = placed.nodes
      .find((n) => n.node.name === 'For each account')
      ?.children[0]?.edges.find((e) => e.edge.from === 'Account unreachable');
    expect(loop?.path).toMatch(/^M[\d.]+,[\d.]+ C/);
  });

  it('refuses what is not a definition', () => {
    expect(() => graphOf({ States: {} })).toThrow(/StartAt and States/);
  });
});

describe('renderHtmlReport', () => {
  const hostile = '<img src=x onerror="alert(1)">';
  const report = {
    execution: { name: `sweep-<b>1</b>`, status: 'SUCCEEDED', stateTransitions: 9 },
    resourcesEvaluated: 2,
    counts: { 's3-bucket-encryption': { COMPLIANT: 1, NON_COMPLIANT: 1, NOT_APPLICABLE: 0, ERROR: 0 } },
    accounts: [
      { accountId: '111111111111', alias: hostile, status: 'OK', error: null },
      { accountId: '444444444444', alias: 'gone', status: 'UNREACHABLE', error: 'Cannot assume <role>' },
    ],
    findings: [
      {
        findingId: 'f1',
        ruleId: 's3-bucket-encryption',
        accountId: '111111111111',
        region: 'eu-west-1',
        resourceType: 'AWS::S3::Bucket',
        resourceId: 'raw',
        arn: 'arn:aws:s3:::raw',
        status: 'NON_COMPLIANT',
        decision: 'REMEDIATE',
        exemptionId: null,
        message: `bucket ${hostile} is not encrypted`,
        severity: 'HIGH',
        decisionReason: 'rule mode remediate',
        remediation: {
          outcome: 'PLANNED',
          apiCalls: [
            { service: 's3', operation: 'PutBucketEncryption', input: { Bucket: '</pre><script>x()</script>' } },
          ],
          error: null,
          iac: null,
        },
      },
    ],
    notifications: [],
    exemptionProblems: [{ exemptionId: 'ex-<1>', problem: 'expiresAt is missing' }],
    exemptions: {
      active: 1,
      expired: 0,
      expiringSoon: [
        {
          exemptionId: 'ex-soon',
          ruleId: '*',
          accountId: '111111111111',
          region: '*',
          resource: 'arn:aws:s3:::legacy-*',
          effect: 'SUPPRESS',
          requestedBy: 'alice',
          approvedBy: 'bob',
          expiresAt: '2026-11-25T00:00:00Z',
          daysLeft: 3,
        },
      ],
      stale: [],
      reminders: [],
    },
    drift: [
      {
        stack: 'payments-core',
        tool: 'cloudformation',
        receipts: [
          {
            findingId: 'f1',
            ruleId: 's3-bucket-encryption',
            arn: 'arn:aws:s3:::raw',
            logicalId: 'RawBucket',
            propertyPath: 'BucketEncryption',
            suggestedChange: 'set to "AES256"',
            outcome: 'PLANNED',
          },
        ],
      },
    ],
    somethingNew: { added: 'by a later Warden' },
  };

  it('escapes every piece of data', () => {
    const html = renderHtmlReport({
      report,
      definition: {
        ...DEFINITION,
        States: { ...DEFINITION.States, '<script>s</script>': { Type: 'Pass', End: true } },
      },
      generatedAt: '2026-11-22T06:00:00Z',
    });
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('<script>x()');
    expect(html).not.toContain('<script>s</script>');
    expect(html).not.toContain('<b>1</b>');
    expect(html).toContain('&lt;img src=x onerror=&quot;alert(1)&quot;&gt;');
    expect(html).toContain('Cannot assume &lt;role&gt;');
    // The only script is the page's own.
    expect(html.match(/<script>/g)).toHaveLength(1);
  });

  it('renders every section from the report, and counts on the graph from the trace', () => {
    const trace = traceOf([
      { kind: 'entered', state: 'Resolve targets' },
      { kind: 'entered', state: 'Collect resources' },
      { kind: 'failed', state: 'Collect resources', error: 'AccountUnreachableError', cause: '' },
      { kind: 'caught', state: 'Collect resources', next: 'Account unreachable' },
      { kind: 'entered', state: 'Account unreachable' },
    ]);
    const html = renderHtmlReport({ report, definition: DEFINITION, trace, generatedAt: 'now' });
    for (const id of ['summary', 'graph', 'heatmap', 'decisions', 'remediations', 'drift', 'exemptions', 'unreachable'])
      expect(html).toContain(`<section id="${id}">`);
    expect(html).toMatch(
      /class="state caught" data-state="Collect resources" data-type="Task" data-visits="1" data-failed="1"/,
    );
    expect(html).toMatch(/class="state ok on-path" data-state="Account unreachable"/);
    expect(html).toMatch(
      /class="edge catch taken" data-from="Collect resources" data-to="Account unreachable" data-count="1"/,
    );
    expect(html).toMatch(/class="state idle" data-state="Summarize"[^>]*data-visits="0"/);
    expect(html).toContain('Distributed Map');
    expect(html).toContain('PutBucketEncryption');
    expect(html).toContain('payments-core');
    expect(html).toContain('ex-soon');
    // The heat map: the rule's row holds the reachable account's count and the unreachable account's mark.
    expect(html).toMatch(
      /<tr data-rule="s3-bucket-encryption"><th scope="row" class="rule">s3-bucket-encryption<\/th><td class="l\d">1<\/td><td class="u"><\/td><\/tr>/,
    );
    expect(html).toMatch(/<th scope="col" class="acct unreachable" data-account="444444444444"/);
  });

  it('puts the summary first and the execution graph last, folded', () => {
    const html = renderHtmlReport({ report, definition: DEFINITION, generatedAt: 'now' });
    const at = (id: string) => html.indexOf(`<section id="${id}">`);
    expect(at('summary')).toBeGreaterThan(0);
    for (const id of ['heatmap', 'decisions', 'exemptions', 'remediations', 'drift', 'graph'])
      expect(at(id), id).toBeGreaterThan(at('summary'));
    expect(at('graph')).toBeGreaterThan(at('drift'));
    expect(html).toMatch(/<section id="graph"><h2>Execution graph<\/h2>\n<details id="graph-details"><summary>/);
  });

  it('says nothing was changed in a planned run, and which remediations were sent otherwise', () => {
    const planned = renderHtmlReport({
      report: { ...report, mode: 'remediate', dryRun: true },
      definition: null,
      generatedAt: 'now',
    });
    expect(planned).toContain(
      '<strong>Nothing was changed</strong> in any account (a planned run: 1 remediation planned, none sent)',
    );
    const audit = renderHtmlReport({
      report: { ...report, mode: 'audit', findings: [] },
      definition: null,
      generatedAt: 'now',
    });
    expect(audit).toContain('Nothing was changed</strong> in any account (mode audit');
    const [f] = report.findings;
    const sent = renderHtmlReport({
      report: {
        ...report,
        dryRun: false,
        findings: [{ ...f, remediation: { ...f?.remediation, outcome: 'SUCCEEDED' } }],
      },
      definition: null,
      generatedAt: 'now',
    });
    expect(sent).toContain('<strong>1 remediation was sent</strong>');
    expect(sent).not.toContain('Nothing was changed');
  });

  it('counts exempt findings apart: by severity, and as E in the heat map, never as failures', () => {
    const [f] = report.findings;
    const exempted = {
      ...f,
      findingId: 'f2',
      resourceId: 'old',
      decision: 'EXEMPT',
      exemptionId: 'ex-1',
      remediation: null,
    };
    const html = renderHtmlReport({
      report: {
        ...report,
        findings: [exempted, { ...exempted, findingId: 'f3', accountId: '111111111111', severity: 'LOW' }],
      },
      definition: null,
      generatedAt: 'now',
    });
    expect(html).toContain('<span id="failing-count">0</span>');
    expect(html).toMatch(
      /<tr data-severity="HIGH"><th scope="row"><span class="tag sev-high">HIGH<\/span><\/th><td>0<\/td><td>1<\/td><\/tr>/,
    );
    expect(html).toMatch(/<td class="l0 ex" data-exempt="2">E<\/td>/);
  });

  it('names expired exemptions: id, scope, approver and expiry; and lists what was not swept in the summary', () => {
    const html = renderHtmlReport({
      report: {
        ...report,
        exemptions: {
          ...report.exemptions,
          expiredItems: [
            {
              exemptionId: 'ex-old',
              ruleId: 's3-bucket-encryption',
              accountId: '111111111111',
              region: '*',
              resource: 'arn:aws:s3:::legacy-*',
              tags: { team: 'data' },
              approvedBy: 'carol',
              requestedBy: 'dave',
              expiresAt: '2025-01-01T00:00:00Z',
            },
          ],
        },
        skippedFiles: [{ file: 'notes.txt', reason: 'not a Config snapshot' }],
      },
      definition: null,
      generatedAt: 'now',
    });
    expect(html).toContain(
      '<tr class="expired"><td><code>ex-old</code></td><td>expired</td><td>s3-bucket-encryption · 111111111111 · * · arn:aws:s3:::legacy-* · tags team=data: expired 2025-01-01T00:00:00Z; approved by carol, requested by dave.',
    );
    expect(html).toContain('<a href="#notswept">1 file not read</a>');
    expect(html).toContain('<a href="#unreachable">1 account not swept</a>');
    expect(html).toContain('<a href="#exemptions">1 expired exemption</a>');
  });

  it('shows new and resolved since the last sweep only when the report has them', () => {
    const none = renderHtmlReport({ report, definition: null, generatedAt: 'now' });
    expect(none).not.toContain('<select id="filter-new">');
    expect(none).not.toContain('New since the last sweep');
    const first = renderHtmlReport({
      report: { ...report, sinceLastSweep: { previousExecution: null, previousAt: null, new: 1, resolved: 0 } },
      definition: null,
      generatedAt: 'now',
    });
    expect(first).toContain('first sweep');
    const later = renderHtmlReport({
      report: {
        ...report,
        sinceLastSweep: { previousExecution: 'sweep-<1>', previousAt: '2026-12-01T00:00:00Z', new: 4, resolved: 2 },
      },
      definition: null,
      generatedAt: 'now',
    });
    expect(later).toContain('<span id="new-count" title="since sweep-&lt;1&gt; (2026-12-01T00:00:00Z)">4</span>');
    expect(later).toContain('<span id="resolved-count"');
    expect(later).toContain('<select id="filter-new">');
  });

  it('embeds the findings once, most severe first, as JSON no string in it can break out of', () => {
    const [f] = report.findings;
    const findings = ['LOW', 'CRITICAL', 'MEDIUM', 'CRITICAL'].map((severity, i) => ({
      ...f,
      findingId: `f${i}`,
      severity,
      ruleId: i === 3 ? 'a-rule' : 'b-rule',
      message: `</script><script>alert(${i})</script>\u2028<!--`,
    }));
    const html = renderHtmlReport({ report: { ...report, findings }, definition: null, generatedAt: 'now' });
    const json = html.match(/<script type="application\/json" id="findings-data">(.*?)<\/script>/s)?.[1];
    expect(json).toBeDefined();
    expect(json).not.toMatch(/[<>\u2028]/);
    const data = JSON.parse(json ?? '');
    const col = (name: string) => data.columns.indexOf(name);
    const value = (row: unknown[], name: string) => {
      const v = row[col(name)];
      return data.dictionaries[name] ? data.dictionaries[name][v as number] : v;
    };
    expect(data.rows.map((r: unknown[]) => `${value(r, 'severity')} ${value(r, 'ruleId')}`)).toEqual([
      'CRITICAL a-rule',
      'CRITICAL b-rule',
      'MEDIUM b-rule',
      'LOW b-rule',
    ]);
    expect(value(data.rows[0], 'message')).toBe('</script><script>alert(3)</script>\u2028<!--');
    expect(html.match(/<script>/g)).toHaveLength(1);
  });

  it('renders a report with sections missing, and a definition it cannot draw, without failing', () => {
    const html = renderHtmlReport({ report: { execution: { name: 'x' } }, definition: null, generatedAt: 'now' });
    expect(html).toContain('<section id="decisions">');
    expect(html).toContain('No graph: a state machine definition needs StartAt and States');
    expect(html).toContain('None.');
  });
});
