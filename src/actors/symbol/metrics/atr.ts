/**
 * ATR and range high/low on bars of one kline interval: closed bars come from the kline backfill (and kline
 * events), the current bar is kept from trades (and open klines) and closes when exchange time passes its end.
 * A venue kline for a bar wins over the trade-built one. ATR = mean true range of the last `period` closed
 * bars (the first bar's TR is high − low when its previous close is unknown); null until `period` bars exist.
 */
import type { Static } from '@sinclair/typebox';
import type { AtrBlock } from '../../../schema/metrics-message.js';
import type { KlineEvent } from '../../../schema/market-events.js';
import type { AtrInterval } from '../symbol-params.js';
import type { StateHasher } from '../state-hash.js';
import { TimeRing, type TimeRingData } from '../time-ring.js';

export type AtrFigures = Static<typeof AtrBlock>;

export interface AtrData {
  bars: TimeRingData;
  /** Current bar: openTime (−1 when none), high, low, close. */
  current: [number, number, number, number];
  stale: number;
}

// Closed bar record: openTime, high, low, close.
const OPEN = 0;
const HIGH = 1;
const LOW = 2;
const CLOSE = 3;

export class Atr {
  private bars: TimeRing;
  private curOpen = -1;
  private curHigh = 0;
  private curLow = 0;
  private curClose = 0;
  private staleCount = 0;
  /** Results of `range()` (NaN when no bar): fields, not a returned object, so the per-event path allocates nothing. */
  rangeHigh = Number.NaN;
  rangeLow = Number.NaN;
  /** Memo of `valueNow()`: closed bars only change in closeBar, so it is recomputed once per bar, not per event. */
  private valueMemo = Number.NaN;
  private valueMemoBars = -1;
  private valueMemoOpen = Number.NaN;

  constructor(
    readonly interval: AtrInterval,
    readonly intervalMs: number,
    readonly period: number,
    readonly rangeBars: number,
    data?: AtrData,
  ) {
    this.bars = data ? TimeRing.fromData(data.bars) : new TimeRing(4, 64);
    if (data) {
      [this.curOpen, this.curHigh, this.curLow, this.curClose] = data.current;
      this.staleCount = data.stale;
    }
  }

  /** Bars kept: enough for the ATR (period + 1 for the first previous close) and for the range. */
  private get keep(): number {
    return Math.max(this.period + 1, this.rangeBars);
  }

  onKline(k: KlineEvent): void {
    if (k.interval !== this.interval) return;
    if (k.closed) {
      this.closeBar(k.openTime, k.high, k.low, k.close);
      return;
    }
    if (k.openTime > this.curOpen) {
      this.finishCurrent();
      this.curOpen = k.openTime;
      this.curHigh = k.high;
      this.curLow = k.low;
      this.curClose = k.close;
    } else if (k.openTime === this.curOpen) {
      // The venue's open bar covers trades we may not have seen (before start): widen, never narrow.
      if (k.high > this.curHigh) this.curHigh = k.high;
      if (k.low < this.curLow) this.curLow = k.low;
      this.curClose = k.close;
    } else {
      this.staleCount++;
    }
  }

  onTrade(ts: number, price: number): void {
    const open = ts - (ts % this.intervalMs);
    if (open > this.curOpen) {
      this.finishCurrent();
      this.curOpen = open;
      this.curHigh = price;
      this.curLow = price;
    } else if (open === this.curOpen) {
      if (price > this.curHigh) this.curHigh = price;
      if (price < this.curLow) this.curLow = price;
    } else {
      return; // a bar already closed by a venue kline: its values stand
    }
    this.curClose = price;
  }

  /** Closes the current bar once exchange time `now` has reached its end. */
  roll(now: number): void {
    if (this.curOpen >= 0 && now >= this.curOpen + this.intervalMs) this.finishCurrent();
  }

