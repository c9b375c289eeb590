/**
 * Order entry and response latency for the paper venue: a constant, or the tape's own feed latency (receive
 * time − venue event time of each market frame), smoothed by an exponentially weighted mean so one stalled
 * frame does not freeze an order for seconds. The tape model uses the one-way feed latency for both legs
 * (request to venue, venue to us): the recording's network path is the best evidence of ours.
 */
import type { LatencyModel } from './paper-venue-api.js';

export function constantLatency(entryMs: number, responseMs = entryMs): LatencyModel {
  if (!(entryMs >= 0) || !(responseMs >= 0))
    throw new RangeError(`latency must be >= 0 ms (got ${entryMs}, ${responseMs})`);
  return { entryMs: () => entryMs, responseMs: () => responseMs };
}

/** Weight of a new observation: the mean follows a step change with a time constant of about 32 frames. */
export const TAPE_LATENCY_ALPHA = 1 / 32;

/**
 * The tape's feed latency, smoothed. A recorder whose clock is offset from the venue's cannot tell the one-way
 * latency, only how much each frame was later than the fastest one seen: so the estimate is the smoothed
 * excess over the running minimum of (receive − event time), plus a floor — that minimum itself when it is
 * positive (a synced clock), else `skewFloorMs` (the recorded BTCUSDT 2024-08-08 tape's clock runs ~1.27 s
 * behind the venue, so its raw differences are all negative).
 */
export class TapeLatency implements LatencyModel {
  private excess = -1;
  private min = Number.POSITIVE_INFINITY;
  observed = 0;

  constructor(
    private readonly fallbackMs = 0,
    private readonly skewFloorMs = 0,
  ) {}

  /** The recorder's clock is behind the venue's (some frame arrived "before" it was sent). */
  get clockSkewed(): boolean {
    return this.min < 0;
  }

  observeFeed(eventTime: number, recvTs: number): void {
    const x = recvTs - eventTime;
    if (!Number.isFinite(x)) return;
    this.observed++;
    if (x < this.min) {
      // A new fastest frame: the earlier excess was measured against a higher floor.
      if (this.excess >= 0) this.excess += this.min === Number.POSITIVE_INFINITY ? 0 : this.min - x;
      this.min = x;
    }
    const e = x - this.min;
    this.excess = this.excess < 0 ? e : this.excess + TAPE_LATENCY_ALPHA * (e - this.excess);
  }

  private estimate(): number {
    if (this.observed === 0) return this.fallbackMs;
    return this.excess + (this.min >= 0 ? this.min : this.skewFloorMs);
  }

  entryMs(): number {
    return this.estimate();
  }

  responseMs(): number {
    return this.estimate();
  }
}
