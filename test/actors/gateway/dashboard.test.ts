/**
 * The dashboard in real headless Chromium (Debian's /usr/bin/chromium driven by playwright-core, fresh profile):
 * it loads with no console errors, shows a panel for every symbol, its numbers change as data flows, and the
 * risk panel, signals and order blotter fill. Skips with a visible message when Chromium is not installed
 * (`bash scripts/ci-install-debian-packages.sh` installs it; CI does).
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { startRuntime } from './helpers.js';

/** The few DOM members the page functions below use (they run in the browser; tsconfig has no DOM lib). */
interface PageElement {
  textContent: string | null;
  dataset: Record<string, string | undefined>;
  children: { length: number };
  getAttribute(name: string): string | null;
  querySelector(selector: string): PageElement | null;
}
declare const document: {
  getElementById(id: string): PageElement | null;
  querySelector(selector: string): PageElement | null;
  querySelectorAll(selector: string): ArrayLike<PageElement> & Iterable<PageElement>;
};

const CHROMIUM = '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

test('dashboard: loads clean, shows every symbol, numbers change, side panels fill', async (t) => {
  if (!existsSync(CHROMIUM)) {
    const why = `SKIPPED: ${CHROMIUM} not found; run \`bash scripts/ci-install-debian-packages.sh\` to enable the browser test`;
    console.warn(why);
    t.skip(why);
    return;
  }
  const { chromium } = await import('playwright-core');
  const profile = mkdtempSync(join(tmpdir(), 'tl-chromium-'));
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    args: ARGS,
    headless: true,
  });
  const rt = await startRuntime({ full: true });
  try {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('console', (msg) => {
      if (msg.type() === 'error') problems.push(`console.error: ${msg.text()}`);
    });
    page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
    page.on('requestfailed', (req) => problems.push(`request failed: ${req.url()} ${req.failure()?.errorText ?? ''}`));
    const res = await page.goto(`${rt.http}/`, { waitUntil: 'load' });
    assert.equal(res?.status(), 200);
    await page.waitForFunction(() => document.getElementById('connection')?.dataset.state === 'open', undefined, {
      timeout: 10_000,
    });
    for (const s of ['BTCUSDT', 'ETHUSDT', 'SOLUSDT']) {
      await page.waitForFunction(
        (sym) => /^\d+$/.test(document.querySelector(`[data-symbol="${sym}"] [data-field="seq"]`)?.textContent ?? ''),
        s,
        { timeout: 10_000 },
      );
    }
    const read = () =>
      page.evaluate(() =>
        [...document.querySelectorAll('[data-symbol]')].map((p) => ({
          symbol: p.getAttribute('data-symbol'),
          seq: p.querySelector('[data-field="seq"]')?.textContent,
          last: p.querySelector('[data-field="last"]')?.textContent,
          cvd: p.querySelector('[data-field="cvd"]')?.textContent,
          state: p.querySelector('[data-field="state"]')?.textContent,
          vwap: p.querySelector('[data-field="vwap"]')?.textContent,
          poc: p.querySelector('[data-field="poc"]')?.textContent,
        })),
      );
    const first = await read();
    assert.deepEqual(first.map((p) => p.symbol).sort(), ['BTCUSDT', 'ETHUSDT', 'SOLUSDT']);
    await page.waitForFunction(
      (before) =>
        before.every(
          (b) => document.querySelector(`[data-symbol="${b.symbol}"] [data-field="seq"]`)?.textContent !== b.seq,
        ),
      first,
      { timeout: 10_000 },
    );
    const second = await read();
    for (const p of second) {
      assert.match(p.last ?? '', /^\d/, `${p.symbol} shows a last price`);
      assert.match(p.vwap ?? '', /^\d.* ±\d/, `${p.symbol} shows the session VWAP and its σ`);
      assert.match(p.poc ?? '', /^\d.* \[\d/, `${p.symbol} shows the profile's POC and value area`);
      assert.notEqual(p.state, 'stale');
    }
    const canvases = await page.locator('[data-symbol="BTCUSDT"] canvas').count();
    assert.ok(canvases >= 6, `six live charts per symbol (found ${canvases} canvases)`);
    await page.waitForFunction(
      () => document.querySelector('#risk [data-field="kill"]')?.getAttribute('data-engaged') === 'true',
      undefined,
      { timeout: 10_000 },
    );
    await page.waitForFunction(
      () => (document.querySelector('#risk [data-field="budgets"]')?.children.length ?? 0) > 0,
      undefined,
      { timeout: 10_000 },
    );
    await page.waitForFunction(() => document.querySelectorAll('#signals li:not(.muted)').length > 0, undefined, {
      timeout: 10_000,
    });
    await page.waitForFunction(
      () => document.querySelectorAll('#blotter tbody tr[data-status]').length > 0,
      undefined,
      { timeout: 10_000 },
    );
    assert.deepEqual(problems, [], 'no console errors, page errors or failed requests');
  } finally {
    await browser.close();
    await rt.sup.shutdown('test over');
    rmSync(profile, { recursive: true, force: true });
  }
});
