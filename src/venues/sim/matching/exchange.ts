/**
 * The matching engine for the user's orders inside the simulated book: price-time priority with a queue
 * position (the quantity ahead at the order's level when it arrived, worked down by the synthetic flow),
 * taker orders walk the book, fees, positions and margin through `Account`, and every state change goes out
 * as ORDER_TRADE_UPDATE / ACCOUNT_UPDATE on the user stream. Pure: time comes in as arguments.
 */
import { ASK, BID, type Side } from '../market/order-book.js';
import type { SymbolMarket } from '../market/symbol-market.js';
import { VenueError } from '../server/rest-types.js';
import { Account } from './account.js';
import { type NewOrder, parseNewOrder } from './order-request.js';
import { type FillInfo, orderTradeUpdate, type UserOrder } from './user-order.js';

const KEEP_CLOSED = 10_000;

export class Exchange {
  readonly account = new Account();
  /** Resting orders per symbol, oldest first. */
  readonly open = new Map<string, UserOrder[]>();
  /** Every order by id (closed ones bounded to the newest KEEP_CLOSED). */
  readonly orders = new Map<number, UserOrder>();
  /** Dead-man switch per symbol: deadline (venue ms) and the countdown it was armed with. */
  readonly countdowns = new Map<string, { deadline: number; ms: number }>();
  private nextOrderId = 4_000_000_001;
  private closedIds: number[] = [];

  constructor(
    readonly markets: Map<string, SymbolMarket>,
    private readonly emit: (json: string) => void,
  ) {
    for (const m of markets.values()) {
      m.makerFills = (side, tick, qty, time) => this.onMakerFill(m, side, tick, qty, time);
    }
  }

  market(symbol: string): SymbolMarket {
    const m = this.markets.get(symbol.toUpperCase());
    if (!m) throw new VenueError(400, -1121, 'Invalid symbol.');
    return m;
  }

  markPrice(m: SymbolMarket): number {
    return m.markTick * m.spec.tickSize;
  }

  openOrders(symbol?: string): UserOrder[] {
    if (symbol !== undefined) return [...(this.open.get(this.market(symbol).symbol) ?? [])];
    return [...this.open.values()].flat();
  }

  /** Places an order; returns it as it was on acceptance (ACK) and as it is after matching (RESULT). */
  place(symbol: string, params: URLSearchParams, now: number): { ack: UserOrder; result: UserOrder } {
    const m = this.market(symbol);
    const req = parseNewOrder(params, m.spec, now, this.markPrice(m));
    if (req.clientOrderId !== undefined && this.openOrders().some((o) => o.clientOrderId === req.clientOrderId)) {
      throw new VenueError(400, -4116, 'ClientOrderId is duplicated.');
    }
    const units = this.reduceOnlyUnits(m, req);
    this.checkMargin(m, req, units);
    const book = m.book;
    if (req.type === 'LIMIT' && req.tif === 'GTX') {
      const crosses = req.buy ? (book.bestAsk() ?? Infinity) <= req.priceTick : (book.bestBid() ?? 0) >= req.priceTick;
      if (crosses)
        throw new VenueError(
          400,
          -5022,
          'Due to the order could not be executed as maker, the Post Only order will be rejected.',
        );
    }
    if (req.type === 'LIMIT' && req.tif === 'FOK' && this.liquidityWithin(m, req.buy, req.priceTick) < units) {
      throw new VenueError(
        400,
        -5021,
        'Due to the order could not be filled immediately, the FOK order has been rejected.',
      );
    }
    const id = this.nextOrderId++;
    const o: UserOrder = {
      orderId: id,
      clientOrderId: req.clientOrderId ?? `sim_${id.toString(36)}`,
      symbol: m.symbol,
      spec: m.spec,
      buy: req.buy,
      type: req.type,
      tif: req.tif,
      priceTick: req.priceTick,
      origUnits: units,
      execUnits: 0,
      cumQuote: 0,
      status: 'NEW',
      reduceOnly: req.reduceOnly,
      goodTillDate: req.goodTillDate,
      stpMode: req.stpMode,
      time: now,
      updateTime: now,
      queueAhead: 0,
    };
    this.orders.set(id, o);
    const ack = { ...o };
    this.emit(orderTradeUpdate(o, 'NEW', now, undefined));
    const fills = m.takeLiquidity(o.buy, units, o.type === 'LIMIT' ? o.priceTick : undefined, Math.max(now, m.time));
    for (const f of fills) this.applyFill(m, o, f.qty, f.tick, false, now);
    const remaining = o.origUnits - o.execUnits;
    if (remaining > 0) {
      if (o.type === 'MARKET' || o.tif === 'IOC' || o.tif === 'FOK') {
        this.close(o, 'EXPIRED', now);
      } else {
        const side: Side = o.buy ? BID : ASK;
        o.queueAhead = book.qtyAt(side, o.priceTick);
        book.addUser(side, o.priceTick, remaining);
        const list = this.open.get(o.symbol) ?? [];
        list.push(o);
        this.open.set(o.symbol, list);
      }
    }
    return { ack, result: { ...o } };
  }

