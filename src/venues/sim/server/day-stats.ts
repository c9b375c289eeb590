/**
 * Rolling 24-hour statistics per symbol for the ticker endpoints and streams: the 1440 closed 1m bars before
 * the current one (backfilled history joined to live bars) aggregated once per closed minute, plus the open
 * bar read live. So REST `ticker/24hr`, `@ticker` and `@miniTicker` agree with `klines` to the bar.
 */
import type { KlineBar } from '../market/klines.js';
import type { SymbolMarket } from '../market/symbol-market.js';
import type { FrameEncoder } from './frame-encoder.js';
import type { MarketHistory } from './market-history.js';

const DAY_BARS = 1440;

interface Window {
  /** Closed 1m bars seen when this was computed (a new one invalidates it). */
  closedCount: number;
  open: number;
  openTime: number;
  high: number;
  low: number;
  volume: number;
  quote: number;
  count: number;
  firstId: number;
}

export interface DayStats {
  openTick: number;
  highTick: number;
  lowTick: number;
  lastTick: number;
  lastQtyUnits: number;
  volumeUnits: number;
  quote: number;
  count: number;
  openTime: number;
  closeTime: number;
  firstId: number;
  lastId: number;
}

export class TickerStats {
  private readonly windows = new Map<string, Window>();

  constructor(private readonly history: MarketHistory) {}

  stats(m: SymbolMarket): DayStats {
    const w = this.window(m);
    const bar = m.klines.get('1m');
    const live = bar.n > 0;
    const last = m.trades.size() > 0 ? m.trades.at(m.trades.size() - 1) : undefined;
    return {
      openTick: w.open,
      highTick: live ? Math.max(w.high, bar.h) : w.high,
      lowTick: live ? Math.min(w.low, bar.l) : w.low,
      lastTick: m.lastTradeTick,
      lastQtyUnits: last?.qtyUnits ?? 0,
      volumeUnits: w.volume + bar.v,
      quote: w.quote + bar.q,
      count: w.count + bar.n,
      openTime: w.openTime,
      closeTime: m.time,
      firstId: w.firstId,
      lastId: last?.lastId ?? m.tradeId - 1,
    };
  }

  private window(m: SymbolMarket): Window {
    const closedCount = m.klines.closed1m.length;
    const cached = this.windows.get(m.symbol);
    if (cached && cached.closedCount === closedCount) return cached;
    const bars = this.history.klines(m, '1m', DAY_BARS + 1).slice(0, -1) as KlineBar[];
    const first = bars[0];
    const w: Window = {
      closedCount,
      open: first?.o ?? m.lastTradeTick,
      openTime: first?.open ?? m.time,
      high: Number.NEGATIVE_INFINITY,
      low: Number.POSITIVE_INFINITY,
      volume: 0,
      quote: 0,
      count: 0,
      firstId: first?.firstId ?? m.tradeId,
    };
    for (const b of bars) {
      if (b.n === 0) continue;
      if (b.h > w.high) w.high = b.h;
      if (b.l < w.low) w.low = b.l;
      w.volume += b.v;
      w.quote += b.q;
      w.count += b.n;
    }
    if (w.count === 0) w.high = w.low = w.open;
    this.windows.set(m.symbol, w);
    return w;
  }
}

/** The REST `ticker/24hr` object. */
export function ticker24hJson(enc: FrameEncoder, s: DayStats): string {
  const change = (s.lastTick - s.openTick) * enc.market.spec.tickSize;
  const pct = s.openTick > 0 ? ((s.lastTick - s.openTick) / s.openTick) * 100 : 0;
  const vol = s.volumeUnits * enc.market.spec.stepSize;
  const wavg = vol > 0 ? s.quote / vol : s.lastTick * enc.market.spec.tickSize;
  const pd = enc.market.spec.priceDecimals;
  return `{"symbol":"${enc.symbol}","priceChange":"${change.toFixed(pd)}","priceChangePercent":"${pct.toFixed(3)}","weightedAvgPrice":"${wavg.toFixed(pd)}","lastPrice":"${enc.price(s.lastTick)}","lastQty":"${enc.qty(s.lastQtyUnits)}","openPrice":"${enc.price(s.openTick)}","highPrice":"${enc.price(s.highTick)}","lowPrice":"${enc.price(s.lowTick)}","volume":"${enc.qty(s.volumeUnits)}","quoteVolume":"${s.quote.toFixed(2)}","openTime":${s.openTime},"closeTime":${s.closeTime},"firstId":${s.firstId},"lastId":${s.lastId},"count":${s.count}}`;
}

/** The `@ticker` stream payload (event `24hrTicker`). */
export function tickerEvent(enc: FrameEncoder, s: DayStats, E: number): string {
  const change = (s.lastTick - s.openTick) * enc.market.spec.tickSize;
  const pct = s.openTick > 0 ? ((s.lastTick - s.openTick) / s.openTick) * 100 : 0;
  const vol = s.volumeUnits * enc.market.spec.stepSize;
  const wavg = vol > 0 ? s.quote / vol : s.lastTick * enc.market.spec.tickSize;
  const pd = enc.market.spec.priceDecimals;
  return `{"e":"24hrTicker","E":${E},"s":"${enc.symbol}","p":"${change.toFixed(pd)}","P":"${pct.toFixed(3)}","w":"${wavg.toFixed(pd)}","c":"${enc.price(s.lastTick)}","Q":"${enc.qty(s.lastQtyUnits)}","o":"${enc.price(s.openTick)}","h":"${enc.price(s.highTick)}","l":"${enc.price(s.lowTick)}","v":"${enc.qty(s.volumeUnits)}","q":"${s.quote.toFixed(2)}","O":${s.openTime},"C":${s.closeTime},"F":${s.firstId},"L":${s.lastId},"n":${s.count}}`;
}

/** The `@miniTicker` stream payload (event `24hrMiniTicker`). */
export function miniTickerEvent(enc: FrameEncoder, s: DayStats, E: number): string {
  return `{"e":"24hrMiniTicker","E":${E},"s":"${enc.symbol}","c":"${enc.price(s.lastTick)}","o":"${enc.price(s.openTick)}","h":"${enc.price(s.highTick)}","l":"${enc.price(s.lowTick)}","v":"${enc.qty(s.volumeUnits)}","q":"${s.quote.toFixed(2)}"}`;
}
