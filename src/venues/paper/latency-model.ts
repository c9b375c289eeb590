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

export class TapeLatency implements LatencyModel {
  private mean = -1;
  /** Frames whose receive time was before their event time (clock skew), counted as 0 ms. */
  negative = 0;
  observed = 0;

  constructor(private readonly fallbackMs = 0) {}

  observeFeed(eventTime: number, recvTs: number): void {
    let x = recvTs - eventTime;
    if (!Number.isFinite(x)) return;
    if (x < 0) {
      this.negative++;
      x = 0;
    }
    this.observed++;
    this.mean = this.mean < 0 ? x : this.mean + TAPE_LATENCY_ALPHA * (x - this.mean);
  }

  entryMs(): number {
    return this.mean < 0 ? this.fallbackMs : this.mean;
  }

  responseMs(): number {
    return this.mean < 0 ? this.fallbackMs : this.mean;
  }
}
