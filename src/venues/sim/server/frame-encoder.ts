/**
 * Builds the venue's JSON payloads directly as strings, field order as the venue sends them
 * (docs/venue-binance.md, payload fields; bookTicker in the order of the 2024 recordings). One encoder per symbol holds the
 * symbol's formatting constants so the per-event path is a template literal and a few toFixed calls.
 */
import { KLINE_INTERVALS, type KlineBar } from '../market/klines.js';
import type { AggTradePrint, ForceOrderPrint } from '../market/market-events.js';
import { ASK, BID, type OrderBook } from '../market/order-book.js';
import type { SymbolMarket } from '../market/symbol-market.js';

/** Diff-depth stream suffixes per cadence index (DEPTH_CADENCES_MS); plain `@depth` is the 250 ms one. */
const DEPTH_SUFFIXES: ReadonlyArray<readonly string[]> = [
  ['@depth@0ms'],
  ['@depth@100ms'],
  ['@depth', '@depth@250ms'],
  ['@depth@500ms'],
];
const PARTIAL_SUFFIXES: ReadonlyArray<ReadonlyArray<readonly [string, number]>> = [
  [],
  [
    ['@depth5@100ms', 5],
    ['@depth10@100ms', 10],
    ['@depth20@100ms', 20],
  ],
  [
    ['@depth5', 5],
    ['@depth10', 10],
    ['@depth20', 20],
    ['@depth5@250ms', 5],
    ['@depth10@250ms', 10],
    ['@depth20@250ms', 20],
  ],
  [
    ['@depth5@500ms', 5],
    ['@depth10@500ms', 10],
    ['@depth20@500ms', 20],
  ],
];

/** A symbol's stream names, built once (the publish path looks them up per event). */
export interface StreamNames {
  aggTrade: string;
  trade: string;
  depth: string[][];
  partial: Array<Array<[string, number]>>;
  /** In KLINE_INTERVALS order. */
  kline: string[];
}

export class FrameEncoder {
  readonly symbol: string;
  readonly names: StreamNames;
  private readonly tick: number;
  private readonly step: number;
  private readonly pd: number;
  private readonly qd: number;

  constructor(readonly market: SymbolMarket) {
    const spec = market.spec;
    this.symbol = spec.symbol;
    this.tick = spec.tickSize;
    this.step = spec.stepSize;
    this.pd = spec.priceDecimals;
    this.qd = spec.qtyDecimals;
    const lower = spec.symbol.toLowerCase();
    this.names = {
      aggTrade: `${lower}@aggTrade`,
      trade: `${lower}@trade`,
      depth: DEPTH_SUFFIXES.map((list) => list.map((sfx) => `${lower}${sfx}`)),
      partial: PARTIAL_SUFFIXES.map((list) => list.map(([sfx, n]) => [`${lower}${sfx}`, n] as [string, number])),
      kline: KLINE_INTERVALS.map((i) => `${lower}@kline_${i}`),
    };
  }

  price(tick: number): string {
    return (tick * this.tick).toFixed(this.pd);
  }

  qty(units: number): string {
    return (units * this.step).toFixed(this.qd);
  }

  aggTrade(E: number, t: AggTradePrint): string {
    const q = this.qty(t.qtyUnits);
    return `{"e":"aggTrade","E":${E},"s":"${this.symbol}","a":${t.aggId},"p":"${this.price(t.priceTick)}","q":"${q}","nq":"${q}","f":${t.firstId},"l":${t.lastId},"T":${t.time},"m":${t.buyerMaker},"st":1}`;
  }

  /** The individual trades behind an aggregate (quantity split evenly, remainder on the first). */
  trades(E: number, t: AggTradePrint, out: string[]): void {
    const n = t.lastId - t.firstId + 1;
    const each = Math.floor(t.qtyUnits / n);
    const p = this.price(t.priceTick);
    for (let i = 0; i < n; i++) {
      const units = i === 0 ? t.qtyUnits - each * (n - 1) : each;
      out.push(
        `{"e":"trade","E":${E},"T":${t.time},"s":"${this.symbol}","t":${t.firstId + i},"p":"${p}","q":"${this.qty(units)}","X":"${t.liquidation ? 'LIQUIDATION' : 'MARKET'}","m":${t.buyerMaker}}`,
      );
    }
  }

