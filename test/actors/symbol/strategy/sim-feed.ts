/**
 * The simulated venue's synthetic market in virtual time, in process: SymbolMarket stepped as fast as the CPU
 * allows, its output encoded by the sim's own FrameEncoder/REST handlers and decoded by the Binance codec — the
 * bytes a live ingest would see, without sockets or wall clock. Start-up mirrors ingest: klines and
 * openInterestHist backfill, a depth snapshot, `backfillDone`, then streams (aggTrade, @depth@100ms, closed
 * klines, forceOrder) and an openInterest poll every 10 s.
 */
import type { SymbolInput } from '../../../../src/schema/symbol-input.js';
import { decodeRest } from '../../../../src/venues/binance/codec/decode-rest.js';
import { decodeStreamText } from '../../../../src/venues/binance/codec/decode-event.js';
import type { KlineBar } from '../../../../src/venues/sim/market/klines.js';
import type { AggTradePrint, ForceOrderPrint, MarketSink } from '../../../../src/venues/sim/market/market-events.js';
import { STEP_MS, SymbolMarket } from '../../../../src/venues/sim/market/symbol-market.js';
import { symbolSpec } from '../../../../src/venues/sim/market/symbol-spec.js';
import { FrameEncoder } from '../../../../src/venues/sim/server/frame-encoder.js';
import { MarketHistory } from '../../../../src/venues/sim/server/market-history.js';
import { marketRoutes } from '../../../../src/venues/sim/server/rest-market.js';

/** @depth@100ms, what ingest subscribes to. */
const DEPTH_CADENCE = 1;
const OI_POLL_MS = 10_000;

class DecodingSink implements MarketSink {
  enc: FrameEncoder | undefined;
  out: SymbolInput[] = [];

  private push(text: string): void {
    const e = decodeStreamText(text);
    if (e) this.out.push(e);
  }

  aggTrade(_symbol: string, eventTime: number, t: AggTradePrint): void {
    if (this.enc) this.push(this.enc.aggTrade(eventTime, t));
  }

  depth(
    _s: string,
    cadence: number,
    eventTime: number,
    first: number,
    last: number,
    prev: number,
    bids: number[],
    asks: number[],
  ): void {
    if (this.enc && cadence === DEPTH_CADENCE)
      this.push(this.enc.depthUpdate(eventTime, first, last, prev, bids, asks));
  }

  bookTicker(): void {}
  markPrice(): void {}

  forceOrder(_symbol: string, eventTime: number, o: ForceOrderPrint): void {
    if (this.enc) this.push(this.enc.forceOrder(eventTime, o));
  }

  klineClosed(_symbol: string, eventTime: number, bar: KlineBar): void {
    if (this.enc && bar.interval === '1m') this.push(this.enc.kline(eventTime, bar, true));
  }
}

export interface SimFeed {
  readonly symbol: string;
  /** Start-up inputs (backfill, snapshot, backfillDone), then each `next(ms)` call's stream inputs. */
  start(): SymbolInput[];
  /** Advances the market `ms` of exchange time and returns what it emitted, in order. */
  advance(ms: number): SymbolInput[];
}

export function simFeed(symbol: string, seed: number, startTime = 1_723_075_200_000): SimFeed {
  const sink = new DecodingSink();
  const market = new SymbolMarket(symbolSpec(symbol), seed, startTime, sink);
  const enc = new FrameEncoder(market);
  const history = new MarketHistory(seed);
  history.register(market);
  const routes = marketRoutes({
    markets: new Map([[symbol, market]]),
    encoders: new Map([[symbol, enc]]),
    history,
    now: () => market.time,
  });
  const rest = (path: string, query: string): SymbolInput[] => {
    const handler = routes[`GET ${path}`];
    if (!handler) throw new Error(`sim has no ${path}`);
    const params = new URLSearchParams(query);
    const reply = handler({
      method: 'GET',
      path,
      rawQuery: query,
      rawBody: '',
      params,
      apiKey: undefined,
      receivedAt: market.time,
    });
    if (reply.status !== 200) throw new Error(`${path}: ${reply.status} ${reply.body}`);
    return decodeRest(`${path}?${query}`, JSON.parse(reply.body), market.time) ?? [];
  };
  let nextOiPoll = 0;
  return {
    symbol,
    start() {
      // Warm the book like the sim does before it opens, then the backfills ingest asks for.
      for (let i = 0; i < 40; i++) market.step();
      sink.enc = enc;
      const out: SymbolInput[] = [
        ...rest('/fapi/v1/klines', `symbol=${symbol}&interval=1m&limit=100`),
        ...rest('/futures/data/openInterestHist', `symbol=${symbol}&period=5m&limit=30`),
        ...rest('/fapi/v1/depth', `symbol=${symbol}&limit=1000`),
        ...rest('/fapi/v1/openInterest', `symbol=${symbol}`),
        { kind: 'backfillDone', symbol, eventTime: market.time },
      ];
      nextOiPoll = market.time + OI_POLL_MS;
      return out;
    },
    advance(ms) {
      sink.out = [];
      const end = market.time + ms;
      while (market.time + STEP_MS <= end) {
        market.step();
        if (market.time >= nextOiPoll) {
          nextOiPoll += OI_POLL_MS;
          sink.out.push(...rest('/fapi/v1/openInterest', `symbol=${symbol}`));
        }
      }
      return sink.out;
    },
  };
}
