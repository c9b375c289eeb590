/**
 * Session VWAP with bands: vwap = Σ q·p / Σ q over every print of the session, σ = the volume-weighted standard
 * deviation of price, √(Σ q·(p − vwap)² / Σ q); bands at vwap ± σ and ± 2σ. The sums are kept relative to the
 * session's first price (p − p0), so σ does not drown in the cancellation of p² terms. O(1) per print.
 */
import type { Static } from '@sinclair/typebox';
import type { VwapBlock } from '../../../schema/metrics-message.js';
import type { StateHasher } from '../state-hash.js';

export type VwapFigures = Static<typeof VwapBlock>;

/** p0 (NaN before the first print), Σq, Σq·(p − p0), Σq·(p − p0)². */
export type SessionVwapData = [number, number, number, number];

export class SessionVwap {
  private p0 = Number.NaN;
  private sumQ = 0;
  private sumQd = 0;
  private sumQd2 = 0;

  constructor(data?: SessionVwapData) {
    if (data) {
      this.p0 = data[0] ?? Number.NaN;
      this.sumQ = data[1];
      this.sumQd = data[2];
      this.sumQd2 = data[3];
    }
  }

  onTrade(price: number, qty: number): void {
    if (Number.isNaN(this.p0)) this.p0 = price;
    const d = price - this.p0;
    this.sumQ += qty;
    this.sumQd += qty * d;
    this.sumQd2 += qty * d * d;
  }

  figures(): VwapFigures {
    if (!(this.sumQ > 0)) {
      return { vwap: null, std: null, upper1: null, lower1: null, upper2: null, lower2: null, volume: this.sumQ };
    }
    const meanD = this.sumQd / this.sumQ;
    const vwap = this.p0 + meanD;
    const variance = this.sumQd2 / this.sumQ - meanD * meanD;
    const std = variance > 0 ? Math.sqrt(variance) : 0;
    return {
      vwap,
      std,
      upper1: vwap + std,
      lower1: vwap - std,
      upper2: vwap + 2 * std,
      lower2: vwap - 2 * std,
      volume: this.sumQ,
    };
  }

  hashInto(h: StateHasher): void {
    h.tag('vwap').num(this.p0).num(this.sumQ).num(this.sumQd).num(this.sumQd2);
  }

  toData(): SessionVwapData {
    return [this.p0, this.sumQ, this.sumQd, this.sumQd2];
  }
}
