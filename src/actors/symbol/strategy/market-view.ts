/**
 * `MarketView`: the numbers the strategies read, refreshed by the engine after each event from its metric
 * modules — one mutable monomorphic object of plain numbers (NaN = not known), so an evaluation allocates
 * nothing. Every field is a pure function of the ordered input up to that event (exchange time, no clock).
 */
import type { BookSide } from '../book/book-side.js';

export class MarketView {
  /** Exchange time of the event just applied (the engine's monotonic clock). */
  ts = 0;
  /** Book in sync and backfill done: strategies never fire otherwise. */
  ready = false;
  /** Last trade price. */
  price = Number.NaN;
  bid = Number.NaN;
  ask = Number.NaN;
  /** OBI over the top `obiLevels` levels per side (−1..1). */
  obi = Number.NaN;
  /** Session CVD, base asset. */
  cvd = 0;
  /** ATR of the kline interval (price units). */
  atr = Number.NaN;
  /** Delta Z of the current interval (includes the event just applied). */
  zLive = Number.NaN;
  /** Delta Z of the summed last `imbalanceBreakout.flowIntervals` intervals. */
  flowZ = Number.NaN;
  /** Open interest change over `imbalanceBreakout.oiLookbackMs`, percent. */
  oiChangePct = Number.NaN;
  /** Sweep-Fade range (last `sweepFade.rangeBars` bars, current included) BEFORE the trade being applied. */
  sweepHigh = Number.NaN;
  sweepLow = Number.NaN;
  /** Imbalance-Breakout range: last `imbalanceBreakout.rangeBars` closed bars. */
  breakHigh = Number.NaN;
  breakLow = Number.NaN;

  /** OBI of the top `levels` per side, NaN on an empty book (metrics/obi.ts computes the same for the snapshot). */
  setObi(bids: BookSide, asks: BookSide, levels: number): void {
    const b = bids.topQty(levels);
    const a = asks.topQty(levels);
    const total = b + a;
    this.obi = total > 0 ? (b - a) / total : Number.NaN;
    this.bid = bids.size > 0 ? bids.priceAt(0) : Number.NaN;
    this.ask = asks.size > 0 ? asks.priceAt(0) : Number.NaN;
  }
}

/** ATR, or a quarter of the range when the ATR is not known yet (fewer bars than its period). */
export function atrOr(atr: number, high: number, low: number): number {
  return Number.isFinite(atr) && atr > 0 ? atr : (high - low) / 4;
}
