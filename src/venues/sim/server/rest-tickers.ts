/**
 * Public REST tickers, recent trades and funding: `ticker/24hr`, `ticker/price` (v1 and v2),
 * `ticker/bookTicker`, `trades`, `fundingRate`, `fundingInfo`. Without `symbol` the ticker endpoints answer
 * an array over every symbol at their heavier weight, as the venue does. Answered from the same state the
 * streams come from (day-stats.ts, the book, the trade ring).
 */
import { hash32 } from '../market/rng.js';
import type { SymbolMarket } from '../market/symbol-market.js';
import { type TickerStats, ticker24hJson } from './day-stats.js';
import type { FrameEncoder } from './frame-encoder.js';
import { type MarketView, symbolOf } from './rest-market.js';
import { ok, optionalInt, type RestHandler, type RestRequest, VenueError } from './rest-types.js';

const HOUR8 = 8 * 3_600_000;

/** One symbol (weight `one`) or all of them as an array (weight `all`). */
function perSymbol(view: MarketView, req: RestRequest, one: number, all: number, row: (enc: FrameEncoder) => string) {
  if (req.params.get('symbol') === null) return ok(`[${[...view.encoders.values()].map(row).join(',')}]`, all);
  return ok(row(symbolOf(view, req).enc), one);
}

export function tickerRoutes(view: MarketView, stats: TickerStats): Record<string, RestHandler> {
  const price = (enc: FrameEncoder): string =>
    `{"symbol":"${enc.symbol}","price":"${enc.price(enc.market.lastTradeTick)}","time":${enc.market.time}}`;
  return {
    'GET /fapi/v1/ticker/24hr': (req) =>
      perSymbol(view, req, 1, 40, (enc) => ticker24hJson(enc, stats.stats(enc.market))),
    'GET /fapi/v1/ticker/price': (req) => perSymbol(view, req, 1, 2, price),
    'GET /fapi/v2/ticker/price': (req) => perSymbol(view, req, 1, 2, price),
    'GET /fapi/v1/ticker/bookTicker': (req) =>
      perSymbol(view, req, 2, 5, (enc) => {
        const b = enc.market.book;
        const bid = b.bestBid() ?? 0;
        const ask = b.bestAsk() ?? 0;
        return `{"symbol":"${enc.symbol}","bidPrice":"${enc.price(bid)}","bidQty":"${enc.qty(b.qtyAt(0, bid))}","askPrice":"${enc.price(ask)}","askQty":"${enc.qty(b.qtyAt(1, ask))}","time":${enc.market.time},"lastUpdateId":${enc.market.lastChangeId}}`;
      }),
    'GET /fapi/v1/trades': (req) => {
      const { market, enc } = symbolOf(view, req);
      const limit = Math.min(1000, Math.max(1, optionalInt(req.params, 'limit') ?? 500));
      return ok(`[${recentTrades(market, enc, limit).join(',')}]`, 5);
    },
    'GET /fapi/v1/fundingRate': (req) => {
      const symbol = req.params.get('symbol');
      const markets = symbol === null ? [...view.markets.values()] : [symbolOf(view, req).market];
      const limit = Math.min(1000, Math.max(1, optionalInt(req.params, 'limit') ?? 100));
      const start = optionalInt(req.params, 'startTime');
      const end = optionalInt(req.params, 'endTime');
      if (start !== undefined && end !== undefined && start > end)
        throw new VenueError(400, -1130, 'Invalid data sent for a parameter.');
      const rows: Array<{ t: number; json: string }> = [];
      for (const m of markets) for (const r of fundingHistory(view, m, start, end, limit)) rows.push(r);
      rows.sort((a, b) => a.t - b.t);
      const picked = start !== undefined ? rows.slice(0, limit) : rows.slice(Math.max(0, rows.length - limit));
      return ok(`[${picked.map((r) => r.json).join(',')}]`);
    },
    'GET /fapi/v1/fundingInfo': () =>
      ok(
        [...view.markets.values()].map((m) => ({
          symbol: m.symbol,
          adjustedFundingRateCap: '0.03000000',
          adjustedFundingRateFloor: '-0.03000000',
          fundingIntervalHours: 8,
          disclaimer: false,
        })),
      ),
  };
}

/** The newest `limit` individual trades behind the kept aggregates, oldest first. */
function recentTrades(m: SymbolMarket, enc: FrameEncoder, limit: number): string[] {
  const out: string[] = [];
  for (let i = m.trades.size() - 1; i >= 0 && out.length < limit; i--) {
    const t = m.trades.at(i);
    const n = t.lastId - t.firstId + 1;
    const each = Math.floor(t.qtyUnits / n);
    const p = enc.price(t.priceTick);
    for (let k = n - 1; k >= 0 && out.length < limit; k--) {
      const units = k === 0 ? t.qtyUnits - each * (n - 1) : each;
      const quote = units * m.spec.stepSize * t.priceTick * m.spec.tickSize;
      out.push(
        `{"id":${t.firstId + k},"price":"${p}","qty":"${enc.qty(units)}","quoteQty":"${quote.toFixed(2)}","time":${t.time},"isBuyerMaker":${t.buyerMaker},"isRPITrade":false}`,
      );
    }
  }
  return out.reverse();
}

/**
 * Past settlements every 8 h (newest `limit`, or from `start`): the rate is a stable function of symbol and
 * time around the 0.01 % base, the mark price the open of that 8h bar in the backfilled history.
 */
function fundingHistory(
  view: MarketView,
  m: SymbolMarket,
  start: number | undefined,
  end: number | undefined,
  limit: number,
): Array<{ t: number; json: string }> {
  const last = Math.floor(m.time / HOUR8) * HOUR8;
  const bars = view.history.klines(m, '8h', 30);
  const from = start ?? last - (limit - 1) * HOUR8;
  const to = Math.min(end ?? last, last);
  const out: Array<{ t: number; json: string }> = [];
  for (let t = Math.ceil(from / HOUR8) * HOUR8; t <= to && out.length < limit; t += HOUR8) {
    const rate = 0.0001 + ((hash32(`${m.symbol}/${t}`) % 2001) - 1000) * 1e-7;
    const bar = bars.find((b) => b.open === t);
    const mark = (bar ? bar.o : m.markTick) * m.spec.tickSize;
    out.push({
      t,
      json: `{"symbol":"${m.symbol}","fundingTime":${t},"fundingRate":"${rate.toFixed(8)}","markPrice":"${mark.toFixed(8)}"}`,
    });
  }
  return out;
}
