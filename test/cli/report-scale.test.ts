/**
 * The HTML report at the scale of an organisation (issue 20, item 9): 200 accounts and 2,000
 * findings (test/support/org-report.ts) rendered by `renderHtmlReport` and opened in headless
 * Chromium at a 1280 px viewport. The page stays as wide as the viewport (the heat map scrolls in
 * its box), bounded in height (findings 50 to a page) and in size; the filters and paging work over
 * the embedded data; exempt findings are not counted as failures; the expired exemption is named.
 * A full-page screenshot is written to /tmp/report-200.png to look at (scripts/report-html.ts prints
 * the figures: size, render and load times, height).
 */
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderHtmlReport } from '../../cli/report/html';
import { workflows } from '../../local/workflows';
import { chromiumPresent, launchChromium } from '../support/chromium';
import { type OrgReport, orgReport } from '../support/org-report';

const present = chromiumPresent('report-scale.test.ts');

const VIEWPORT = 1280;

let browser: Browser;
let page: Page;
let report: OrgReport;
let html: string;
const requests: string[] = [];
let url: string;

describe.skipIf(!present)('the HTML report at 200 accounts and 2,000 findings', () => {
  beforeAll(async () => {
    report = orgReport({ accounts: 200, findings: 2000 });
    html = renderHtmlReport({
      report,
      definition: workflows().sweep.definition,
      source: 'synthetic organisation',
      generatedAt: '2026-12-02T06:00:00Z',
    });
    const file = join(mkdtempSync(join(tmpdir(), 'warden-html-org-')), 'index.html');
    writeFileSync(file, html);
    url = pathToFileURL(file).href;
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: VIEWPORT, height: 900 } });
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(url);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  const matches = async () => Number(await page.getAttribute('#finding-status', 'data-matches'));
  const rows = () =>
    page.$$eval('table.findings tbody tr', (trs) =>
      trs.map((tr) => ({
        severity: tr.getAttribute('data-severity'),
        decision: tr.getAttribute('data-decision'),
        text: tr.textContent ?? '',
      })),
    );

  it('stays as wide as the viewport and bounded in height and size, fetching nothing', async () => {
    const size = await page.$eval('html', (root) => ({ width: root.scrollWidth, height: root.scrollHeight }));
    expect(size.width).toBeLessThanOrEqual(VIEWPORT + 2);
    expect(size.height).toBeLessThan(5000);
    // 2,000 findings were 1.7 MB before; this report is about 570 KB.
    expect(Buffer.byteLength(html)).toBeLessThan(700_000);
    // The heat map's 200 columns scroll inside their box.
    const box = await page.$eval('.heatwrap', (el) => ({ client: el.clientWidth, scroll: el.scrollWidth }));
    expect(box.scroll).toBeGreaterThan(box.client);
    expect(box.client).toBeLessThanOrEqual(VIEWPORT);
    expect(requests).toEqual([url]);
  });

  it('shows the summary first: severities without the exempt ones, the mode, nothing changed, what was not swept', async () => {
    const summary = await page.textContent('section#summary');
    expect(summary).toContain('Nothing was changed in any account');
    expect(summary).toContain('remediate (dry run)');
    expect(summary).toContain('5 accounts not swept');
    expect(summary).toContain('1 file not read');
    const failing = report.findings.filter((f) => f.decision !== 'EXEMPT');
    expect(failing.length).toBeLessThan(report.findings.length);
    expect(await page.textContent('#failing-count')).toBe(String(failing.length));
    const critical = await page.$$eval('table.severities tr[data-severity="CRITICAL"] td', (tds) =>
      tds.map((td) => td.textContent),
    );
    expect(critical).toEqual([
      String(failing.filter((f) => f.severity === 'CRITICAL').length),
      String(report.findings.filter((f) => f.decision === 'EXEMPT' && f.severity === 'CRITICAL').length),
    ]);
    // The graph is there, folded, after everything else.
    expect(await page.isVisible('section#graph h2')).toBe(true);
    expect(await page.isVisible('svg.execution-graph')).toBe(false);
  });

  it('counts only findings that are not exempt in the heat map; exempt ones are marked E apart', async () => {
    const cells = await page.$$eval('table.heatmap tbody td', (tds) =>
      tds.map((td) => ({ text: td.textContent ?? '', exempt: Number(td.getAttribute('data-exempt') ?? 0) })),
    );
    const counted = cells.reduce((n, c) => n + (/^\d+$/.test(c.text) ? Number(c.text) : 0), 0);
    expect(counted).toBe(report.findings.filter((f) => f.decision !== 'EXEMPT').length);
    expect(cells.reduce((n, c) => n + c.exempt, 0)).toBe(report.findings.filter((f) => f.decision === 'EXEMPT').length);
    expect(cells.some((c) => c.text === 'E')).toBe(true);
  });

  it('sorts by severity, filters by severity, decision, rule and account, and pages 50 at a time', async () => {
    expect(await matches()).toBe(2000);
    const first = await rows();
    expect(first).toHaveLength(50);
    expect(first[0]?.severity).toBe('CRITICAL');
    await page.click('#page-next');
    expect(await page.getAttribute('#finding-status', 'data-page')).toBe('2');
    const second = await rows();
    expect(second).toHaveLength(50);
    expect(second[0]?.text).not.toBe(first[0]?.text);

    await page.selectOption('#filter-severity', 'HIGH');
    const high = report.findings.filter((f) => f.severity === 'HIGH');
    expect(await matches()).toBe(high.length);
    expect(await page.getAttribute('#finding-status', 'data-page')).toBe('1');
    expect((await rows()).every((r) => r.severity === 'HIGH')).toBe(true);

    await page.selectOption('#filter-decision', 'EXEMPT');
    expect(await matches()).toBe(high.filter((f) => f.decision === 'EXEMPT').length);
    expect((await rows()).every((r) => r.decision === 'EXEMPT' && r.severity === 'HIGH')).toBe(true);

    const [f] = high;
    if (f === undefined) throw new Error('the synthetic report has HIGH findings');
    await page.selectOption('#filter-decision', '');
    await page.selectOption('#filter-rule', f.ruleId);
    await page.selectOption('#filter-account', f.accountId);
    const pair = high.filter((x) => x.ruleId === f.ruleId && x.accountId === f.accountId);
    expect(await matches()).toBe(pair.length);
    expect((await rows()).every((r) => r.text.includes(f.accountId))).toBe(true);
    for (const id of ['#filter-severity', '#filter-rule', '#filter-account']) await page.selectOption(id, '');
    expect(await matches()).toBe(2000);
  });

  it('marks the findings new since the last sweep, counts them in the summary, and filters on them', async () => {
    const fresh = report.findings.filter((f) => f.new);
    expect(await page.textContent('#new-count')).toBe(String(fresh.length));
    expect(await page.textContent('#resolved-count')).toBe('1');
    await page.selectOption('#filter-new', 'new');
    expect(await matches()).toBe(fresh.length);
    const shownRows = await page.$$eval('table.findings tbody tr', (trs) =>
      trs.map((tr) => ({ new: tr.getAttribute('data-new'), badge: tr.querySelector('.tag.new')?.textContent })),
    );
    expect(shownRows.every((r) => r.new === 'true' && r.badge === 'NEW')).toBe(true);
    await page.selectOption('#filter-new', '');
    expect(await matches()).toBe(2000);
  });

  it('draws hostile messages as text, and names the expired exemption', async () => {
    await page.fill('#finding-filter', 'onerror');
    const hostile = report.findings.filter((f) => f.message.includes('onerror')).length;
    expect(hostile).toBeGreaterThan(0);
    expect(await matches()).toBe(hostile);
    expect((await rows())[0]?.text).toContain('<img src=x onerror="alert(1)"></script>');
    expect(await page.$$('table.findings img')).toHaveLength(0);
    await page.fill('#finding-filter', '');
    const expired = await page.textContent('section#exemptions tr.expired');
    expect(expired).toContain('ex-legacy-logs-2024');
    expect(expired).toContain('arn:aws:s3:::legacy-logs-*');
    expect(expired).toContain('approved by security-office@example.com');
    expect(expired).toContain('expired 2025-01-01T00:00:00Z');
    await page.screenshot({ path: '/tmp/report-200.png', fullPage: true });
    expect(statSync('/tmp/report-200.png').size).toBeGreaterThan(50_000);
  });
});
