/**
 * Figures of the HTML report (cli/report/html.ts) at the scale of an organisation — 200 accounts and
 * 2,000 findings by default (test/support/org-report.ts, deterministic) — rendered and opened in
 * headless Chromium. Printed: the file's size, the time to render it, the time Chromium takes to
 * load it and draw the findings table, the page's scroll width and document height at a 1280 px
 * viewport. With `--screenshot PATH`, a full-page screenshot to look at. Runs alone (a script, not a bench section: bench/ stays below cli/ in the layers):
 * `npx tsx scripts/report-html.ts [--accounts 200] [--findings 2000] [--screenshot /tmp/report-200.png]`.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { renderHtmlReport } from '../cli/report/html';
import { workflows } from '../local/workflows';
import { launchChromium } from '../test/support/chromium';
import { orgReport } from '../test/support/org-report';

const { values } = parseArgs({
  options: {
    accounts: { type: 'string', default: '200' },
    findings: { type: 'string', default: '2000' },
    screenshot: { type: 'string' },
  },
});

const report = orgReport({ accounts: Number(values.accounts), findings: Number(values.findings) });
const definition = workflows().sweep.definition;
const started = performance.now();
const html = renderHtmlReport({ report, definition, generatedAt: new Date().toISOString(), source: 'synthetic' });
const renderMs = performance.now() - started;
const file = join(mkdtempSync(join(tmpdir(), 'warden-report-bench-')), 'index.html');
writeFileSync(file, html);

const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const loadStart = performance.now();
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  await page.waitForSelector('table.findings tbody tr');
  const loadMs = performance.now() - loadStart;
  const size = await page.$eval('html', (root) => ({ scrollWidth: root.scrollWidth, height: root.scrollHeight }));
  if (values.screenshot !== undefined) await page.screenshot({ path: values.screenshot, fullPage: true });
  console.log(
    JSON.stringify(
      {
        accounts: report.accounts.length,
        findings: report.findings.length,
        htmlBytes: Buffer.byteLength(html),
        renderMs: Math.round(renderMs),
        chromiumLoadMs: Math.round(loadMs),
        viewportWidth: 1280,
        scrollWidth: size.scrollWidth,
        documentHeight: size.height,
      },
      null,
      2,
    ),
  );
} finally {
  await browser.close();
}
