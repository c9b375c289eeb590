/**
 * SymbolEventQueue: the admission step every input passes before it touches state. Ordering itself is ingest's
 * (live) or the tape's (replay): one receive-ordered sequence, identical in both, so re-sorting by exchange time
 * would only add a hold-back delay. What this adds, deterministically: events of another symbol, non-prints
 * (`trade` with X=NA or zero price/qty) and duplicate trades (ids already seen) are dropped and counted, and one
 * trade source is chosen per session so a print means one thing for the whole session and a trade is never
 * counted twice (SymbolParams.tradeSource: in 'auto' the stream of the first print decides, once).
 */
import type { SymbolInput } from '../../schema/symbol-input.js';
import type { StateHasher } from './state-hash.js';
import type { SymbolParams } from './symbol-params.js';

export interface SymbolEventQueueData {
  lastAggTradeId: number;
  lastTradeId: number;
  aggTradeSeen: boolean;
  dropped: DropCounts;
  /** The stream chosen for the session; absent in snapshots from before it was fixed (then derived). */
  source?: PrintSource | null;
}

export type PrintSource = 'aggTrade' | 'trade';

export interface DropCounts {
  otherSymbol: number;
  notPrint: number;
  duplicate: number;
  otherSource: number;
}

export class SymbolEventQueue {
  private lastAggTradeId = -1;
  /** Highest venue trade id counted, from `trade` (`t`) or `aggTrade` (`l`): the cross-source dedupe key. */
  private lastTradeId = -1;
  private aggTradeSeen = false;
  /** The stream of the last admitted print. Under 'auto' it is fixed by the first one; an explicit
   * tradeSource (an operator's live change included) overrides it. */
  source: PrintSource | null = null;
  readonly dropped: DropCounts = { otherSymbol: 0, notPrint: 0, duplicate: 0, otherSource: 0 };

  constructor(
    private readonly symbol: string,
    public tradeSource: SymbolParams['tradeSource'],
  ) {}

  /** True when the event goes on to the state; false when it was dropped (and counted). */
  admit(e: SymbolInput): boolean {
    if (e.symbol !== this.symbol) {
      this.dropped.otherSymbol++;
      return false;
    }
    if (e.kind === 'aggTrade') {
      if (this.tradeSource === 'trade' || (this.tradeSource === 'auto' && this.source === 'trade')) {
        return this.drop('otherSource');
      }
      if (e.aggTradeId <= this.lastAggTradeId) return this.drop('duplicate');
      this.lastAggTradeId = e.aggTradeId;
      this.aggTradeSeen = true;
      // In 'auto', trades up to lastTradeId were counted from `trade` before the switch.
      if (e.lastTradeId >= 0 && e.lastTradeId <= this.lastTradeId) return this.drop('duplicate');
      if (e.lastTradeId > this.lastTradeId) this.lastTradeId = e.lastTradeId;
      if (!(e.price > 0 && e.qty > 0)) return this.drop('notPrint');
      this.source = 'aggTrade';
      return true;
    }
    if (e.kind === 'trade') {
      if (this.tradeSource === 'aggTrade' || (this.tradeSource === 'auto' && this.source === 'aggTrade')) {
        return this.drop('otherSource');
      }
      if (e.orderType === 'NA' || !(e.price > 0 && e.qty > 0)) return this.drop('notPrint');
      if (e.tradeId <= this.lastTradeId) return this.drop('duplicate');
      this.lastTradeId = e.tradeId;
      this.source = 'trade';
      return true;
    }
    return true;
  }

  private drop(reason: keyof DropCounts): false {
    this.dropped[reason]++;
    return false;
  }

  hashInto(h: StateHasher): void {
    const d = this.dropped;
    h.tag('queue').str(this.tradeSource).num(this.lastAggTradeId).num(this.lastTradeId).bool(this.aggTradeSeen);
    h.num(d.otherSymbol).num(d.notPrint).num(d.duplicate).num(d.otherSource);
    h.str(this.source ?? '');
  }

  toData(): SymbolEventQueueData {
    return {
      lastAggTradeId: this.lastAggTradeId,
      lastTradeId: this.lastTradeId,
      aggTradeSeen: this.aggTradeSeen,
      dropped: { ...this.dropped },
      source: this.source,
    };
  }

  static fromData(symbol: string, tradeSource: SymbolParams['tradeSource'], d: SymbolEventQueueData): SymbolEventQueue {
    const q = new SymbolEventQueue(symbol, tradeSource);
    q.lastAggTradeId = d.lastAggTradeId;
    q.lastTradeId = d.lastTradeId;
    q.aggTradeSeen = d.aggTradeSeen;
    q.source = d.source !== undefined ? d.source : d.aggTradeSeen ? 'aggTrade' : d.lastTradeId >= 0 ? 'trade' : null;
    Object.assign(q.dropped, d.dropped);
    return q;
  }
}
