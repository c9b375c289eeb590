/**
 * `AggTradeContinuity`: one symbol's aggTrade id chain (`a` is contiguous per symbol, docs/venue-binance.md, payload fields).
 * A jump asks the shell for `aggTrades?fromId=` and holds later trades (bounded) until the missing ones are
 * delivered, so the symbol actor sees every trade once, in id order. Ids already delivered are duplicates
 * (a reconnect or an overlapping connection repeats them) and are dropped. Pure: no I/O, no clock.
 */
import type { AggTradeEvent } from '../../venues/binance/codec/index.js';
import type { SymbolInput } from '../../schema/symbol-input.js';
import { AGG_TRADES_PAGE } from './ingest-requests.js';

export interface TradeContinuitySink {
  emit(input: SymbolInput, recvTs: number): void;
  requestTradesFrom(symbol: string, fromId: number): void;
}

export interface TradeHealth {
  lastAggTradeId: number;
  /** Id jumps seen on the stream. */
  gaps: number;
  /** Trades delivered from REST to fill jumps. */
  recovered: number;
  /** Trades given up on (the venue had no rows, or the hold buffer overflowed): counted, never silent. */
  lost: number;
  duplicates: number;
  /** True while trades are held waiting for a REST fill. */
  recovering: boolean;
}

export class AggTradeContinuity {
  readonly health: TradeHealth = {
    lastAggTradeId: -1,
    gaps: 0,
    recovered: 0,
    lost: 0,
    duplicates: 0,
    recovering: false,
  };
  private held: AggTradeEvent[] = [];

  constructor(
    readonly symbol: string,
    private readonly sink: TradeContinuitySink,
    private readonly maxHeld: number,
  ) {}

  onTrade(t: AggTradeEvent, recvTs: number): void {
    const h = this.health;
    if (h.recovering) {
      if (this.held.length >= this.maxHeld) {
        // Bounded hold: stop waiting for the fill, count the hole as lost, and place this trade afresh.
        this.giveUp(recvTs);
        this.onTrade(t, recvTs);
        return;
      }
      this.held.push(t);
      return;
    }
    this.accept(t, recvTs);
  }

  /** A REST page of trades (ascending ids). Ignored unless a fill is awaited. */
  onRestTrades(rows: readonly AggTradeEvent[], recvTs: number): void {
    const h = this.health;
    if (!h.recovering) return;
    const limit = (this.held[0] as AggTradeEvent).aggTradeId;
    const before = h.lastAggTradeId;
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i] as AggTradeEvent;
      if (r.aggTradeId <= h.lastAggTradeId) continue;
      if (r.aggTradeId !== h.lastAggTradeId + 1 || r.aggTradeId >= limit) break;
      h.lastAggTradeId = r.aggTradeId;
      h.recovered++;
      this.sink.emit(r, recvTs);
    }
    if (h.lastAggTradeId + 1 >= limit) {
      this.drain(recvTs);
    } else if (h.lastAggTradeId > before && rows.length >= AGG_TRADES_PAGE) {
      this.sink.requestTradesFrom(this.symbol, h.lastAggTradeId + 1); // a longer hole than one page
    } else {
      this.giveUp(recvTs); // the venue has nothing more for this hole
    }
  }

  /** Delivers or drops one trade outside recovery; a jump starts a recovery holding this trade. */
  private accept(t: AggTradeEvent, recvTs: number): void {
    const h = this.health;
    const last = h.lastAggTradeId;
    if (last >= 0 && t.aggTradeId <= last) {
      h.duplicates++;
      return;
    }
    if (last < 0 || t.aggTradeId === last + 1) {
      h.lastAggTradeId = t.aggTradeId;
      this.sink.emit(t, recvTs);
      return;
    }
    h.gaps++;
    h.recovering = true;
    this.held.push(t);
    this.sink.requestTradesFrom(this.symbol, last + 1);
  }

  /** Releases held trades in order; a further jump inside them starts a new recovery from there. */
  private drain(recvTs: number): void {
    const h = this.health;
    const held = this.held;
    this.held = [];
    h.recovering = false;
    for (let i = 0; i < held.length; i++) {
      if (h.recovering) this.held.push(held[i] as AggTradeEvent);
      else this.accept(held[i] as AggTradeEvent, recvTs);
    }
  }

  /** Counts the hole as lost and continues from the first held trade. */
  private giveUp(recvTs: number): void {
    const h = this.health;
    const first = this.held[0];
    if (first !== undefined) {
      h.lost += first.aggTradeId - h.lastAggTradeId - 1;
      h.lastAggTradeId = first.aggTradeId - 1;
    }
    this.drain(recvTs);
  }
}
