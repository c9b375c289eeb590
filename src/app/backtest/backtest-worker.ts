/**
 * One piscina job of a parallel backtest: the whole tape goes through this thread's ingest pipeline (cheap),
 * but only the job's symbols are backtested. `only` lists them; `except` makes it the job for every symbol
 * the up-front scan did not find, so no symbol is lost whatever the scan saw.
 */
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

export default async function backtestJob(job: BacktestJob): Promise<RunResult> {
  const listed = new Set(job.symbols);
  return runBacktest({
    settings: job.settings,
    venue: paperVenueFor,
    filters: job.filters,
    owns: (symbol) => listed.has(symbol) !== job.except,
  });
}
