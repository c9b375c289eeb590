/**
 * The account's conditional (algo) orders and their lifecycle: NEW until the trigger price is touched (last
 * trade or mark price, checked once per step), then TRIGGERING → TRIGGERED as the plain order enters the
 * matching engine, FINISHED once that order is done; CANCELED by the user, REJECTED when the plain order is
 * refused. Every change goes out as ALGO_UPDATE. Time comes in as arguments.
 */
import type { SymbolMarket } from '../market/symbol-market.js';
import type { Account } from './account.js';
import type { UserOrder } from './user-order.js';
import { VenueError } from '../server/rest-types.js';
import { type AlgoOrder, algoUpdate, MAX_ALGO_ORDERS, parseAlgoOrder, triggered } from './algo-orders.js';

const KEEP_CLOSED = 10_000;

/**
 * The parts of the exchange an algo book triggers into. An interface rather than the class, so the exchange
 * (which owns an algo book) and the book do not import each other.
 */
export interface AlgoHost {
  readonly markets: Map<string, SymbolMarket>;
  readonly orders: Map<number, UserOrder>;
  readonly account: Account;
  readonly emit: (json: string) => void;
  market(symbol: string): SymbolMarket;
  place(symbol: string, params: URLSearchParams, now: number): { ack: UserOrder; result: UserOrder };
}

export class AlgoBook {
  /** Every algo order by id, oldest first (closed ones bounded). */
  readonly all = new Map<number, AlgoOrder>();
  /** The ones still waiting or working (NEW, TRIGGERING, TRIGGERED): the per-step scan touches only these. */
  private readonly live = new Set<AlgoOrder>();
  private nextId = 3_000_000_001;

  constructor(private readonly ex: AlgoHost) {}

  open(symbol?: string): AlgoOrder[] {
    const out: AlgoOrder[] = [];
    for (const a of this.all.values())
      if (a.status === 'NEW' && (symbol === undefined || a.symbol === symbol)) out.push(a);
    return out;
  }

  place(params: URLSearchParams, now: number): AlgoOrder {
    const m = this.ex.market(params.get('symbol') ?? '');
    const a = parseAlgoOrder(params, m.spec, this.nextId, now);
    if (this.open().some((x) => x.clientAlgoId === a.clientAlgoId))
      throw new VenueError(400, -4116, 'ClientOrderId is duplicated.');
    if (this.open(m.symbol).length >= MAX_ALGO_ORDERS) throw new VenueError(400, -4045, 'Reach max stop order limit.');
    if (triggered(a, this.priceTick(m, a))) throw new VenueError(400, -2021, 'Order would immediately trigger.');
    this.nextId++;
    this.all.set(a.algoId, a);
    this.live.add(a);
    this.ex.emit(algoUpdate(a, now));
    this.bound();
    return a;
  }

  find(algoId: number | undefined, clientAlgoId: string | undefined): AlgoOrder {
    if (algoId !== undefined) {
      const a = this.all.get(algoId);
      if (a) return a;
    } else {
      for (const a of this.all.values()) if (a.clientAlgoId === clientAlgoId) return a;
    }
    throw new VenueError(400, -2013, 'Order does not exist.');
  }

  cancel(algoId: number | undefined, clientAlgoId: string | undefined, now: number): AlgoOrder {
    const a = this.find(algoId, clientAlgoId);
    if (a.status !== 'NEW') throw new VenueError(400, -2011, 'Unknown order sent.');
    this.finish(a, 'CANCELED', now);
    return a;
  }

  cancelAll(symbol: string, now: number): number {
    const list = this.open(this.ex.market(symbol).symbol);
    for (const a of list) this.finish(a, 'CANCELED', now);
    return list.length;
  }

  afterStep(now: number): void {
    if (this.live.size === 0) return;
    for (const a of [...this.live]) {
      if (a.status === 'TRIGGERED') {
        const o = this.ex.orders.get(a.actualOrderId);
        if (!o || o.status === 'FILLED' || o.status === 'CANCELED' || o.status.startsWith('EXPIRED'))
          this.finish(a, 'FINISHED', now);
        continue;
      }
      if (a.status !== 'NEW') continue;
      const m = this.ex.markets.get(a.symbol) as SymbolMarket;
      if (triggered(a, this.priceTick(m, a))) this.fire(m, a, now);
    }
  }

  private fire(m: SymbolMarket, a: AlgoOrder, now: number): void {
    a.status = 'TRIGGERING';
    a.triggerTime = now;
    a.updateTime = now;
    this.ex.emit(algoUpdate(a, now));
    const pos = this.ex.account.position(m.symbol).amt;
    const units = a.closePosition ? Math.round(Math.abs(pos) / m.spec.stepSize) : a.units;
    const limit = a.type === 'STOP' || a.type === 'TAKE_PROFIT';
    const p = new URLSearchParams({
      side: a.buy ? 'BUY' : 'SELL',
      type: limit ? 'LIMIT' : 'MARKET',
      quantity: (units * m.spec.stepSize).toFixed(m.spec.qtyDecimals),
      selfTradePreventionMode: a.stpMode,
    });
    if (limit) {
      p.set('price', (a.priceTick * m.spec.tickSize).toFixed(m.spec.priceDecimals));
      p.set('timeInForce', a.tif);
    }
    if (a.reduceOnly) p.set('reduceOnly', 'true');
    try {
      const placed = this.ex.place(m.symbol, p, now);
      a.actualOrderId = placed.ack.orderId;
      a.status = 'TRIGGERED';
      a.updateTime = now;
      this.ex.emit(algoUpdate(a, now));
    } catch (err) {
      if (!(err instanceof VenueError)) throw err;
      // The venue's REJECTED: e.g. a reduce-only stop with no position left, or margin.
      this.finish(a, 'REJECTED', now);
    }
  }

  private finish(a: AlgoOrder, status: AlgoOrder['status'], now: number): void {
    this.live.delete(a);
    a.status = status;
    a.updateTime = now;
    this.ex.emit(algoUpdate(a, now));
  }

  private priceTick(m: SymbolMarket, a: AlgoOrder): number {
    return a.workingType === 'MARK_PRICE' ? Math.round(m.markTick) : m.lastTradeTick;
  }

  private bound(): void {
    if (this.all.size <= KEEP_CLOSED * 2) return;
    for (const [id, a] of this.all) {
      if (this.all.size <= KEEP_CLOSED) break;
      if (a.status !== 'NEW' && a.status !== 'TRIGGERED') this.all.delete(id);
    }
  }
}