  cancel(symbol: string, orderId: number | undefined, clientId: string | undefined, now: number): UserOrder {
    const m = this.market(symbol);
    const o = (this.open.get(m.symbol) ?? []).find((x) =>
      orderId !== undefined ? x.orderId === orderId : x.clientOrderId === clientId,
    );
    if (!o) throw new VenueError(400, -2011, 'Unknown order sent.');
    this.unrest(m, o);
    this.close(o, 'CANCELED', now);
    return o;
  }

  cancelAll(symbol: string, now: number): number {
    const m = this.market(symbol);
    const list = [...(this.open.get(m.symbol) ?? [])];
    for (const o of list) {
      this.unrest(m, o);
      this.close(o, 'CANCELED', now);
    }
    return list.length;
  }

  query(symbol: string, orderId: number | undefined, clientId: string | undefined): UserOrder {
    const m = this.market(symbol);
    if (orderId !== undefined) {
      const o = this.orders.get(orderId);
      if (o && o.symbol === m.symbol) return o;
    } else {
      for (const o of this.orders.values()) if (o.symbol === m.symbol && o.clientOrderId === clientId) return o;
    }
    throw new VenueError(400, -2013, 'Order does not exist.');
  }

  /** Per step: queue positions shrink with cancels ahead, GTD orders expire, dead-man switches fire. */
  afterStep(now: number): void {
    for (const [symbol, list] of this.open) {
      const m = this.markets.get(symbol) as SymbolMarket;
      for (const o of [...list]) {
        if (o.tif === 'GTD' && o.goodTillDate <= now) {
          this.unrest(m, o);
          this.close(o, 'EXPIRED', now);
          continue;
        }
        const side: Side = o.buy ? BID : ASK;
        const others = m.book.qtyAt(side, o.priceTick) - m.book.userQtyAt(side, o.priceTick);
        if (o.queueAhead > others) o.queueAhead = Math.max(0, others);
      }
    }
    for (const [symbol, c] of this.countdowns) {
      if (now < c.deadline) continue;
      this.countdowns.delete(symbol);
      this.cancelAll(symbol, now);
    }
  }

  private reduceOnlyUnits(m: SymbolMarket, req: NewOrder): number {
    if (!req.reduceOnly) return req.units;
    const amt = this.account.position(m.symbol).amt / m.spec.stepSize;
    const reduces = req.buy ? amt < 0 : amt > 0;
    if (!reduces) throw new VenueError(400, -2022, 'ReduceOnly Order is rejected.');
    return Math.min(req.units, Math.round(Math.abs(amt)));
  }

  private checkMargin(m: SymbolMarket, req: NewOrder, units: number): void {
    if (req.reduceOnly) return;
    const mark = this.markPrice(m);
    const price = req.type === 'LIMIT' ? req.priceTick * m.spec.tickSize : mark;
    const qty = units * m.spec.stepSize;
    const pos = this.account.position(m.symbol).amt;
    // Only the part that opens or grows exposure needs margin.
    const opening = (req.buy ? pos >= 0 : pos <= 0) ? qty : Math.max(0, qty - Math.abs(pos));
    if (opening === 0) return;
    const marks = (s: string): number => this.markPrice(this.markets.get(s) as SymbolMarket);
    const totals = this.account.totals(marks);
    let orderMargin = 0;
    for (const o of this.openOrders()) {
      orderMargin +=
        ((o.origUnits - o.execUnits) * o.spec.stepSize * o.priceTick * o.spec.tickSize) /
        this.account.leverageOf(o.symbol);
    }
    const available = this.account.wallet + totals.unrealized - totals.positionMargin - orderMargin;
    const required = (opening * price) / this.account.leverageOf(m.symbol) + opening * price * 0.0005;
    if (required > available) throw new VenueError(400, -2019, 'Margin is insufficient.');
  }

