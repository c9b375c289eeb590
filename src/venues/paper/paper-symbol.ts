/**
 * One symbol inside the paper venue: its L2 book rebuilt from the tape's snapshots and diffs under the same
 * sync rule as src/actors/ingest/book-sync.ts (diffs buffered until a snapshot, stale ones dropped, the first
 * applied diff covers the snapshot's lastUpdateId, then each `pu` equals the previous `u`), the resting paper
 * orders indexed by price, and the tape time during which the book was not in sync (no fill is simulated
 * then). Resting orders' queue positions follow every change of their level.
 */
import type {
  AggTradeEvent,
  DepthSnapshotEvent,
  DepthUpdateEvent,
  Level,
  MarkPriceEvent,
  TradeEvent,
} from '../../schema/market-events.js';
import { BookSide, LevelBook } from './level-book.js';
import type { PaperOrder } from './paper-order.js';
import type { QueueEstimator } from './queue-position.js';
import type { SymbolGrid } from './symbol-grid.js';

/** Diffs kept while waiting for a snapshot; older ones are dropped first (the snapshot will be newer). */
const MAX_BUFFERED = 10_000;

export class PaperSymbol {
  readonly book = new LevelBook();
  synced = false;
  lastUpdateId = -1;
  /** Tape ms (receive time) during which the book was out of sync, since the symbol's first event. */
  excludedMs = 0;
  gaps = 0;
  /** Resting orders per price (ticks), oldest first, one map per side. */
  readonly bidOrders = new Map<number, PaperOrder[]>();
  readonly askOrders = new Map<number, PaperOrder[]>();
  resting = 0;
  /** The trade stream this symbol's fills follow ('trade' or 'aggTrade', whichever came first): never both. */
  tradeKind: 'trade' | 'aggTrade' | undefined;
  /** Funding state from the last markPrice event. */
  nextFundingTime = 0;
  fundingRate = 0;
  markPrice = 0;
  /** Event time of the mark held, and the last funding time booked (each is booked once). */
  private markTime = 0;
  private fundedAt = 0;
  private lastRecvTs = Number.NaN;
  /** Matching-engine time (`T`) of the diff the book was last brought to. */
  private bookTime = Number.NEGATIVE_INFINITY;
  /** Bounds of the touch from the last print newer than the book (printed), and that print's time. */
  private askFloor = Number.NEGATIVE_INFINITY;
  private bidCeiling = Number.POSITIVE_INFINITY;
  private printTime = Number.NEGATIVE_INFINITY;
  private buffer: DepthUpdateEvent[] = [];
  private snapshot: DepthSnapshotEvent | undefined;

  constructor(
    readonly grid: SymbolGrid,
    private readonly queue: QueueEstimator,
  ) {}

  /** Counts the time since the symbol's previous event as excluded when the book was out of sync over it. */
  clock(recvTs: number): void {
    if (!this.synced && !Number.isNaN(this.lastRecvTs) && recvTs > this.lastRecvTs)
      this.excludedMs += recvTs - this.lastRecvTs;
    this.lastRecvTs = recvTs;
  }

  onSnapshot(s: DepthSnapshotEvent): void {
    if (this.synced) return; // a late answer: the book is already right
    this.snapshot = s;
    this.trySync();
  }

  onDiff(d: DepthUpdateEvent): void {
    if (this.synced) {
      this.applyInSync(d);
      return;
    }
    if (this.buffer.length >= MAX_BUFFERED) this.buffer.shift();
    this.buffer.push(d);
    if (this.snapshot !== undefined) this.trySync();
  }

  /**
   * The funding time a mark price event passes, to book with the mark and rate held before it; 0 when none.
   * A funding time is booked once: the venue's first events after a funding time still carry it as `T`
   * (BTCUSDT 2023-04-05 opens with E = …800010, T = …800000), and overlapping tapes repeat events.
   */
  fundingDue(m: MarkPriceEvent): number {
    if (this.nextFundingTime <= this.fundedAt || m.eventTime < this.nextFundingTime) return 0;
    this.fundedAt = this.nextFundingTime;
    return this.fundedAt;
  }

  /** Holds the event's mark, rate and next funding time, unless an event at least as new is held already. */
  holdMark(m: MarkPriceEvent): void {
    if (m.eventTime < this.markTime) return;
    this.markTime = m.eventTime;
    this.markPrice = m.markPrice;
    this.fundingRate = m.fundingRate;
    this.nextFundingTime = m.nextFundingTime;
  }

  /**
   * A print at `tick` means that, at its matching-engine time, no ask stood below it and no bid above it. The
   * recorded depth stream trails the trades (BTCUSDT 2024-08-08: diffs up to ~15 ms after their `T`), so a
   * print newer than the book bounds the touch the venue trades against until a diff at least as new comes;
   * the L2 book itself stays the tape's, level for level. A print older than the book says nothing new.
   */
  printed(t: TradeEvent | AggTradeEvent, tick: number): void {
    if (!this.synced || !(t.tradeTime > this.bookTime)) return;
    // Insurance-fund and ADL prints need not be at the book's prices; aggTrades are market trades.
    if (t.kind === 'trade' && t.orderType !== 'MARKET' && t.orderType !== 'LIQUIDATION') return;
    this.askFloor = tick;
    this.bidCeiling = tick;
    this.printTime = t.tradeTime;
  }