  private levels(flat: number[]): string {
    let s = '[';
    for (let i = 0; i < flat.length; i += 2) {
      if (i > 0) s += ',';
      s += `["${this.price(flat[i] as number)}","${this.qty(flat[i + 1] as number)}"]`;
    }
    return `${s}]`;
  }

  depthUpdate(E: number, U: number, u: number, pu: number, bids: number[], asks: number[]): string {
    return `{"e":"depthUpdate","E":${E},"T":${E - 1},"s":"${this.symbol}","U":${U},"u":${u},"pu":${pu},"b":${this.levels(bids)},"a":${this.levels(asks)}}`;
  }

  private topLevels(book: OrderBook, side: typeof BID | typeof ASK, n: number): string {
    const s = book.sides[side];
    const count = Math.min(n, s.ticks.length);
    let out = '[';
    for (let i = 0; i < count; i++) {
      const t = s.ticks[i] as number;
      if (i > 0) out += ',';
      out += `["${this.price(t)}","${this.qty(s.qty.get(t) as number)}"]`;
    }
    return `${out}]`;
  }

  partialDepth(E: number, U: number, u: number, pu: number, n: number): string {
    const book = this.market.book;
    return `{"e":"depthUpdate","E":${E},"T":${E - 1},"s":"${this.symbol}","U":${U},"u":${u},"pu":${pu},"b":${this.topLevels(book, BID, n)},"a":${this.topLevels(book, ASK, n)}}`;
  }

  bookTicker(u: number, E: number): string {
    const book = this.market.book;
    const bb = book.bestBid() ?? 0;
    const ba = book.bestAsk() ?? 0;
    return `{"e":"bookTicker","u":${u},"s":"${this.symbol}","b":"${this.price(bb)}","B":"${this.qty(book.qtyAt(BID, bb))}","a":"${this.price(ba)}","A":"${this.qty(book.qtyAt(ASK, ba))}","T":${E - 1},"E":${E}}`;
  }

  markPrice(E: number): string {
    const m = this.market;
    const mark = (m.markTick * this.tick).toFixed(8);
    const index = (m.indexTick * this.tick).toFixed(8);
    const settle = (m.indexTick * this.tick * (1 + m.fundingRate / 10)).toFixed(8);
    return `{"e":"markPriceUpdate","E":${E},"s":"${this.symbol}","p":"${mark}","i":"${index}","P":"${settle}","r":"${m.fundingRate.toFixed(8)}","ap":"${mark}","T":${m.nextFundingTime()}}`;
  }

  forceOrder(E: number, o: ForceOrderPrint): string {
    const q = this.qty(o.qtyUnits);
    return `{"e":"forceOrder","E":${E},"o":{"s":"${this.symbol}","S":"${o.side}","o":"LIMIT","f":"IOC","q":"${q}","p":"${this.price(o.limitTick)}","ap":"${(o.avgTick * this.tick).toFixed(this.pd)}","X":"FILLED","l":"${q}","z":"${q}","T":${o.time}}}`;
  }

  kline(E: number, bar: KlineBar, closed: boolean): string {
    return `{"e":"kline","E":${E},"s":"${this.symbol}","k":{"t":${bar.open},"T":${bar.close},"s":"${this.symbol}","i":"${bar.interval}","f":${bar.firstId},"L":${bar.lastId},"o":"${this.price(bar.o)}","c":"${this.price(bar.c)}","h":"${this.price(bar.h)}","l":"${this.price(bar.l)}","v":"${this.qty(bar.v)}","n":${bar.n},"x":${closed},"q":"${bar.q.toFixed(this.pd + this.qd)}","V":"${this.qty(bar.takerV)}","Q":"${bar.takerQ.toFixed(this.pd + this.qd)}","B":"0"}}`;
  }

  /** REST kline row: [openTime, o, h, l, c, v, closeTime, q, n, V, Q, "0"]. */
  klineRow(bar: KlineBar): string {
    return `[${bar.open},"${this.price(bar.o)}","${this.price(bar.h)}","${this.price(bar.l)}","${this.price(bar.c)}","${this.qty(bar.v)}",${bar.close},"${bar.q.toFixed(this.pd + this.qd)}",${bar.n},"${this.qty(bar.takerV)}","${bar.takerQ.toFixed(this.pd + this.qd)}","0"]`;
  }
}