  private liquidityWithin(m: SymbolMarket, buy: boolean, limitTick: number): number {
    const side = m.book.sides[buy ? ASK : BID];
    let sum = 0;
    for (const t of side.ticks) {
      if (buy ? t > limitTick : t < limitTick) break;
      sum += side.qty.get(t) as number;
    }
    return sum;
  }

  private onMakerFill(m: SymbolMarket, makerSide: Side, tick: number, qty: number, time: number): void {
    const list = this.open.get(m.symbol);
    if (!list || list.length === 0 || m.book.userQtyAt(makerSide, tick) === 0) return;
    for (const o of [...list]) {
      if (o.priceTick !== tick || (o.buy ? BID : ASK) !== makerSide) continue;
      const remaining = o.origUnits - o.execUnits;
      const filled = Math.min(remaining, Math.max(0, qty - o.queueAhead));
      o.queueAhead = Math.max(0, o.queueAhead - qty);
      if (filled <= 0) continue;
      m.book.releaseUser(makerSide, tick, filled);
      this.applyFill(m, o, filled, tick, true, time);
      if (o.execUnits >= o.origUnits) this.removeOpen(o);
    }
  }

  private applyFill(m: SymbolMarket, o: UserOrder, units: number, tick: number, maker: boolean, now: number): void {
    const price = tick * m.spec.tickSize;
    const qty = units * m.spec.stepSize;
    const r = this.account.fill(m.symbol, o.buy, qty, price, maker, now);
    o.execUnits += units;
    o.cumQuote += qty * price;
    o.status = o.execUnits >= o.origUnits ? 'FILLED' : 'PARTIALLY_FILLED';
    o.updateTime = now;
    const fill: FillInfo = {
      lastUnits: units,
      lastPrice: price,
      commission: r.commission,
      tradeId: m.tradeId - 1,
      maker,
      realized: r.realized,
    };
    this.emit(orderTradeUpdate(o, 'TRADE', now, fill));
    this.emit(this.accountUpdate(m, now));
    if (o.status === 'FILLED') this.retire(o);
  }

  private accountUpdate(m: SymbolMarket, now: number): string {
    const a = this.account;
    const p = a.position(m.symbol);
    const mark = this.markPrice(m);
    const pd = Math.max(5, m.spec.priceDecimals);
    return `{"e":"ACCOUNT_UPDATE","E":${now},"T":${now},"a":{"m":"ORDER","B":[{"a":"USDT","wb":"${a.wallet.toFixed(8)}","cw":"${a.wallet.toFixed(8)}","bc":"0"}],"P":[{"s":"${m.symbol}","pa":"${p.amt.toFixed(m.spec.qtyDecimals)}","ep":"${p.entry.toFixed(pd)}","bep":"${p.entry.toFixed(pd)}","cr":"${p.realized.toFixed(8)}","up":"${a.unrealized(m.symbol, mark).toFixed(8)}","mt":"cross","iw":"0","ps":"BOTH"}]}}`;
  }

  private unrest(m: SymbolMarket, o: UserOrder): void {
    const remaining = o.origUnits - o.execUnits;
    if (remaining > 0) m.book.addUser(o.buy ? BID : ASK, o.priceTick, -remaining);
    this.removeOpen(o);
  }

  private removeOpen(o: UserOrder): void {
    const list = this.open.get(o.symbol);
    if (!list) return;
    const i = list.indexOf(o);
    if (i >= 0) list.splice(i, 1);
  }

  private close(o: UserOrder, status: 'CANCELED' | 'EXPIRED', now: number): void {
    o.status = status;
    o.updateTime = now;
    this.emit(orderTradeUpdate(o, status, now, undefined));
    this.retire(o);
  }

  /** Bounds the memory of closed orders (queries of very old orders get -2013, as on the venue). */
  private retire(o: UserOrder): void {
    this.closedIds.push(o.orderId);
    if (this.closedIds.length > KEEP_CLOSED * 2) {
      const drop = this.closedIds.splice(0, this.closedIds.length - KEEP_CLOSED);
      for (const id of drop) this.orders.delete(id);
    }
  }
}
