/**
 * `warden sweep --report DIR` writes `index.html`; headless Chromium (Debian's `chromium`, driven by
 * playwright-core) renders it offline: the sections are there, the execution graph's states carry the
 * visit counts of the sweep that ran, the failure path is drawn, and the page fetches nothing.
 */
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../cli/main';
import { chromiumPresent, launchChromium } from '../support/chromium';

const present = chromiumPresent('report-browser.test.ts');

/** What getBBox returns, without the DOM library's types (the tests compile for Node). */
interface DOMRectLike {
  x: number;
  y: number;
  width: number;
  height: number;
}

let browser: Browser;
let dir: string;
let report: {
  accounts: { accountId: string; status: string }[];
  findings: { ruleId: string; accountId: string; decision: string }[];
};

describe.skipIf(!present)('the HTML report in a browser', () => {
  beforeAll(async () => {
    process.env.WARDEN_HOME = mkdtempSync(join(tmpdir(), 'warden-home-'));
    dir = join(mkdtempSync(join(tmpdir(), 'warden-html-')), 'out');
    let stdout = '';
    const code = await runCli(['sweep', '--report', dir], { stdout: (s) => (stdout += s), stderr: () => undefined });
    expect(code).toBe(0);
    expect(stdout).toContain('index.html');
    report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf-8'));
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  it('renders every section and the execution graph with the sweep’s visit counts, fetching nothing', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    const url = pathToFileURL(join(dir, 'index.html')).href;
    await page.goto(url);

    for (const id of [
      'summary',
      'graph',
      'heatmap',
      'decisions',
      'remediations',
      'drift',
      'exemptions',
      'unreachable',
    ]) {
      expect(await page.isVisible(`section#${id} h2`), id).toBe(true);
    }
    // The graph is folded at the end of the page: open it to draw it.
    await page.click('#graph-details > summary');
    const state = async (name: string) =>
      page.$eval(`svg.execution-graph g.state[data-state="${name}"]`, (g) => ({
        visits: Number(g.getAttribute('data-visits')),
        classes: g.getAttribute('class') ?? '',
        text: g.textContent ?? '',
      }));
    const accounts = report.accounts.length;
    const unreachable = report.accounts.filter((a) => a.status === 'UNREACHABLE').length;
    const remediations = report.findings.filter((f) => f.decision === 'REMEDIATE').length;
    expect(unreachable).toBeGreaterThan(0);
    expect(await state('Resolve targets')).toMatchObject({ visits: 1, classes: expect.stringContaining('ok') });
    expect(await state('Collect resources')).toMatchObject({
      visits: accounts,
      text: expect.stringContaining(`×${accounts}`),
    });
    expect((await state('Evaluate rules')).visits).toBe(accounts - unreachable);
    expect((await state('Account unreachable')).visits).toBe(unreachable);
    expect((await state('Account unreachable')).classes).toContain('on-path');
    expect((await state('Remediate')).visits).toBe(remediations);
    expect(await state('Summarize')).toMatchObject({ visits: 1 });
    expect(await state('Sweep rejected')).toMatchObject({ visits: 0, classes: expect.stringContaining('idle') });
    // The states inside the account Map are drawn inside its box.
    const inside = await page.$eval('svg.execution-graph', (svg) => {
      const box = (name: string) =>
        (svg.querySelector(`g.state[data-state="${name}"] rect`) as unknown as { getBBox(): DOMRectLike }).getBBox();
      const map = box('For each account');
      const decide = box('Decide');
      return decide.x > map.x && decide.y > map.y && decide.x + decide.width < map.x + map.width;
    });
    expect(inside).toBe(true);
    // The failure path: the catch taken, drawn and counted.
    const edge = await page.$eval(
      'g.edge.catch.taken[data-from="Collect resources"][data-to="Account unreachable"]',
      (g) => ({ count: g.getAttribute('data-count'), label: g.querySelector('text.edge-label')?.textContent }),
    );
    expect(edge).toEqual({ count: String(unreachable), label: `×${unreachable}` });

    // Heat map: one cell per rule and account, holding that pair's findings that are not exempt.
    const f = report.findings.find((x) => x.decision !== 'EXEMPT');
    if (f === undefined) throw new Error('the sample estate has findings');
    const expected = report.findings.filter(
      (x) => x.ruleId === f.ruleId && x.accountId === f.accountId && x.decision !== 'EXEMPT',
    ).length;
    const cell = await page.$eval(
      'table.heatmap',
      (table, [rule, account]) => {
        const heads = [...(table.querySelectorAll('thead th') as unknown as { dataset: { account?: string } }[])];
        const column = heads.findIndex((th) => th.dataset.account === account);
        const row = table.querySelector(`tbody tr[data-rule="${rule}"]`) as unknown as {
          cells: { textContent: string | null }[];
        } | null;
        return row?.cells[column]?.textContent ?? null;
      },
      [f.ruleId, f.accountId],
    );
    expect(cell).toBe(String(expected));

    // The filters narrow the findings, which are shown 50 to a page.
    const shown = () => page.$$eval('table.findings tbody tr', (trs) => trs.length);
    const matches = async () => Number(await page.getAttribute('#finding-status', 'data-matches'));
    expect(await matches()).toBe(report.findings.length);
    expect(await shown()).toBe(Math.min(50, report.findings.length));
    await page.selectOption('#filter-rule', f.ruleId);
    const ofRule = report.findings.filter((x) => x.ruleId === f.ruleId).length;
    expect(await matches()).toBe(ofRule);
    expect(await shown()).toBe(Math.min(50, ofRule));

    const shot = join(mkdtempSync(join(tmpdir(), 'warden-shot-')), 'report.png');
    await page.screenshot({ path: shot, fullPage: true });
    expect(statSync(shot).size).toBeGreaterThan(20_000);
    expect(requests).toEqual([url]);
    await page.close();
  }, 60_000);
});
