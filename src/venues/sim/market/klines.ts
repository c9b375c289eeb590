/**
 * Candles of every Binance interval, kept current from the trades of one symbol, and the closed 1m bars that
 * REST `klines` serves (with the pre-start history) — so history and the live stream are the same numbers.
 */

export const KLINE_INTERVALS = [
  '1m',
  '3m',
  '5m',
  '15m',
  '30m',
  '1h',
  '2h',
  '4h',
  '6h',
  '8h',
  '12h',
  '1d',
  '3d',
  '1w',
  '1M',
] as const;
export type KlineInterval = (typeof KLINE_INTERVALS)[number];

const MINUTE = 60_000;
const FIXED_MS: Record<Exclude<KlineInterval, '1M'>, number> = {
  '1m': MINUTE,
  '3m': 3 * MINUTE,
  '5m': 5 * MINUTE,
  '15m': 15 * MINUTE,
  '30m': 30 * MINUTE,
  '1h': 60 * MINUTE,
  '2h': 120 * MINUTE,
  '4h': 240 * MINUTE,
  '6h': 360 * MINUTE,
  '8h': 480 * MINUTE,
  '12h': 720 * MINUTE,
  '1d': 1440 * MINUTE,
  '3d': 3 * 1440 * MINUTE,
  '1w': 7 * 1440 * MINUTE,
};
/** 1970-01-01 was a Thursday; Binance weeks open on Monday 00:00 UTC. */
const WEEK_OFFSET = 4 * 1440 * MINUTE;

export function isKlineInterval(s: string): s is KlineInterval {
  return (KLINE_INTERVALS as readonly string[]).includes(s);
}

/** [open, close] times (close = next open - 1) of the bar of `interval` containing `time`. */
export function barBounds(interval: KlineInterval, time: number): [number, number] {
  if (interval === '1M') {
    const d = new Date(time);
    const open = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
    const next = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
    return [open, next - 1];
  }
  const len = FIXED_MS[interval];
  const offset = interval === '1w' ? WEEK_OFFSET : 0;
  const open = Math.floor((time - offset) / len) * len + offset;
  return [open, open + len - 1];
}

/** Prices in ticks, volumes in units; quote volumes in quote currency (float). */
export interface KlineBar {
  interval: KlineInterval;
  open: number;
  close: number;
  firstId: number;
  lastId: number;
  o: number;
  h: number;
  l: number;
  c: number;
  v: number;
  q: number;
  n: number;
  takerV: number;
  takerQ: number;
}

export function emptyBar(interval: KlineInterval, time: number, lastTick: number, lastId: number): KlineBar {
  const [open, close] = barBounds(interval, time);
  return {
    interval,
    open,
    close,
    firstId: -1,
    lastId: lastId,
    o: lastTick,
    h: lastTick,
    l: lastTick,
    c: lastTick,
    v: 0,
    q: 0,
    n: 0,
    takerV: 0,
    takerQ: 0,
  };
}

export function addTrade(
  bar: KlineBar,
  tick: number,
  units: number,
  quote: number,
  tradeId: number,
  takerBuy: boolean,
): void {
  if (bar.n === 0) {
    bar.o = bar.h = bar.l = tick;
    bar.firstId = tradeId;
  }
  if (tick > bar.h) bar.h = tick;
  if (tick < bar.l) bar.l = tick;
  bar.c = tick;
  bar.v += units;
  bar.q += quote;
  bar.n += 1;
  bar.lastId = tradeId;
  if (takerBuy) {
    bar.takerV += units;
    bar.takerQ += quote;
  }
}

/** The current bar of every interval for one symbol. */
export class KlineSet {
  readonly bars: KlineBar[];
  /** Closed 1m bars since the start, oldest first (REST merges them after the synthetic history). */
  readonly closed1m: KlineBar[] = [];

  constructor(time: number, lastTick: number) {
    this.bars = KLINE_INTERVALS.map((i) => emptyBar(i, time, lastTick, -1));
  }

  get(interval: KlineInterval): KlineBar {
    return this.bars[KLINE_INTERVALS.indexOf(interval)] as KlineBar;
  }

  trade(tick: number, units: number, quote: number, tradeId: number, takerBuy: boolean): void {
    for (const bar of this.bars) addTrade(bar, tick, units, quote, tradeId, takerBuy);
  }

  /** Rolls every bar that ended before `time`; calls `onClosed` for each closed bar. */
  roll(time: number, onClosed: (bar: KlineBar) => void): void {
    const bars = this.bars;
    for (let i = 0; i < bars.length; i++) {
      const bar = bars[i] as KlineBar;
      if (time <= bar.close) continue;
      onClosed(bar);
      if (bar.interval === '1m') this.closed1m.push(bar);
      bars[i] = emptyBar(bar.interval, time, bar.c, bar.lastId);
    }
  }
}
