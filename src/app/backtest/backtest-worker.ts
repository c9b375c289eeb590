/**
 * One piscina job of a parallel backtest: the whole tape goes through this thread's ingest pipeline (cheap),
 * but only the job's symbols are backtested. `only` lists them; `except` makes it the job for every symbol
 * the up-front scan did not find, so no symbol is lost whatever the scan saw.
 */
import { errorCode, errorMessage } from '../../schema/errors.js';
import type { SymbolFilters } from '../../schema/order-messages.js';
import type { BacktestSettings } from './backtest-options.js';
import { paperVenueFor } from './paper-venue-factory.js';
import { type RunResult, runBacktest } from './run-backtest.js';

export interface BacktestJob {
  settings: BacktestSettings;
  filters: Record<string, SymbolFilters>;
  symbols: string[];
  /** true: every symbol except `symbols`. */
  except: boolean;
}

/** A job's outcome: its result, or its error's code and message (an error object loses its code crossing threads). */
export type BacktestJobResult = { ok: true; result: RunResult } | { ok: false; code: string; message: string };

export default async function backtestJob(job: BacktestJob): Promise<BacktestJobResult> {
  try {
    return { ok: true, result: await run(job) };
  } catch (err) {
    return { ok: false, code: errorCode(err, 'TL_BACKTEST_FAILED'), message: errorMessage(err) };
  }
}

function run(job: BacktestJob): Promise<RunResult> {
  const listed = new Set(job.symbols);
  return runBacktest({
    settings: job.settings,
    venue: paperVenueFor,
    filters: job.filters,
    owns: (symbol) => listed.has(symbol) !== job.except,
  });
}