  /** The best ask the venue can trade against: the book's, above the levels a newer print went through. */
  bestAsk(): number | undefined {
    const a = this.book.asks.ticks;
    if (a.length === 0 || (a[0] as number) >= this.askFloor) return a[0];
    const i = this.book.asks.indexOf(this.askFloor);
    return i < a.length ? a[i] : undefined;
  }

  /** The best bid the venue can trade against: the book's, under the levels a newer print went through. */
  bestBid(): number | undefined {
    const b = this.book.bids.ticks;
    const top = b[b.length - 1];
    if (top === undefined || top <= this.bidCeiling) return top;
    const i = this.book.bids.indexOf(this.bidCeiling + 1) - 1;
    return i >= 0 ? b[i] : undefined;
  }

  /** Whether the level at `tick` on one side is one a newer print went through (gone, though the book shows it). */
  goneAt(buySide: boolean, tick: number): boolean {
    return buySide ? tick > this.bidCeiling : tick < this.askFloor;
  }

  private caughtUp(): void {
    if (this.bookTime < this.printTime) return;
    this.askFloor = Number.NEGATIVE_INFINITY;
    this.bidCeiling = Number.POSITIVE_INFINITY;
  }

  ordersAt(buy: boolean): Map<number, PaperOrder[]> {
    return buy ? this.bidOrders : this.askOrders;
  }

  addResting(o: PaperOrder): void {
    const m = this.ordersAt(o.buy);
    const list = m.get(o.ticks);
    if (list === undefined) m.set(o.ticks, [o]);
    else list.push(o);
    this.resting++;
  }

  removeResting(o: PaperOrder): void {
    const m = this.ordersAt(o.buy);
    const list = m.get(o.ticks);
    if (list === undefined) return;
    const i = list.indexOf(o);
    if (i < 0) return;
    list.splice(i, 1);
    if (list.length === 0) m.delete(o.ticks);
    this.resting--;
  }

  private applyInSync(d: DepthUpdateEvent): void {
    if (d.finalUpdateId <= this.lastUpdateId) return; // duplicate
    if (d.prevFinalUpdateId !== this.lastUpdateId) {
      this.gaps++;
      this.synced = false;
      this.buffer.push(d);
      return;
    }
    this.lastUpdateId = d.finalUpdateId;
    this.bookTime = d.transactionTime;
    this.caughtUp();
    this.applyLevels(this.book.bids, this.bidOrders, d.bids);
    this.applyLevels(this.book.asks, this.askOrders, d.asks);
  }

  private trySync(): void {
    const snap = this.snapshot as DepthSnapshotEvent;
    let i = 0;
    while (i < this.buffer.length && (this.buffer[i] as DepthUpdateEvent).finalUpdateId < snap.lastUpdateId) i++;
    if (i > 0) this.buffer.splice(0, i);
    const first = this.buffer[0];
    if (first === undefined) return;
    if (first.firstUpdateId > snap.lastUpdateId) {
      this.snapshot = undefined; // too old: diffs between it and the buffer were never seen
      return;
    }
    this.snapshot = undefined;
    this.loadSnapshot(snap);
    this.synced = true;
    this.lastUpdateId = first.finalUpdateId;
    this.bookTime = first.transactionTime;
    this.caughtUp();
    this.applyLevels(this.book.bids, this.bidOrders, first.bids);
    this.applyLevels(this.book.asks, this.askOrders, first.asks);
    const rest = this.buffer;
    this.buffer = [];
    for (let k = 1; k < rest.length; k++) {
      const d = rest[k] as DepthUpdateEvent;
      if (this.synced) this.applyInSync(d);
      else this.buffer.push(d);
    }
  }

  private loadSnapshot(s: DepthSnapshotEvent): void {
    const g = this.grid;
    const prevBids = this.bidOrders.size > 0 ? new BookSide() : undefined;
    const prevAsks = this.askOrders.size > 0 ? new BookSide() : undefined;
    if (prevBids) for (const t of this.bidOrders.keys()) prevBids.set(t, this.book.bids.at(t));
    if (prevAsks) for (const t of this.askOrders.keys()) prevAsks.set(t, this.book.asks.at(t));
    this.book.clear();
    for (const [p, q] of s.bids) this.book.bids.set(g.ticksOf(p), g.lotsOf(q));
    for (const [p, q] of s.asks) this.book.asks.set(g.ticksOf(p), g.lotsOf(q));
    // Resting orders meet the rebuilt levels as one change each (a resync cannot tell trades from cancels).
    for (const [t, list] of this.bidOrders)
      for (const o of list) this.queue.depth(o.queue, prevBids?.at(t) ?? 0, this.book.bids.at(t));
    for (const [t, list] of this.askOrders)
      for (const o of list) this.queue.depth(o.queue, prevAsks?.at(t) ?? 0, this.book.asks.at(t));
  }

  private applyLevels(side: BookSide, orders: Map<number, PaperOrder[]>, levels: Level[]): void {
    const g = this.grid;
    const watch = orders.size > 0;
    for (let i = 0; i < levels.length; i++) {
      const level = levels[i] as Level;
      const tick = g.ticksOf(level[0]);
      const lots = g.lotsOf(level[1]);
      const prev = side.set(tick, lots);
      if (!watch) continue;
      const list = orders.get(tick);
      if (list === undefined) continue;
      for (let k = 0; k < list.length; k++) this.queue.depth((list[k] as PaperOrder).queue, prev, lots);
    }
  }
}
