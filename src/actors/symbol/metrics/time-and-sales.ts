/**
 * Time & Sales over a rolling window of exchange time: count, buy/sell volume, VWAP, largest print and its
 * side, trades per second. Trades go into a preallocated ring (no allocation per trade); the figures are
 * one left-to-right fold of the window, oldest first, so they carry no running-sum float drift. The fold is kept
 * between snapshots and only extended while nothing left the window (the same floats as a fresh scan: same
 * terms, same order); an eviction refolds from the new oldest record (bench/RESULTS.md, "window folds").
 * The rate divides by the time the window has really covered: min(window, time since the session's start).
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
  // The fold of the oldest `folded` records at ring generation `gen` (derived state: never hashed or saved).
  private gen = -1;
  private folded = 0;
  private buy = 0;
  private sell = 0;
  private notional = 0;
  private largest = 0;
  /** +1 buy, −1 sell, 0 none. */
  private largestSign = 0;

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
    this.fold();
    const buy = this.buy;
    const sell = this.sell;
    const notional = this.notional;
    const largest = this.largest;
    const largestSide = this.largestSign === 0 ? null : this.largestSign > 0 ? 'buy' : 'sell';
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

  /** Extends the cached fold to every live record (refolds from the oldest when one left or changed). */
  private fold(): void {
    const ring = this.ring;
    if (ring.generation !== this.gen) {
      this.gen = ring.generation;
      this.folded = 0;
      this.buy = 0;
      this.sell = 0;
      this.notional = 0;
      this.largest = 0;
      this.largestSign = 0;
    }
    const n = ring.size;
    if (this.folded === n) return;
    const buf = ring.raw;
    const mask = ring.slotMask;
    let slot = ring.slotOf(this.folded);
    let buy = this.buy;
    let sell = this.sell;
    let notional = this.notional;
    let largest = this.largest;
    let largestSign = this.largestSign;
    for (let i = this.folded; i < n; i++) {
      const at = slot * 4;
      const q = buf[at + QTY] as number;
      const side = buf[at + SIDE] as number;
      if (side > 0) buy += q;
      else sell += q;
      notional += (buf[at + PX] as number) * q;
      // Strictly greater: the earliest of equal prints wins, so the result does not depend on scan tricks.
      if (q > largest) {
        largest = q;
        largestSign = side > 0 ? 1 : -1;
      }
      slot = (slot + 1) & mask;
    }
    this.folded = n;
    this.buy = buy;
    this.sell = sell;
    this.notional = notional;
    this.largest = largest;
    this.largestSign = largestSign;
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
