/**
 * A whole backtest as the CLI runs it: one thread or a piscina pool, the per-symbol results merged, the output
 * directory written; returns the one line the CLI prints.
 */
import type { SymbolFilters } from '../../schema/order-messages.js';
import type { BacktestSettings } from './backtest-options.js';
import { INTERIM_REPORT } from './interim-summary.js';
import { type BacktestRecords, mergeResults } from './merge-results.js';
import { paperVenueFor } from './paper-venue-factory.js';
import type { Summary } from './report/records.js';
import { runBacktest } from './run-backtest.js';
import { type ReportFunctions, writeOutput } from './write-output.js';

export async function backtestRecords(
  settings: BacktestSettings,
  filters: Record<string, SymbolFilters>,
  workers: number,
  onProgress?: (frames: number) => void,
): Promise<BacktestRecords> {
  const r =
    workers === 1
      ? await runBacktest({ settings, venue: paperVenueFor, filters, ...(onProgress ? { onProgress } : {}) })
      : await (await import('./parallel-backtest.js')).backtestParallel(settings, filters, workers);
  return mergeResults(r.symbols, settings.balance, r.frames, r.warnings);
}

export async function runAndWrite(
  settings: BacktestSettings,
  filters: Record<string, SymbolFilters>,
  workers: number,
  out: string,
  onProgress?: (frames: number) => void,
  report: ReportFunctions = INTERIM_REPORT,
): Promise<{ records: BacktestRecords; summary: Summary; line: string }> {
  const records = await backtestRecords(settings, filters, workers, onProgress);
  const summary = writeOutput(out, records, report);
  const t = summary.total;
  const warned = Object.values(records.warnings).reduce((a, b) => a + b, 0);
  const line =
    `backtest: ${records.frames} frames, ${records.symbols.join(',') || 'no symbol'}: ${summary.signals.total} signals ` +
    `(${summary.signals.refused} refused by risk), ${records.orders.filter((o) => o.status === 'SENT').length} orders, ` +
    `${t.fills} fills, net PnL ${t.netPnl.toFixed(2)} USDT, ${warned} warning(s) → ${out}`;
  return { records, summary, line };
}
