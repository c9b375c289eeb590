/**
 * Time & Sales over a rolling window of exchange time: count, buy/sell volume, VWAP, largest print and its
 * side, trades per second. Trades go into a preallocated ring (no allocation per trade); the figures are
 * computed by one scan at snapshot time, so they carry no running-sum float drift. The rate divides by the
 * time the window has really covered: min(window, time since the session's start).
 */
import type { Static } from '@sinclair/typebox';
import type { TimeAndSalesBlock } from '../../../schema/metrics-message.js';
import type { StateHasher } from '../state-hash.js';
import type { PrintSource } from '../symbol-event-queue.js';
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

  /** `ts` must not go backwards (the engine passes the print's stamp: trade-stamp.ts). */
  onTrade(ts: number, price: number, qty: number, sign: number): void {
    this.ring.push4(ts, price, qty, sign);
    this.ring.evictThrough(ts - this.windowMs);
  }

  /** The window (now − windowMs, now]; `sinceStartMs` = now − the session's start. */
  figures(
    now: number,
    sinceStartMs: number,
    source: PrintSource | null,
    quantity: 'q' | 'nq',
    lateTrades: number,
  ): TimeAndSalesFigures {
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
    const covered = Math.min(this.windowMs, sinceStartMs);
    return {
      windowMs: this.windowMs,
      count: ring.size,
      buyVolume: buy,
      sellVolume: sell,
      vwap: volume > 0 ? notional / volume : null,
      largest,
      largestSide,
      rate: covered > 0 ? ring.size / (covered / 1000) : 0,
      source,
      quantity,
      lateTrades,
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
