/**
 * report.html: self-contained (no external URL, uPlot inlined), the summary's tables in it, and opened from
 * disk in headless Chromium (playwright-core, /usr/bin/chromium) it draws its charts with no console error and
 * no failed request. Skips the browser part visibly when Chromium is absent (`bash scripts/ci-install-debian-packages.sh`).
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { thin } from '../../../../src/app/backtest/report/report-data.js';
import { escapeHtml, renderReportHtml } from '../../../../src/app/backtest/report/report-html.js';
import { summarize } from '../../../../src/app/backtest/report/summary.js';
import { EQUITY, FILLS, INPUT, SIGNALS } from './fixture-records.js';

declare const document: {
  body: { getAttribute(name: string): string | null };
  querySelectorAll(selector: string): { length: number };
};

const CHROMIUM = '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

function report(): string {
  const prices: Record<string, Array<[number, number]>> = { BTCUSDT: [], ETHUSDT: [] };
  for (let ts = 0; ts <= 600_000; ts += 1000) {
    prices.BTCUSDT?.push([ts, 60000 + Math.sin(ts / 30_000) * 20]);
    prices.ETHUSDT?.push([ts, 2500 + Math.cos(ts / 40_000) * 8]);
  }
  const summary = summarize(INPUT);
  // A hostile strategy name must come out as text, never as markup.
  const fills = [...FILLS, { ...(FILLS[0] as (typeof FILLS)[0]), strategy: '</script><b>x</b>' }];
  return renderReportHtml({ summary, fills, signals: SIGNALS, equity: EQUITY, prices, caption: 'fixture <records>' });
}

test('report.html is self-contained and carries the summary tables, escaped', () => {
  const html = report();
  assert.ok(!/\b(src|href)="https?:/i.test(html), 'no external script or style');
  assert.ok(html.includes('uPlot'), 'uPlot inlined');
  for (const id of ['totals', 'per-strategy', 'per-symbol', 'open-positions', 'refusals', 'excluded', 'fills'])
    assert.ok(html.includes(`<table id="${id}">`), id);
  assert.ok(html.includes('TL_RISK_COOLDOWN'));
  assert.ok(html.includes('&lt;/script&gt;&lt;b&gt;x&lt;/b&gt;'));
  assert.ok(html.includes('fixture &lt;records&gt;'));
  assert.equal(escapeHtml(`"'&`), '&quot;&#39;&amp;');
});

test('thinning keeps first, lowest and highest of each bucket', () => {
  const pts = Array.from({ length: 9000 }, (_, i) => [i, i === 4321 ? -50 : i === 777 ? 1e6 : i % 7] as const);
  const out = thin(pts, 300);
  assert.ok(out.length <= 300 && out.length > 100, `${out.length}`);
  assert.ok(out.some(([, v]) => v === -50) && out.some(([, v]) => v === 1e6), 'spikes survive');
  assert.equal(out[0]?.[0], 0);
});

test('report.html opens offline in headless Chromium with charts and no console errors', async (t) => {
  if (!existsSync(CHROMIUM)) {
    const why = `SKIPPED: ${CHROMIUM} not found; run \`bash scripts/ci-install-debian-packages.sh\` to enable the browser test`;
    console.warn(why);
    t.skip(why);
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'tl-report-'));
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launchPersistentContext(join(dir, 'profile'), {
    executablePath: CHROMIUM,
    args: ARGS,
    headless: true,
    offline: true,
  });
  try {
    const file = join(dir, 'report.html');
    writeFileSync(file, report());
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('console', (msg) => {
      if (msg.type() === 'error' || msg.type() === 'warning') problems.push(`console.${msg.type()}: ${msg.text()}`);
    });
    page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
    page.on('requestfailed', (req) => problems.push(`request failed: ${req.url()}`));
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    await page.waitForFunction(() => document.body.getAttribute('data-ready') === '1', undefined, { timeout: 10_000 });
    const canvases = await page.evaluate(() => document.querySelectorAll('.uplot canvas').length);
    assert.equal(canvases, 3, 'two price charts and the equity chart');
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
