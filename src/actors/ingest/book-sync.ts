/**
 * `BookSync`: one symbol's diff-depth synchronisation, exactly docs/venue-binance.md, local order book — buffer diffs, snapshot,
 * drop `u < lastUpdateId`, first applied diff has `U <= lastUpdateId <= u`, then `pu` == previous `u`. Pure:
 * it forwards the snapshot then the in-sync diffs, and on a gap a `bookReset`, asking the sink for a snapshot.
 * Diffs with `u <= ` the last applied `u` are duplicates (an overlapping reconnect delivers them twice): dropped.
 */
import { RingQueue } from '../../runtime/ring-queue.js';
import type { BookResetEvent, SymbolInput } from '../../schema/symbol-input.js';
import type { DepthSnapshotEvent, DepthUpdateEvent } from '../../venues/binance/codec/index.js';

export interface BookSyncSink {
  emit(input: SymbolInput, recvTs: number): void;
  requestSnapshot(symbol: string): void;
}

export interface BookHealth {
  synced: boolean;
  /** `pu` breaks seen while in sync. */
  gaps: number;
  /** Times the book went out of sync after having been in sync (gaps and connection resets). */
  resyncs: number;
  /** Snapshots applied. */
  snapshots: number;
  /** Snapshots discarded because the buffered diffs had already moved past them (a new one is asked for). */
  staleSnapshots: number;
  /** Buffered diffs older than the snapshot (`u < lastUpdateId`), dropped (docs/venue-binance.md, local order book, step 2). */
  staleDiffs: number;
  /** Diffs already applied (`u <= previous u`), dropped. */
  duplicateDiffs: number;
  /** Buffered diffs dropped because the buffer was full while waiting for a snapshot. */
  bufferOverflow: number;
  lastUpdateId: number;
}

export class BookSync {
  readonly health: BookHealth = {
    synced: false,
    gaps: 0,
    resyncs: 0,
    snapshots: 0,
    staleSnapshots: 0,
    staleDiffs: 0,
    duplicateDiffs: 0,
    bufferOverflow: 0,
    lastUpdateId: -1,
  };
  private readonly buffer = new RingQueue<DepthUpdateEvent>();
  private snapshot: DepthSnapshotEvent | undefined;
  /** A snapshot was asked for and no snapshot reply came since: do not ask twice. */
  private snapshotPending = false;
  /** Exchange time for the reset marker: the last depth event's (the symbol actor's clock is exchange time). */
  private lastEventTime = 0;

  constructor(
    readonly symbol: string,
    private readonly sink: BookSyncSink,
    private readonly maxBuffered: number,
  ) {}

  onDiff(d: DepthUpdateEvent, recvTs: number): void {
    const h = this.health;
    this.lastEventTime = d.eventTime;
    if (h.synced) {
      this.applyInSync(d, recvTs);
      return;
    }
    if (this.buffer.length >= this.maxBuffered) {
      // Oldest first: a snapshot fetched now is newer than them anyway.
      this.buffer.shift();
      h.bufferOverflow++;
    }
    this.buffer.push(d);
    if (this.snapshot !== undefined) this.trySync(recvTs);
    else this.askSnapshot();
  }

  onSnapshot(s: DepthSnapshotEvent, recvTs: number): void {
    this.snapshotPending = false;
    if (this.health.synced) {
      // An answer to a request overtaken by events (or a tape's extra snapshot): the book is already right.
      this.health.staleSnapshots++;
      return;
    }
    this.snapshot = s;
    this.trySync(recvTs);
  }

  /** The connection carrying this symbol's depth was lost: whatever was applied may have holes after it. */
  reset(reason: string, recvTs: number): void {
    this.buffer.clear();
    this.snapshot = undefined;
    if (this.health.synced) this.goOutOfSync(reason, recvTs);
  }

  private applyInSync(d: DepthUpdateEvent, recvTs: number): void {
    const h = this.health;
    if (d.finalUpdateId <= h.lastUpdateId) {
      h.duplicateDiffs++;
      return;
    }
    if (d.prevFinalUpdateId !== h.lastUpdateId) {
      h.gaps++;
      this.goOutOfSync(`depth gap: pu ${d.prevFinalUpdateId} != previous u ${h.lastUpdateId}`, recvTs);
      this.buffer.push(d);
      this.askSnapshot();
      return;
    }
    h.lastUpdateId = d.finalUpdateId;
    this.sink.emit(d, recvTs);
  }

  private goOutOfSync(reason: string, recvTs: number): void {
    const h = this.health;
    h.synced = false;
    h.resyncs++;
    const reset: BookResetEvent = { kind: 'bookReset', symbol: this.symbol, eventTime: this.lastEventTime, reason };
    this.sink.emit(reset, recvTs);
  }

  private trySync(recvTs: number): void {
    const snap = this.snapshot as DepthSnapshotEvent;
    const h = this.health;
    const lastUpdateId = snap.lastUpdateId;
    let stale = 0;
    while (this.buffer.length > 0 && (this.buffer.peek() as DepthUpdateEvent).finalUpdateId < lastUpdateId) {
      this.buffer.shift();
      stale++;
    }
    h.staleDiffs += stale;
    const first = this.buffer.peek();
    if (first === undefined) return; // wait for a diff that reaches the snapshot
    if (first.firstUpdateId > lastUpdateId) {
      // Diffs between the snapshot and the first buffered one were never seen: this snapshot is too old.
      h.staleSnapshots++;
      this.snapshot = undefined;
      this.askSnapshot();
      return;
    }
    this.buffer.shift();
    this.snapshot = undefined;
    h.snapshots++;
    h.synced = true;
    h.lastUpdateId = first.finalUpdateId;
    this.sink.emit(snap, recvTs);
    this.sink.emit(first, recvTs);
    // Replay the rest in place: a diff that breaks the chain again (or any after it) goes back to the queue's
    // end, and the queue holds exactly those, in order, when the loop ends.
    for (let k = this.buffer.length; k > 0; k--) {
      const d = this.buffer.shift() as DepthUpdateEvent;
      if (h.synced) this.applyInSync(d, recvTs);
      else this.buffer.push(d);
    }
  }

  private askSnapshot(): void {
    if (this.snapshotPending) return;
    this.snapshotPending = true;
    this.sink.requestSnapshot(this.symbol);
  }
}
