/**
 * The symbol filters a backtest rounds and checks with. Tapes carry no exchangeInfo, so the venue's filters
 * come from a saved exchangeInfo reply (`--filters FILE`, parsed like the live run parses it) or, for the
 * symbols below, from the venue's values of 2024 (BTCUSDT's tick 0.10 matches the recorded 2024 tapes).
 */
import { readFileSync } from 'node:fs';
import { parseExchangeFilters } from '../../actors/execution/exchange-filters.js';
import { errorMessage, TapelineError } from '../../schema/errors.js';
import type { SymbolFilters } from '../../schema/order-messages.js';

function filters(
  symbol: string,
  tickSize: number,
  stepSize: number,
  maxQty: number,
  minNotional: number,
): SymbolFilters {
  return {
    type: 'symbol-filters',
    symbol,
    tickSize,
    stepSize,
    minQty: stepSize,
    maxQty,
    minNotional,
    multiplierUp: 1.05,
    multiplierDown: 0.95,
  };
}

export const KNOWN_FILTERS: Readonly<Record<string, SymbolFilters>> = Object.freeze({
  BTCUSDT: filters('BTCUSDT', 0.1, 0.001, 1000, 100),
  ETHUSDT: filters('ETHUSDT', 0.01, 0.001, 10000, 20),
  SOLUSDT: filters('SOLUSDT', 0.01, 1, 1_000_000, 5),
  BNBUSDT: filters('BNBUSDT', 0.01, 0.01, 100_000, 5),
  XRPUSDT: filters('XRPUSDT', 0.0001, 0.1, 10_000_000, 5),
});

/** `--filters FILE`: a saved `GET /fapi/v1/exchangeInfo` reply. */
export function loadFiltersFile(path: string): Map<string, SymbolFilters> {
  let info: unknown;
  try {
    info = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new TapelineError(
      'TL_BACKTEST_BAD_FILTERS',
      `--filters ${path} is not a readable exchangeInfo JSON file: ${errorMessage(err)}`,
    );
  }
  const symbols = ((info as { symbols?: Array<{ symbol?: string }> }).symbols ?? []).map((s) => String(s.symbol));
  const out = parseExchangeFilters(info, symbols);
  if (out.size === 0)
    throw new TapelineError(
      'TL_BACKTEST_BAD_FILTERS',
      `--filters ${path} holds no symbol with PRICE_FILTER and LOT_SIZE filters`,
    );
  return out;
}

/** The filters of `symbol`: the file's first, then the built-in table; a symbol in neither is a usage error. */
export function filtersFor(symbol: string, fromFile: ReadonlyMap<string, SymbolFilters> | undefined): SymbolFilters {
  const f = fromFile?.get(symbol) ?? KNOWN_FILTERS[symbol];
  if (!f) {
    throw new TapelineError(
      'TL_BACKTEST_NO_FILTERS',
      `no exchange filters for ${symbol}: pass --filters FILE with a saved GET /fapi/v1/exchangeInfo reply (built in: ${Object.keys(KNOWN_FILTERS).join(', ')})`,
    );
  }
  return f;
}
