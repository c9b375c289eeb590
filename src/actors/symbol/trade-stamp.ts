/**
 * TradeStamp: the time a print is counted at in every window and interval (T&S, CVD, delta z, ATR bars,
 * profiles, liquidations). A print counts at its own trade time `T` (never above its event time `E`), raised to
 * the last snapshot cut when it is older (it arrived after the snapshot that should have held it: a late print,
 * counted in `late`) and to the previous print's stamp (rings stay in time order). The snapshot cut itself stays
 * causal — arrival order — so a published snapshot is never revised (docs/telemetry.md, "Trade time").
 */
import type { StateHasher } from './state-hash.js';

export interface TradeStampData {
  lastCut: number;
  lastStamp: number;
  late: number;
  start: number;
}

export class TradeStamp {
  /** Time of the last snapshot cut (boundary, or the clock for a final snapshot); 0 before the first. */
  lastCut = 0;
  private lastStamp = 0;
  /** Prints whose trade time was below the last cut when they arrived. */
  late = 0;
  /** The session's start: the earliest of its first clock event and every print stamp (NaN before either). */
  start = Number.NaN;

  constructor(data?: TradeStampData) {
    if (data) {
      this.lastCut = data.lastCut;
      this.lastStamp = data.lastStamp;
      this.late = data.late;
      this.start = data.start ?? Number.NaN;
    }
  }

  onClock(t: number): void {
    if (!(t >= this.start)) this.start = t;
  }

  /** The stamp of a print with trade time `tradeTime` and event time `eventTime`. */
  stamp(tradeTime: number, eventTime: number): number {
    let ts = Math.min(tradeTime, eventTime);
    if (ts < this.lastCut) {
      this.late++;
      ts = this.lastCut;
    }
    if (ts < this.lastStamp) ts = this.lastStamp;
    this.lastStamp = ts;
    if (!(ts >= this.start)) this.start = ts;
    return ts;
  }

  cut(now: number): void {
    if (now > this.lastCut) this.lastCut = now;
  }

  hashInto(h: StateHasher): void {
    h.tag('stamp').num(this.lastCut).num(this.lastStamp).num(this.late).num(this.start);
  }

  toData(): TradeStampData {
    return { lastCut: this.lastCut, lastStamp: this.lastStamp, late: this.late, start: this.start };
  }
}
