/**
 * Writes a backtest's output directory: orders.jsonl, fills.jsonl, signals.jsonl, equity.jsonl (one record
 * per line, keys in the records' declared order), summary.json and report.html from the report functions.
 * Nothing here depends on wall time or thread count, so two runs write the same bytes.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BacktestRecords } from './merge-results.js';
import type { Summary } from './report/records.js';

/** The report half (src/app/backtest/report): the summary computed from the records, the HTML from both. */
export interface ReportFunctions {
  summarize(records: BacktestRecords): Summary;
  renderReport(records: BacktestRecords, summary: Summary): string;
}

function jsonl(rows: readonly unknown[]): string {
  let out = '';
  for (const r of rows) out += `${JSON.stringify(r)}\n`;
  return out;
}

export const OUTPUT_FILES = Object.freeze([
  'orders.jsonl',
  'fills.jsonl',
  'signals.jsonl',
  'equity.jsonl',
  'summary.json',
  'report.html',
]);

export function writeOutput(dir: string, records: BacktestRecords, report: ReportFunctions): Summary {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'orders.jsonl'), jsonl(records.orders));
  writeFileSync(join(dir, 'fills.jsonl'), jsonl(records.fills));
  writeFileSync(join(dir, 'signals.jsonl'), jsonl(records.signals));
  writeFileSync(join(dir, 'equity.jsonl'), jsonl(records.equity));
  const summary = report.summarize(records);
  writeFileSync(join(dir, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
  writeFileSync(join(dir, 'report.html'), report.renderReport(records, summary));
  return summary;
}
