/**
 * The symbol's local order book and its sync state (docs/venue-binance.md, local order book), checked here again as defense in
 * depth: a depthSnapshot replaces the book and replays the diffs buffered before it; the first diff must have
 * U <= lastUpdateId <= u, then every diff's `pu` must equal the previous `u`, else the book is out of sync
 * (a gap, counted) until the next snapshot. A `bookReset` marker invalidates it the same way (a resync).
 */
import { RingQueue } from '../../../runtime/ring-queue.js';
import type { DepthSnapshotEvent, DepthUpdateEvent } from '../../../schema/market-events.js';
import type { StateHasher } from '../state-hash.js';
import { BookSide } from './book-side.js';

export type BookSyncState = 'noSnapshot' | 'awaitingFirstDiff' | 'inSync' | 'outOfSync';

export interface LocalBookData {
  state: BookSyncState;
  lastUpdateId: number;
  gaps: number;
  resyncs: number;
  staleDiffs: number;
  bufferDropped: number;
  bids: number[];
  asks: number[];
  buffered: DepthUpdateEvent[];
}

export class LocalBook {
  readonly bids = new BookSide(true);
  readonly asks = new BookSide(false);
  private state: BookSyncState = 'noSnapshot';
  /** The snapshot's lastUpdateId, then the `u` of the last diff applied. */
  private lastId = 0;
  private gapCount = 0;
  private resyncCount = 0;
  private stale = 0;
  private dropped = 0;
  /** Diffs received while there is no valid snapshot: the venue procedure's buffer (step 1). */
  private readonly buffer = new RingQueue<DepthUpdateEvent>();

  constructor(private readonly bufferMax: number) {}

  /** True when the levels are a faithful copy of the venue's book (snapshot applied, no gap since). */
  get inSync(): boolean {
    return this.state === 'inSync' || this.state === 'awaitingFirstDiff';
  }

  get syncState(): BookSyncState {
    return this.state;
  }

  get lastUpdateId(): number {
    return this.lastId;
  }

  get gaps(): number {
    return this.gapCount;
  }

  get resyncs(): number {
    return this.resyncCount;
  }

  /** Diffs skipped as already covered (u <= the last applied id): overlap after a snapshot, duplicates. */
  get staleDiffs(): number {
    return this.stale;
  }

  applySnapshot(s: DepthSnapshotEvent): void {
    this.bids.load(s.bids);
    this.asks.load(s.asks);
    this.lastId = s.lastUpdateId;
    this.state = 'awaitingFirstDiff';
    // Taken out first: a gap during the replay clears the buffer and holds what follows it.
    const pending = this.buffer.toArray();
    this.buffer.clear();
    for (const d of pending) this.applyDiff(d);
  }

  applyDiff(d: DepthUpdateEvent): void {
    switch (this.state) {
      case 'noSnapshot':
      case 'outOfSync':
        this.hold(d);
        return;
      case 'awaitingFirstDiff':
        // Step 3: drop what the snapshot already holds; step 4: the first diff must straddle lastUpdateId.
        if (d.finalUpdateId < this.lastId) {
          this.stale++;
          return;
        }
        // Also accepted: pu === lastUpdateId (the snapshot ended exactly where this diff starts; continuity is
        // proven by pu, so a resync would be pointless).
        if (d.firstUpdateId > this.lastId && d.prevFinalUpdateId !== this.lastId) {
          this.gap(d);
          return;
        }
        break;
      case 'inSync':
        if (d.finalUpdateId <= this.lastId) {
          this.stale++;
          return;
        }
        if (d.prevFinalUpdateId !== this.lastId) {
          this.gap(d);
          return;
        }
        break;
    }
    this.apply(d);
    this.state = 'inSync';
  }

  /** Ingest says the book is invalid (its own gap, a reconnect): wait for the next snapshot. */
  reset(): void {
    this.resyncCount++;
    this.state = 'outOfSync';
    this.buffer.clear();
  }

  private apply(d: DepthUpdateEvent): void {
    const bids = d.bids;
    for (let i = 0; i < bids.length; i++) {
      const l = bids[i] as [number, number];
      this.bids.set(l[0], l[1]);
    }
    const asks = d.asks;
    for (let i = 0; i < asks.length; i++) {
      const l = asks[i] as [number, number];
      this.asks.set(l[0], l[1]);
    }
    this.lastId = d.finalUpdateId;
  }

  private gap(d: DepthUpdateEvent): void {
    this.gapCount++;
    this.state = 'outOfSync';
    this.buffer.clear();
    this.hold(d);
  }

  private hold(d: DepthUpdateEvent): void {
    if (this.buffer.length >= this.bufferMax) {
      this.buffer.shift();
      this.dropped++;
    }
    this.buffer.push(d);
  }

  hashInto(h: StateHasher): void {
    h.tag('book').str(this.state).num(this.lastId).num(this.gapCount).num(this.resyncCount).num(this.stale);
    h.num(this.dropped).num(this.buffer.length);
    for (const d of this.buffer) h.num(d.finalUpdateId);
    this.bids.hashInto(h);
    this.asks.hashInto(h);
  }

  toData(): LocalBookData {
    return {
      state: this.state,
      lastUpdateId: this.lastId,
      gaps: this.gapCount,
      resyncs: this.resyncCount,
      staleDiffs: this.stale,
      bufferDropped: this.dropped,
      bids: this.bids.toFlat(),
      asks: this.asks.toFlat(),
      buffered: this.buffer.toArray().map((d) => ({
        ...d,
        bids: d.bids.map((l) => [l[0], l[1]]),
        asks: d.asks.map((l) => [l[0], l[1]]),
      })),
    };
  }

  static fromData(data: LocalBookData, bufferMax: number): LocalBook {
    const book = new LocalBook(bufferMax);
    book.state = data.state;
    book.lastId = data.lastUpdateId;
    book.gapCount = data.gaps;
    book.resyncCount = data.resyncs;
    book.stale = data.staleDiffs;
    book.dropped = data.bufferDropped;
    book.bids.loadFlat(data.bids);
    book.asks.loadFlat(data.asks);
    for (const d of data.buffered) book.buffer.push(d);
    return book;
  }
}
