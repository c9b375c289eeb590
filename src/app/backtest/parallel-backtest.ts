/**
 * `tapeline backtest --workers N`: one piscina job per symbol (found by scanning the tapes' first frames) plus
 * one job for any symbol the scan missed, on N threads. Jobs return per-symbol results that merge-results.ts
 * orders by time and symbol, so the output is byte-identical for any N (the tests compare 1 and 2).
 */
import { Piscina } from 'piscina';
import { errorMessage, TapelineError, tapelineCode } from '../../schema/errors.js';
import type { SymbolFilters } from '../../schema/order-messages.js';
import { tapeSymbols } from '../../venues/sim/server/tape-symbols.js';
import type { BacktestSettings } from './backtest-options.js';
import type { BacktestJob, BacktestJobResult } from './backtest-worker.js';
import { inspectTapes, type RunResult } from './run-backtest.js';

const WORKER = new URL('./backtest-worker-entry.cjs', import.meta.url).href;

export async function backtestParallel(
  settings: BacktestSettings,
  filters: Record<string, SymbolFilters>,
  workers: number,
): Promise<RunResult> {
  // Problems with the tapes surface here, in this thread, with their codes.
  await inspectTapes(settings.tapes);
  const symbols = await tapeSymbols(settings.tapes);
  const jobs: BacktestJob[] = symbols.map((s) => ({ settings, filters, symbols: [s], except: false }));
  jobs.push({ settings, filters, symbols, except: true });
  const pool = new Piscina<BacktestJob, BacktestJobResult>({
    filename: WORKER,
    minThreads: workers,
    maxThreads: workers,
  });
  try {
    const results = await Promise.all(jobs.map((j) => pool.run(j))).catch((err: unknown) => {
      // A worker's error crosses the thread as a plain Error; keep its code for the exit status.
      throw new TapelineError(tapelineCode(err, 'TL_BACKTEST_FAILED'), `backtest worker failed: ${errorMessage(err)}`);
    });
    const failed = results.find((r) => !r.ok);
    if (failed && !failed.ok) throw new TapelineError(tapelineCode(failed, 'TL_BACKTEST_FAILED'), failed.message);
    const done = results.flatMap((r) => (r.ok ? [r.result] : []));
    const first = done[0];
    return {
      frames: first?.frames ?? 0,
      symbols: done.flatMap((r) => r.symbols),
      warnings: first?.warnings ?? {},
      firstEventTs: first?.firstEventTs ?? Number.NaN,
      lastEventTs: first?.lastEventTs ?? Number.NaN,
    };
  } finally {
    await pool.destroy();
  }
}
