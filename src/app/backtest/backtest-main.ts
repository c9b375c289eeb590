/**
 * A whole backtest as the CLI runs it: one thread or a piscina pool, the per-symbol results merged, the output
 * directory written; returns the one line the CLI prints.
 */
import { existsSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { TapelineError } from '../../schema/errors.js';
import type { SymbolFilters } from '../../schema/order-messages.js';
import type { BacktestSettings } from './backtest-options.js';
import { type BacktestRecords, mergeResults } from './merge-results.js';
import { paperVenueFor } from './paper-venue-factory.js';
import type { Summary } from './report/records.js';
import { type RunResult, runBacktest } from './run-backtest.js';
import { writeOutput } from './write-output.js';

export async function backtestRecords(
  settings: BacktestSettings,
  filters: Record<string, SymbolFilters>,
  workers: number,
  onProgress?: (frames: number) => void,
): Promise<BacktestRecords> {
  if (workers > 1 && (settings.riskScope ?? 'account') === 'account')
    throw new TapelineError(
      'TL_CLI_USAGE',
      `--workers ${workers} spreads symbols over threads, which needs --risk-scope symbol (account-wide risk runs in one thread)`,
    );
  const r =
    workers === 1
      ? await runBacktest({ settings, venue: paperVenueFor, filters, ...(onProgress ? { onProgress } : {}) })
      : await (await import('./parallel-backtest.js')).backtestParallel(settings, filters, workers);
  refuseEmpty(settings, r);
  return mergeResults(r.symbols, settings.balance, r.frames, r.warnings);
}

const iso = (ms: number): string => (Number.isFinite(ms) ? new Date(ms).toISOString() : String(ms));

/** A run that could not trade anything is the user's mistake to fix, not an empty report (exit 0). */
function refuseEmpty(s: BacktestSettings, r: RunResult): void {
  const tapes = s.tapes.map((t) => basename(t)).join(', ');
  if (r.firstEventTs > s.to)
    throw new TapelineError(
      'TL_BACKTEST_EMPTY_RANGE',
      `--to ${iso(s.to)} is before ${tapes} begin (${iso(r.firstEventTs)}, exchange time): move --to after it`,
    );
  const span = `the tapes run from ${iso(r.firstEventTs)} to ${iso(r.lastEventTs)} (exchange time)`;
  if (r.lastEventTs < s.from)
    throw new TapelineError('TL_BACKTEST_EMPTY_RANGE', `--from ${iso(s.from)} is after ${tapes} end: ${span}`);
  if (r.symbols.length === 0)
    throw new TapelineError(
      'TL_BACKTEST_NO_SYMBOL',
      `${tapes}: no symbol's trades or depth in it (REST replies or streams without a symbol only); backtest a recording of the market streams (tapeline run --record, hftbacktest or cryptofeed WS captures)`,
    );
}

/** `--out` must be a directory or not exist yet: checked before the run, not after it. */
function checkOut(out: string): void {
  if (existsSync(out) && !statSync(out).isDirectory())
    throw new TapelineError('TL_CLI_USAGE', `--out ${out} is a file: name a directory (it is created if missing)`);
}

export async function runAndWrite(
  settings: BacktestSettings,
  filters: Record<string, SymbolFilters>,
  workers: number,
  out: string,
  onProgress?: (frames: number) => void,
): Promise<{ records: BacktestRecords; summary: Summary; line: string }> {
  checkOut(out);
  const records = await backtestRecords(settings, filters, workers, onProgress);
  const tapes = settings.tapes.map((t) => basename(t)).join(', ');
  const latency = settings.latency.kind === 'tape' ? 'tape' : `${settings.latency.ms} ms`;
  const caption = `${tapes} · latency ${latency} · queue ${settings.queue} · fees ${settings.makerFeeBps}/${settings.takerFeeBps} bps · balance ${settings.balance} USDT`;
  const summary = writeOutput(out, records, caption);
  const t = summary.total;
  const warned = Object.values(records.warnings).reduce((a, b) => a + b, 0);
  const line =
    `backtest: ${records.frames} frames, ${records.symbols.join(',') || 'no symbol'}: ${summary.signals.total} signals ` +
    `(${summary.signals.refused} refused by risk), ${records.orders.filter((o) => o.status === 'SENT').length} orders, ` +
    `${t.fills} fills, net PnL ${t.netPnl.toFixed(2)} USDT, ${warned} warning(s) → ${out}`;
  return { records, summary, line };
}
