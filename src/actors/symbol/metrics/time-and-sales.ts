/**
 * Time & Sales over a rolling window of exchange time: count, buy/sell volume, VWAP, largest print and its
 * side, trades per second. Trades go into a preallocated ring (no allocation per trade); the figures are
 * computed by one scan at snapshot time, so they carry no running-sum float drift.
 */
import type { Static } from '@sinclair/typebox';
import type { TimeAndSalesBlock } from '../../../schema/metrics-message.js';
import type { StateHasher } from '../state-hash.js';
import { TimeRing, type TimeRingData } from '../time-ring.js';

export type TimeAndSalesFigures = Static<typeof TimeAndSalesBlock>;

// Record layout: exchange time (column 0), price, qty, side (+1 buy aggressor, −1 sell aggressor).
const PX = 1;
const QTY = 2;
const SIDE = 3;

export class TimeAndSales {
  private ring: TimeRing;

  constructor(
    public windowMs: number,
    ring?: TimeRing,
  ) {
    this.ring = ring ?? new TimeRing(4);
  }

  /** `ts` must not go backwards (the engine passes its monotonic clock). */
  onTrade(ts: number, price: number, qty: number, sign: number): void {
    this.ring.push4(ts, price, qty, sign);
    this.ring.evictThrough(ts - this.windowMs);
  }

  /** The window (now − windowMs, now]. */
  figures(now: number): TimeAndSalesFigures {
    const ring = this.ring;
    ring.evictThrough(now - this.windowMs);
    let buy = 0;
    let sell = 0;
    let notional = 0;
    let largest = 0;
    let largestSide: 'buy' | 'sell' | null = null;
    for (let i = 0; i < ring.size; i++) {
      const q = ring.get(i, QTY);
      const side = ring.get(i, SIDE);
      if (side > 0) buy += q;
      else sell += q;
      notional += ring.get(i, PX) * q;
      // Strictly greater: the earliest of equal prints wins, so the result does not depend on scan tricks.
      if (q > largest) {
        largest = q;
        largestSide = side > 0 ? 'buy' : 'sell';
      }
    }
    const volume = buy + sell;
    return {
      windowMs: this.windowMs,
      count: ring.size,
      buyVolume: buy,
      sellVolume: sell,
      vwap: volume > 0 ? notional / volume : null,
      largest,
      largestSide,
      rate: ring.size / (this.windowMs / 1000),
    };
  }

  hashInto(h: StateHasher): void {
    h.tag('tas').num(this.windowMs);
    this.ring.hashInto(h);
  }

  toData(): TimeRingData {
    return this.ring.toData();
  }

  static fromData(windowMs: number, data: TimeRingData): TimeAndSales {
    return new TimeAndSales(windowMs, TimeRing.fromData(data));
  }
}
