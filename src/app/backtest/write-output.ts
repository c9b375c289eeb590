/**
 * Writes a backtest's output directory: orders.jsonl, fills.jsonl, signals.jsonl, funding.jsonl,
 * equity.jsonl (one record per line), summary.json and report.html from the report module
 * (src/app/backtest/report). Nothing here depends on wall time or thread count, so two runs write the same bytes.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BacktestRecords } from './merge-results.js';
import { renderReportHtml, type Summary, summarize } from './report/index.js';

function jsonl(rows: readonly unknown[]): string {
  let out = '';
  for (const r of rows) out += `${JSON.stringify(r)}\n`;
  return out;
}

export const OUTPUT_FILES = Object.freeze([
  'equity.jsonl',
  'fills.jsonl',
  'funding.jsonl',
  'orders.jsonl',
  'report.html',
  'signals.jsonl',
  'summary.json',
]);

export function summaryOf(r: BacktestRecords): Summary {
  return summarize({
    fills: r.fills,
    funding: r.funding,
    signals: r.signals,
    equity: r.equity,
    balance: r.balance,
    from: r.from,
    to: r.to,
    lastMid: r.lastMid,
    excludedMs: r.excludedMs,
    warnings: r.warnings,
  });
}

/** `caption`: the tapes and options, shown under the report's title (no paths that differ between runs). */
export function writeOutput(dir: string, records: BacktestRecords, caption: string): Summary {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'orders.jsonl'), jsonl(records.orders));
  writeFileSync(join(dir, 'fills.jsonl'), jsonl(records.fills));
  writeFileSync(join(dir, 'signals.jsonl'), jsonl(records.signals));
  writeFileSync(join(dir, 'funding.jsonl'), jsonl(records.funding));
  writeFileSync(join(dir, 'equity.jsonl'), jsonl(records.equity));
  const summary = summaryOf(records);
  writeFileSync(join(dir, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
  const html = renderReportHtml({
    summary,
    fills: records.fills,
    signals: records.signals,
    equity: records.equity,
    prices: records.prices,
    caption,
  });
  writeFileSync(join(dir, 'report.html'), html);
  return summary;
}
