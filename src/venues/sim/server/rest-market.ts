/**
 * Public market-data REST endpoints (docs/venue-binance.md, REST market data and weights): ping, time, exchangeInfo, depth, klines, aggTrades,
 * openInterest, openInterestHist, premiumIndex — answered from the same state the streams come from, so a
 * depth snapshot's lastUpdateId sits inside the diff stream and history meets the live candles.
 */
import { isKlineInterval } from '../market/klines.js';
import type { SymbolMarket } from '../market/symbol-market.js';
import { exchangeInfoJson } from './exchange-info.js';
import type { FrameEncoder } from './frame-encoder.js';
import type { MarketHistory } from './market-history.js';
import {
  mandatory,
  ok,
  optionalInt,
  type RestHandler,
  type RestReply,
  type RestRequest,
  VenueError,
} from './rest-types.js';

export interface MarketView {
  markets: Map<string, SymbolMarket>;
  encoders: Map<string, FrameEncoder>;
  history: MarketHistory;
  /** Venue time (wall clock plus any skew fault). */
  now(): number;
}

const DEPTH_LIMITS = [5, 10, 20, 50, 100, 500, 1000];

function depthWeight(limit: number): number {
  return limit <= 50 ? 2 : limit <= 100 ? 5 : limit <= 500 ? 10 : 20;
}

export function symbolOf(view: MarketView, req: RestRequest): { market: SymbolMarket; enc: FrameEncoder } {
  const symbol = mandatory(req.params, 'symbol').toUpperCase();
  const market = view.markets.get(symbol);
  const enc = view.encoders.get(symbol);
  if (!market || !enc) throw new VenueError(400, -1121, 'Invalid symbol.');
  return { market, enc };
}

function levelsJson(enc: FrameEncoder, pairs: Array<[number, number]>): string {
  let s = '[';
  for (let i = 0; i < pairs.length; i++) {
    const [t, q] = pairs[i] as [number, number];
    s += `${i > 0 ? ',' : ''}["${enc.price(t)}","${enc.qty(q)}"]`;
  }
  return `${s}]`;
}

export function marketRoutes(view: MarketView): Record<string, RestHandler> {
  return {
    'GET /fapi/v1/ping': () => ok('{}'),
    'GET /fapi/v1/time': () => ok(`{"serverTime":${view.now()}}`),
    'GET /fapi/v1/exchangeInfo': () => ok(exchangeInfoJson([...view.markets.values()], view.now())),
    'GET /fapi/v1/depth': (req) => {
      const { market, enc } = symbolOf(view, req);
      const limit = optionalInt(req.params, 'limit') ?? 500;
      const effective = DEPTH_LIMITS.find((l) => l >= limit) ?? 1000;
      // lastUpdateId is the id of the last level change applied, so some diff event has U <= it <= u.
      const E = market.time;
      return ok(
        `{"lastUpdateId":${market.lastChangeId},"E":${E},"T":${E - 1},"bids":${levelsJson(enc, market.book.top(0, effective))},"asks":${levelsJson(enc, market.book.top(1, effective))}}`,
        depthWeight(effective),
      );
    },
    'GET /fapi/v1/klines': (req) => klines(view, req),
    'GET /fapi/v1/aggTrades': (req) => {
      const { market, enc } = symbolOf(view, req);
      const limit = Math.min(1000, optionalInt(req.params, 'limit') ?? 500);
      const fromId = optionalInt(req.params, 'fromId');
      const start = optionalInt(req.params, 'startTime');
      const end = optionalInt(req.params, 'endTime');
      if (start !== undefined && end !== undefined && end - start > 3_600_000) {
        throw new VenueError(400, -1127, 'More than 1 hours between startTime and endTime.');
      }
      const rows = fromId !== undefined ? market.trades.fromId(fromId, limit) : market.trades.byTime(start, end, limit);
      const parts = rows.map((t) => {
        const q = enc.qty(t.qtyUnits);
        return `{"a":${t.aggId},"p":"${enc.price(t.priceTick)}","q":"${q}","nq":"${q}","f":${t.firstId},"l":${t.lastId},"T":${t.time},"m":${t.buyerMaker}}`;
      });
      return ok(`[${parts.join(',')}]`, 20);
    },
    'GET /fapi/v1/openInterest': (req) => {
      const { market, enc } = symbolOf(view, req);
      return ok(
        `{"openInterest":"${enc.qty(Math.round(market.openInterest))}","symbol":"${market.symbol}","time":${market.time}}`,
      );
    },
    'GET /futures/data/openInterestHist': (req) => {
      const { market } = symbolOf(view, req);
      const period = mandatory(req.params, 'period');
      const limit = Math.min(500, optionalInt(req.params, 'limit') ?? 30);
      const rows = view.history.openInterestHist(
        market,
        period,
        limit,
        optionalInt(req.params, 'startTime'),
        optionalInt(req.params, 'endTime'),
      );
      if (rows === undefined) throw new VenueError(400, -1130, 'Invalid data sent for a parameter.');
      return ok(rows);
    },
    'GET /fapi/v1/premiumIndex': (req) => {
      if (req.params.get('symbol') === null) {
        return ok(`[${[...view.encoders.values()].map((e) => premium(e)).join(',')}]`, 10);
      }
      const { enc } = symbolOf(view, req);
      return ok(premium(enc));
    },
  };
}

function premium(enc: FrameEncoder): string {
  const m = enc.market;
  const tick = m.spec.tickSize;
  return `{"symbol":"${m.symbol}","markPrice":"${(m.markTick * tick).toFixed(8)}","indexPrice":"${(m.indexTick * tick).toFixed(8)}","estimatedSettlePrice":"${(m.indexTick * tick).toFixed(8)}","lastFundingRate":"${m.fundingRate.toFixed(8)}","interestRate":"0.00010000","nextFundingTime":${m.nextFundingTime()},"time":${m.time}}`;
}

function klines(view: MarketView, req: RestRequest): RestReply {
  const { market, enc } = symbolOf(view, req);
  const interval = mandatory(req.params, 'interval');
  if (!isKlineInterval(interval)) throw new VenueError(400, -1120, 'Invalid interval.');
  const limit = Math.min(1500, optionalInt(req.params, 'limit') ?? 500);
  const bars = view.history.klines(
    market,
    interval,
    limit,
    optionalInt(req.params, 'startTime'),
    optionalInt(req.params, 'endTime'),
  );
  const weight = limit < 100 ? 1 : limit < 500 ? 2 : limit <= 1000 ? 5 : 10;
  return ok(`[${bars.map((b) => enc.klineRow(b)).join(',')}]`, weight);
}
