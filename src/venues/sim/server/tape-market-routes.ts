/**
 * Tape mode's public market-data REST: every endpoint that tells a price answers from the tape as replayed so
 * far (tape-market-state.ts), at the tape's exchange time — klines, aggTrades, trades, the tickers,
 * premiumIndex, open interest, funding history and depth. What the tape does not carry is never made up from
 * the synthetic market: docs/venue-sim.md, "Market data in tape mode", lists each answer.
 */
import { isKlineInterval } from '../market/klines.js';
import { type MarketView, symbolOf } from './rest-market.js';
import { mandatory, ok, optionalInt, type RestHandler, type RestRequest, VenueError } from './rest-types.js';
import { tapeKlineRow, tapeKlines, tapeTicker24h } from './tape-klines.js';
import type { TapeMarketState, TapeSymbolMarket } from './tape-market-state.js';
import type { TapeReplay } from './tape-replay.js';

const HOUR8 = 8 * 3_600_000;

/** The venue's answer when the tape has not (yet) carried what is asked. */
function notOnTape(symbol: string, what: string): never {
  throw new VenueError(
    400,
    -1000,
    `tape mode: the replayed tape has no ${what} for ${symbol} (yet); the simulated venue does not invent it`,
  );
}

export function tapeMarketRoutes(view: MarketView, replay: TapeReplay): Record<string, RestHandler> {
  const state: TapeMarketState = replay.market;
  const one = (req: RestRequest): TapeSymbolMarket => state.get(symbolOf(view, req).market.symbol);
  /** One symbol, or (no `symbol`) every symbol the tape has the answer for. */
  const perSymbol = (req: RestRequest, w1: number, wAll: number, row: (m: TapeSymbolMarket) => string | undefined) => {
    if (req.params.get('symbol') === null) {
      const rows: string[] = [];
      for (const s of view.markets.keys()) {
        const r = row(state.get(s));
        if (r !== undefined) rows.push(r);
      }
      return ok(`[${rows.join(',')}]`, wAll);
    }
    return ok(row(one(req)), w1);
  };
  const price = (m: TapeSymbolMarket): string | undefined =>
    m.last && `{"symbol":"${m.symbol}","price":"${m.last.p}","time":${m.last.T}}`;
  const mustPrice = (req: RestRequest) =>
    perSymbol(
      req,
      1,
      2,
      (m) => price(m) ?? (req.params.get('symbol') === null ? undefined : notOnTape(m.symbol, 'trade')),
    );
  return {
    'GET /fapi/v1/depth': (req) => {
      const symbol = symbolOf(view, req).market.symbol;
      const body = replay.depthJson(symbol, Math.min(1000, optionalInt(req.params, 'limit') ?? 500));
      return body === undefined ? notOnTape(symbol, 'order book') : ok(body, 20);
    },
    'GET /fapi/v1/klines': (req) => {
      const m = one(req);
      const interval = mandatory(req.params, 'interval');
      if (!isKlineInterval(interval)) throw new VenueError(400, -1120, 'Invalid interval.');
      const limit = Math.min(1500, optionalInt(req.params, 'limit') ?? 500);
      const bars = tapeKlines(
        m,
        interval,
        state.now,
        limit,
        optionalInt(req.params, 'startTime'),
        optionalInt(req.params, 'endTime'),
      );
      const weight = limit < 100 ? 1 : limit < 500 ? 2 : limit <= 1000 ? 5 : 10;
      return ok(`[${bars.map((b) => tapeKlineRow(m, b)).join(',')}]`, weight);
    },
    'GET /fapi/v1/aggTrades': (req) => {
      const m = one(req);
      const limit = Math.min(1000, optionalInt(req.params, 'limit') ?? 500);
      const fromId = optionalInt(req.params, 'fromId');
      const start = optionalInt(req.params, 'startTime');
      const end = optionalInt(req.params, 'endTime');
      if (start !== undefined && end !== undefined && end - start > 3_600_000)
        throw new VenueError(400, -1127, 'More than 1 hours between startTime and endTime.');
      const rows: string[] = [];
      const n = m.size();
      const ranged = fromId !== undefined || start !== undefined || end !== undefined;
      for (let i = ranged ? 0 : Math.max(0, n - limit); i < n && rows.length < limit; i++) {
        const t = m.at(i);
        if (fromId !== undefined && t.a < fromId) continue;
        if (start !== undefined && t.T < start) continue;
        if (end !== undefined && t.T > end) break;
        rows.push(`{"a":${t.a},"p":"${t.p}","q":"${t.q}","nq":"${t.q}","f":${t.f},"l":${t.l},"T":${t.T},"m":${t.m}}`);
      }
      return ok(`[${rows.join(',')}]`, 20);
    },
    'GET /fapi/v1/trades': (req) => {
      const m = one(req);
      const limit = Math.min(1000, Math.max(1, optionalInt(req.params, 'limit') ?? 500));
      const rows: string[] = [];
      for (let i = Math.max(0, m.size() - limit); i < m.size(); i++) {
        const t = m.at(i);
        rows.push(
          `{"id":${t.l},"price":"${t.p}","qty":"${t.q}","quoteQty":"${(t.price * t.qty).toFixed(2)}","time":${t.T},"isBuyerMaker":${t.m},"isRPITrade":false}`,
        );
      }
      return ok(`[${rows.join(',')}]`, 5);
    },
    'GET /fapi/v1/ticker/price': mustPrice,
    'GET /fapi/v2/ticker/price': mustPrice,
    'GET /fapi/v1/ticker/24hr': (req) =>
      perSymbol(
        req,
        1,
        40,
        (m) =>
          tapeTicker24h(m, state.now) ?? (req.params.get('symbol') === null ? undefined : notOnTape(m.symbol, 'trade')),
      ),
    'GET /fapi/v1/ticker/bookTicker': (req) =>
      perSymbol(req, 2, 5, (m) => {
        const b = replay.bestLevels(m.symbol);
        const t = m.bbo;
        // The newer of the recorded bookTicker and the replayed depth book (one update-id sequence).
        if (t !== undefined && (b === undefined || t.u >= b.u))
          return `{"symbol":"${m.symbol}","bidPrice":"${t.b}","bidQty":"${t.B}","askPrice":"${t.a}","askQty":"${t.A}","time":${t.T},"lastUpdateId":${t.u}}`;
        if (b !== undefined)
          return `{"symbol":"${m.symbol}","bidPrice":"${b.bid[0]}","bidQty":"${b.bid[1]}","askPrice":"${b.ask[0]}","askQty":"${b.ask[1]}","time":${b.T},"lastUpdateId":${b.u}}`;
        return req.params.get('symbol') === null ? undefined : notOnTape(m.symbol, 'book');
      }),
    'GET /fapi/v1/premiumIndex': (req) =>
      perSymbol(req, 1, 10, (m) => {
        const k = m.mark;
        if (k !== undefined)
          return `{"symbol":"${m.symbol}","markPrice":"${k.p}","indexPrice":"${k.i}","estimatedSettlePrice":"${k.P}","lastFundingRate":"${k.r || '0.00000000'}","interestRate":"0.00010000","nextFundingTime":${k.T},"time":${k.E}}`;
        // No markPrice frames: the last replayed trade stands in for mark and index, funding is unknown (0).
        const last = m.last;
        if (last === undefined) return req.params.get('symbol') === null ? undefined : notOnTape(m.symbol, 'price');
        const next = Math.floor(state.now / HOUR8) * HOUR8 + HOUR8;
        return `{"symbol":"${m.symbol}","markPrice":"${last.p}","indexPrice":"${last.p}","estimatedSettlePrice":"${last.p}","lastFundingRate":"0.00000000","interestRate":"0.00010000","nextFundingTime":${next},"time":${state.now}}`;
      }),
    'GET /fapi/v1/openInterest': (req) => {
      const m = one(req);
      if (m.oi === undefined) notOnTape(m.symbol, 'open interest');
      return ok(`{"openInterest":"${m.oi.value}","symbol":"${m.symbol}","time":${m.oi.time}}`);
    },
    'GET /futures/data/openInterestHist': (req) => {
      const m = one(req);
      mandatory(req.params, 'period');
      // The tape's own openInterest samples, when it recorded any; else none (a tape without OI has no history).
      const oi = m.oi;
      const last = m.last;
      if (oi === undefined || last === undefined) return ok('[]');
      return ok(
        `[{"symbol":"${m.symbol}","sumOpenInterest":"${oi.value}","sumOpenInterestValue":"${(Number(oi.value) * last.price).toFixed(8)}","CMCCirculatingSupply":"0","timestamp":${oi.time}}]`,
      );
    },
    // Funding settlements are not on a tape: no history (the paper venue books funding from markPrice frames).
    'GET /fapi/v1/fundingRate': () => ok('[]'),
  };
}
