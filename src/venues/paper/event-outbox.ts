/**
 * The paper venue's deliveries in time order: each event carries the tape time it reaches the caller, and the
 * caller drains what is due. Ties keep creation order. Replies and user-stream events are two channels, each
 * in order like the TCP connection it stands for, so a shrinking latency never overtakes an earlier event.
 */
import type { PaperEvent } from './paper-venue-api.js';

export class EventOutbox {
  private queue: PaperEvent[] = [];
  private head = 0;
  private lastReplyAt = Number.NEGATIVE_INFINITY;
  private lastUserAt = Number.NEGATIVE_INFINITY;

  /** The delivery time for a reply due at `at`, no earlier than the previous reply. */
  replyAt(at: number): number {
    if (at < this.lastReplyAt) at = this.lastReplyAt;
    this.lastReplyAt = at;
    return at;
  }

  /** The delivery time for a user-stream event due at `at`, no earlier than the previous one. */
  userAt(at: number): number {
    if (at < this.lastUserAt) at = this.lastUserAt;
    this.lastUserAt = at;
    return at;
  }

  push(e: PaperEvent): void {
    const q = this.queue;
    q.push(e);
    let i = q.length - 1;
    while (i > this.head && (q[i - 1] as PaperEvent).at > e.at) {
      q[i] = q[i - 1] as PaperEvent;
      i--;
    }
    q[i] = e;
  }

  drainDue(ts: number, out: PaperEvent[]): number {
    const q = this.queue;
    let n = 0;
    while (this.head < q.length && (q[this.head] as PaperEvent).at <= ts) {
      out.push(q[this.head] as PaperEvent);
      this.head++;
      n++;
    }
    if (this.head === q.length) {
      q.length = 0;
      this.head = 0;
    } else if (this.head > 1024) {
      this.queue = q.slice(this.head);
      this.head = 0;
    }
    return n;
  }

  get pending(): number {
    return this.queue.length - this.head;
  }
}
