/**
 * exchangeInfo → the per-symbol filters execution rounds with and risk checks against (PRICE_FILTER tickSize,
 * LOT_SIZE stepSize/minQty/maxQty, MIN_NOTIONAL, PERCENT_PRICE). A symbol missing a filter is left out, so
 * risk refuses it (TL_RISK_NO_FILTERS) instead of guessing a grid.
 */
import type { SymbolFilters } from '../../schema/order-messages.js';

interface RawFilter {
  filterType?: string;
  [k: string]: unknown;
}

export function parseExchangeFilters(info: unknown, symbols: readonly string[]): Map<string, SymbolFilters> {
  const out = new Map<string, SymbolFilters>();
  const list = (info as { symbols?: Array<{ symbol?: string; filters?: RawFilter[] }> }).symbols ?? [];
  const wanted = new Set(symbols);
  for (const s of list) {
    if (!s.symbol || !wanted.has(s.symbol) || !Array.isArray(s.filters)) continue;
    const by = new Map(s.filters.map((f) => [f.filterType, f]));
    const price = by.get('PRICE_FILTER');
    const lot = by.get('LOT_SIZE');
    if (!price || !lot) continue;
    const pct = by.get('PERCENT_PRICE');
    const f: SymbolFilters = {
      type: 'symbol-filters',
      symbol: s.symbol,
      tickSize: Number(price.tickSize),
      stepSize: Number(lot.stepSize),
      minQty: Number(lot.minQty),
      maxQty: Number(lot.maxQty),
      minNotional: Number(by.get('MIN_NOTIONAL')?.notional ?? 0),
      multiplierUp: Number(pct?.multiplierUp ?? 0),
      multiplierDown: Number(pct?.multiplierDown ?? 0),
    };
    if (f.tickSize > 0 && f.stepSize > 0 && f.maxQty > 0) out.set(s.symbol, f);
  }
  return out;
}
