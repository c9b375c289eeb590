/**
 * Rate limit of near-miss records for one strategy of one symbol: a token bucket refilled in exchange time
 * (`perMinute` tokens a minute, burst `perMinute`), so a choppy market cannot flood decisions.jsonl and a
 * replay drops exactly the same records. Suppressed records are counted (reported in advancedMetrics).
 */
import type { StateHasher } from '../state-hash.js';

export class NearMissLimiter {
  private tokens: number;
  private lastTs = 0;
  suppressed = 0;

  constructor(private perMinute: number) {
    this.tokens = perMinute;
  }

  setRate(perMinute: number): void {
    this.perMinute = perMinute;
    if (this.tokens > perMinute) this.tokens = perMinute;
  }

  /** Takes a token when one is available at exchange time `ts`. */
  take(ts: number): boolean {
    if (ts > this.lastTs) {
      this.tokens = Math.min(this.perMinute, this.tokens + ((ts - this.lastTs) * this.perMinute) / 60_000);
      this.lastTs = ts;
    }
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return true;
    }
    this.suppressed++;
    return false;
  }

  hashInto(h: StateHasher): void {
    h.num(this.perMinute).num(this.tokens).num(this.lastTs).num(this.suppressed);
  }

  toData(): [number, number, number] {
    return [this.tokens, this.lastTs, this.suppressed];
  }

  load(d: readonly [number, number, number]): void {
    [this.tokens, this.lastTs, this.suppressed] = d;
  }
}
