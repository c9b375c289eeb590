/**
 * The recorder's receive clock put on the venue's clock. The paper venue handles a request once the tape's
 * exchange time passes its arrival, so the time we send at must be on the exchange clock: a recorder whose
 * clock ran behind the venue's (the hftbacktest 2024-08-08 tapes: receive − event time ≈ −1.27 s on every
 * frame) would otherwise send "in the venue's past" — every order met the next frame's book whatever the
 * latency, every fill reached us 1.27 s late, and orders.jsonl showed orders sent before their signal.
 * The correction is the most negative (receive − event time) seen on streamed frames, so corrected receive
 * time is never before the event time of any frame already received; a synced or later clock is left as is
 * (receive − event time ≥ 0 is feed latency, which is real). The shift only grows, so time never goes back.
 */
export class RecorderClock {
  private shift = 0;

  /** One streamed frame (trade, aggTrade, depth diff): its exchange time and when it was received. */
  observe(eventTime: number, recvTs: number): void {
    const behind = eventTime - recvTs;
    if (behind > this.shift && Number.isFinite(behind)) this.shift = behind;
  }

  /** How far (ms) receive times are moved forward: 0 unless the recorder's clock was behind the venue's. */
  get skewMs(): number {
    return this.shift;
  }

  /** `recvTs` on the venue's clock. */
  venueTime(recvTs: number): number {
    return recvTs + this.shift;
  }
}
