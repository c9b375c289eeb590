/**
 * The recent aggTrades of one symbol in a fixed ring, for REST `aggTrades` by id and by time. Ids are
 * contiguous, so lookup by id is arithmetic; lookup by time is a binary search (times are non-decreasing).
 */
import type { AggTradePrint } from './market-events.js';

export class TradeHistory {
  private readonly ring: Array<AggTradePrint | undefined>;
  private count = 0;
  private head = 0;

  constructor(readonly capacity = 20_000) {
    this.ring = new Array(capacity);
  }

  push(t: AggTradePrint): void {
    this.ring[this.head] = t;
    this.head = (this.head + 1) % this.capacity;
    if (this.count < this.capacity) this.count++;
  }

  size(): number {
    return this.count;
  }

  /** i-th oldest kept trade. */
  at(i: number): AggTradePrint {
    return this.ring[(this.head - this.count + i + this.capacity * 2) % this.capacity] as AggTradePrint;
  }

  /** Up to `limit` trades with aggId >= fromId. */
  fromId(fromId: number, limit: number): AggTradePrint[] {
    if (this.count === 0) return [];
    const first = this.at(0).aggId;
    const start = Math.max(0, fromId - first);
    const out: AggTradePrint[] = [];
    for (let i = start; i < this.count && out.length < limit; i++) out.push(this.at(i));
    return out;
  }

  /** Up to `limit` trades with start <= time <= end (oldest first); without a range, the newest `limit`. */
  byTime(start: number | undefined, end: number | undefined, limit: number): AggTradePrint[] {
    if (start === undefined && end === undefined) {
      const from = Math.max(0, this.count - limit);
      const out: AggTradePrint[] = [];
      for (let i = from; i < this.count; i++) out.push(this.at(i));
      return out;
    }
    let lo = 0;
    let hi = this.count;
    const s = start ?? Number.NEGATIVE_INFINITY;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.at(mid).time < s) lo = mid + 1;
      else hi = mid;
    }
    const out: AggTradePrint[] = [];
    const e = end ?? Number.POSITIVE_INFINITY;
    for (let i = lo; i < this.count && out.length < limit; i++) {
      const t = this.at(i);
      if (t.time > e) break;
      out.push(t);
    }
    return out;
  }
}
