/**
 * `ClockSync`: our clock's offset from the venue's, from `GET /fapi/v1/time`. The server stamped its time
 * somewhere between our send and receive; the midpoint is the best estimate, and of several samples the one
 * with the shortest round trip has the smallest error bound (± rtt/2), so it wins.
 */
import type { RestClient } from './rest-client.js';
import { VenueError } from './venue-error.js';

/** Venue time minus local time (ms), from one request/response pair. */
export function offsetFromSample(sentTs: number, serverTime: number, recvTs: number): number {
  return serverTime - (sentTs + recvTs) / 2;
}

export class ClockSync {
  /** venue − local, ms. */
  offsetMs = 0;
  /** Round trip of the sample the offset came from; Infinity before the first. */
  rttMs = Number.POSITIVE_INFINITY;
  syncedAt = 0;
  synced = false;

  /** Takes `samples` readings and keeps the best; throws the client's VenueError if none succeeds. */
  async sync(client: RestClient, samples = 3): Promise<void> {
    let best: { offset: number; rtt: number } | undefined;
    let lastError: unknown;
    for (let i = 0; i < samples; i++) {
      try {
        const reply = await client.get('/fapi/v1/time', 1);
        const serverTime = (reply.body as { serverTime?: unknown }).serverTime;
        if (typeof serverTime !== 'number') {
          throw new VenueError(
            'TL_VENUE_BAD_REPLY',
            `/fapi/v1/time reply has no numeric serverTime: ${reply.text.slice(0, 80)}`,
          );
        }
        const rtt = reply.recvTs - reply.sentTs;
        if (best === undefined || rtt < best.rtt)
          best = { offset: offsetFromSample(reply.sentTs, serverTime, reply.recvTs), rtt };
      } catch (err) {
        lastError = err;
      }
    }
    if (best === undefined) throw lastError;
    this.offsetMs = best.offset;
    this.rttMs = best.rtt;
    this.syncedAt = Date.now();
    this.synced = true;
  }

  /** Venue time now, by our clock plus the offset. */
  venueNow(): number {
    return Date.now() + this.offsetMs;
  }
}