  /** Simple mean of the true range over the last `period` bars; NaN until there are that many. */
  private meanTrueRange(): number {
    const bars = this.bars;
    const n = bars.size;
    if (n < this.period) return Number.NaN;
    let sum = 0;
    for (let i = n - this.period; i < n; i++) {
      const h = bars.get(i, HIGH);
      const l = bars.get(i, LOW);
      let tr = h - l;
      if (i > 0) {
        const pc = bars.get(i - 1, CLOSE);
        tr = Math.max(tr, Math.abs(h - pc), Math.abs(l - pc));
      }
      sum += tr;
    }
    return sum / this.period;
  }

  figures(now: number): AtrFigures {
    this.roll(now);
    const bars = this.bars;
    const n = bars.size;
    const mean = this.meanTrueRange();
    const value: number | null = Number.isNaN(mean) ? null : mean;
    let high: number | null = null;
    let low: number | null = null;
    let closedInRange = this.rangeBars;
    if (this.curOpen >= 0) {
      high = this.curHigh;
      low = this.curLow;
      closedInRange--;
    }
    for (let i = Math.max(0, n - closedInRange); i < n; i++) {
      const h = bars.get(i, HIGH);
      const l = bars.get(i, LOW);
      if (high === null || h > high) high = h;
      if (low === null || l < low) low = l;
    }
    return { interval: this.interval, period: this.period, value, high, low };
  }

  /**
   * High/low of the last `bars` bars into `rangeHigh`/`rangeLow`: the current bar counts as one when
   * `withCurrent` (strategies: the sweep's prior range), else closed bars only (the range a breakout leaves).
   * O(bars) without allocation; strategies call it per event (bench/strategy.bench.ts).
   */
  range(bars: number, withCurrent: boolean): void {
    let high = Number.NaN;
    let low = Number.NaN;
    let closed = bars;
    if (withCurrent && this.curOpen >= 0) {
      high = this.curHigh;
      low = this.curLow;
      closed--;
    }
    const ring = this.bars;
    const n = ring.size;
    for (let i = Math.max(0, n - closed); i < n; i++) {
      const h = ring.get(i, HIGH);
      const l = ring.get(i, LOW);
      if (!(h <= high)) high = h;
      if (!(l >= low)) low = l;
    }
    this.rangeHigh = high;
    this.rangeLow = low;
  }

  /** The ATR as `figures()` computes it, NaN until `period` bars; memoized per closed-bar set. */
  valueNow(): number {
    const bars = this.bars;
    const n = bars.size;
    const lastOpen = n > 0 ? bars.last(OPEN) : Number.NaN;
    if (n === this.valueMemoBars && lastOpen === this.valueMemoOpen) return this.valueMemo;
    const value = this.meanTrueRange();
    this.valueMemo = value;
    this.valueMemoBars = n;
    this.valueMemoOpen = lastOpen;
    return value;
  }

  private finishCurrent(): void {
    if (this.curOpen < 0) return;
    const open = this.curOpen;
    this.curOpen = -1;
    this.closeBar(open, this.curHigh, this.curLow, this.curClose);
  }

  private closeBar(openTime: number, high: number, low: number, close: number): void {
    const bars = this.bars;
    this.valueMemoBars = -1; // a venue kline may rewrite the last bar in place
    if (openTime === this.curOpen) this.curOpen = -1; // the venue's closed kline replaces our bar
    if (bars.size > 0 && openTime <= bars.last(OPEN)) {
      if (openTime === bars.last(OPEN)) {
        bars.setLast(HIGH, high);
        bars.setLast(LOW, low);
        bars.setLast(CLOSE, close);
      } else {
        this.staleCount++;
      }
      return;
    }
    bars.push4(openTime, high, low, close);
    bars.evictThrough(openTime - this.keep * this.intervalMs);
  }

  hashInto(h: StateHasher): void {
    h.tag('atr').str(this.interval).num(this.period).num(this.rangeBars).num(this.staleCount);
    h.num(this.curOpen).num(this.curHigh).num(this.curLow).num(this.curClose);
    this.bars.hashInto(h);
  }

  toData(): AtrData {
    return {
      bars: this.bars.toData(),
      current: [this.curOpen, this.curHigh, this.curLow, this.curClose],
      stale: this.staleCount,
    };
  }
}
