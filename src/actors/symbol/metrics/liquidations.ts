/**
 * Liquidations (`forceOrder`) over a rolling window of stamped time: quantity and notional by side, count, the
 * largest by notional, and the session's latest. `side` is the liquidation order's side (sell = a long was
 * closed). A forceOrder counts its filled quantity at its average price (`z` at `ap`); when the venue reports
 * none filled, its order quantity at its order price. One ring push per liquidation; figures scan at snapshot.
 */
import type { Static } from '@sinclair/typebox';
import type { LiquidationsBlock } from '../../../schema/metrics-message.js';
import type { ForceOrderEvent } from '../../../schema/market-events.js';
import type { StateHasher } from '../state-hash.js';
import { TimeRing, type TimeRingData } from '../time-ring.js';

export type LiquidationsFigures = Static<typeof LiquidationsBlock>;

export interface LiquidationsData {
  ring: TimeRingData;
  /** The latest: trade time (−1 when none), side (+1 buy, −1 sell), price, qty. */
  last: [number, number, number, number];
}

// Record: stamp, side (+1 buy / −1 sell), price, qty.
const SIDE = 1;
const PX = 2;
const QTY = 3;

/** The fill a forceOrder reports: [price, qty] (see the module comment). */
export function liquidationFill(e: ForceOrderEvent): [number, number] {
  if (e.filledQty > 0) return [e.avgPrice > 0 ? e.avgPrice : e.price, e.filledQty];
  return [e.price, e.origQty];
}

function sideOf(sign: number): 'buy' | 'sell' {
  return sign > 0 ? 'buy' : 'sell';
}

export class Liquidations {
  private ring: TimeRing;
  private lastTs = -1;
  private lastSign = 0;
  private lastPrice = 0;
  private lastQty = 0;

  constructor(
    public windowMs: number,
    data?: LiquidationsData,
  ) {
    this.ring = data ? TimeRing.fromData(data.ring) : new TimeRing(4, 64);
    if (data) [this.lastTs, this.lastSign, this.lastPrice, this.lastQty] = data.last;
  }

  onLiquidation(stamp: number, tradeTime: number, sign: number, price: number, qty: number): void {
    this.ring.push4(stamp, sign, price, qty);
    this.ring.evictThrough(stamp - this.windowMs);
    this.lastTs = tradeTime;
    this.lastSign = sign;
    this.lastPrice = price;
    this.lastQty = qty;
  }

  /** The window (now − windowMs, now]. */
  figures(now: number): LiquidationsFigures {
    const ring = this.ring;
    ring.evictThrough(now - this.windowMs);
    let buyQty = 0;
    let sellQty = 0;
    let buyNotional = 0;
    let sellNotional = 0;
    let largest = 0;
    let largestSign = 0;
    let largestPrice = 0;
    for (let i = 0; i < ring.size; i++) {
      const q = ring.get(i, QTY);
      const p = ring.get(i, PX);
      const n = p * q;
      if (ring.get(i, SIDE) > 0) {
        buyQty += q;
        buyNotional += n;
      } else {
        sellQty += q;
        sellNotional += n;
      }
      // Strictly greater: the earliest of equal notionals wins.
      if (n > largest) {
        largest = n;
        largestSign = ring.get(i, SIDE);
        largestPrice = p;
      }
    }
    const any = this.lastTs >= 0;
    return {
      windowMs: this.windowMs,
      count: ring.size,
      buyQty,
      sellQty,
      buyNotional,
      sellNotional,
      largestNotional: largest,
      largestSide: largestSign === 0 ? null : sideOf(largestSign),
      largestPrice: largestSign === 0 ? null : largestPrice,
      lastTs: any ? this.lastTs : null,
      lastSide: any ? sideOf(this.lastSign) : null,
      lastPrice: any ? this.lastPrice : null,
      lastQty: any ? this.lastQty : null,
    };
  }

  hashInto(h: StateHasher): void {
    h.tag('liquidations').num(this.windowMs).num(this.lastTs).num(this.lastSign).num(this.lastPrice).num(this.lastQty);
    this.ring.hashInto(h);
  }

  toData(): LiquidationsData {
    return { ring: this.ring.toData(), last: [this.lastTs, this.lastSign, this.lastPrice, this.lastQty] };
  }
}
