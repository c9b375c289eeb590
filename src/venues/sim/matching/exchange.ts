/**
 * The matching engine for the user's orders inside the simulated book. Synthetic takers and the user's takers
 * walk the same book (SymbolMarket.takeLiquidity); user orders rest in it with price-time priority
 * (maker-queue.ts), so no print can trade through a resting user order. Fees, positions and margin go through
 * `Account`, fills and income through `FillLedger`, and every state change goes out as TRADE_LITE /
 * ORDER_TRADE_UPDATE / ACCOUNT_UPDATE / ALGO_UPDATE on the user stream. Pure: time comes in as arguments.
 */
import { ASK, BID, type Side } from '../market/order-book.js';
import type { SymbolMarket } from '../market/symbol-market.js';
import { VenueError } from '../server/rest-types.js';
import { Account, accountUpdateJson } from './account.js';
import { AlgoBook } from './algo-book.js';
import { FillLedger } from './fill-ledger.js';
import { allocateFill, clampQueue, type MakerShare } from './maker-queue.js';
import { parseAmendment } from './order-amend.js';
import { type NewOrder, parseNewOrder } from './order-request.js';
import { checkBookRules, checkMargin, reduceOnlyUnits } from './pre-trade-checks.js';
import { firstOwnReached } from './self-trade.js';
import {
  EXPIRY_REASON,
  type FillInfo,
  type OrderStatus,
  orderTradeUpdate,
  tradeLite,
  type UserOrder,
} from './user-order.js';

const KEEP_CLOSED = 10_000;
/** MAX_NUM_ORDERS in exchangeInfo: open orders per symbol. */
export const MAX_OPEN_ORDERS = 200;

export class Exchange {
  readonly account = new Account();
  readonly ledger: FillLedger;
  readonly algos: AlgoBook;
  /** Resting orders per symbol, oldest first. */
  readonly open = new Map<string, UserOrder[]>();
  /** Every order by id (closed ones bounded to the newest KEEP_CLOSED). */
  readonly orders = new Map<number, UserOrder>();
  /** Dead-man switch per symbol: deadline (venue ms) and the countdown it was armed with. */
  readonly countdowns = new Map<string, { deadline: number; ms: number }>();
  private nextOrderId = 4_000_000_001;
  private closedIds: number[] = [];
  /** Trade ids of the levels a user taker order is walking (one per level, in order). */
  private takerTradeIds: number[] | undefined;
  private readonly shares: MakerShare[] = [];

  constructor(
    readonly markets: Map<string, SymbolMarket>,
    readonly emit: (json: string) => void,
    openedAt = 0,
  ) {
    this.ledger = new FillLedger(this.account.wallet, openedAt);
    // The opening deposit is the balance's last update (clients skip assets whose updateTime is 0).
    this.account.updateTime = openedAt;
    this.algos = new AlgoBook(this);
    for (const m of markets.values()) {
      m.makerFills = (side, tick, qty, time) => this.onMakerFill(m, side, tick, qty, time);
      m.book.makerShrink = (side, tick, synthetic) => clampQueue(this.restingAt(m.symbol, side, tick), synthetic);
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

  /** Validates a new order as `place` would, creating nothing (`POST /fapi/v1/order/test`). */
  testOrder(symbol: string, params: URLSearchParams, now: number): void {
    this.accept(symbol, params, now);
  }

  /** Places an order; returns it as it was on acceptance (ACK) and as it is after matching (RESULT). */
  place(symbol: string, params: URLSearchParams, now: number): { ack: UserOrder; result: UserOrder } {
    const { m, req, units } = this.accept(symbol, params, now);
    return this.placeBuilt(m, this.build(m, req, units, this.nextOrderId++, now), now);
  }

  private accept(
    symbol: string,
    params: URLSearchParams,
    now: number,
  ): { m: SymbolMarket; req: NewOrder; units: number } {
    const m = this.market(symbol);
    const req = parseNewOrder(params, m.spec, now, this.markPrice(m));
    if (req.clientOrderId !== undefined && this.openOrders().some((o) => o.clientOrderId === req.clientOrderId)) {
      throw new VenueError(400, -4116, 'ClientOrderId is duplicated.');
    }
    if ((this.open.get(m.symbol)?.length ?? 0) >= MAX_OPEN_ORDERS)
      throw new VenueError(400, -2025, 'Reach max open order limit.');
    const units = reduceOnlyUnits(this.account, m, req);
    checkMargin(this.account, m, req, units, this.openOrders(), (x) =>
      this.markPrice(this.markets.get(x) as SymbolMarket),
    );
    checkBookRules(m, req, units);
    return { m, req, units };
  }

  private build(m: SymbolMarket, req: NewOrder, units: number, id: number, now: number): UserOrder {
    return {
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
      expiryReason: EXPIRY_REASON.NONE,
    };
  }

  private placeBuilt(m: SymbolMarket, o: UserOrder, now: number): { ack: UserOrder; result: UserOrder } {
    this.orders.set(o.orderId, o);
    const ack = { ...o };
    this.emit(orderTradeUpdate(o, 'NEW', now, undefined));
    this.match(m, o, now);
    return { ack, result: { ...o } };
  }

  cancel(symbol: string, orderId: number | undefined, clientId: string | undefined, now: number): UserOrder {
    const m = this.market(symbol);
    const o = (this.open.get(m.symbol) ?? []).find((x) =>
      orderId !== undefined ? x.orderId === orderId : x.clientOrderId === clientId,
    );
    if (!o) throw new VenueError(400, -2011, 'Unknown order sent.');
    this.unrest(m, o);
    this.close(o, 'CANCELED', now, EXPIRY_REASON.NONE);
    return o;
  }

  cancelAll(symbol: string, now: number): number {
    const m = this.market(symbol);
    const list = [...(this.open.get(m.symbol) ?? [])];
    for (const o of list) {
      this.unrest(m, o);
      this.close(o, 'CANCELED', now, EXPIRY_REASON.NONE);
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

  /**
   * Amends an open LIMIT order's price and/or quantity in place (same orderId), sending x:"AMENDMENT". A new
   * price or a larger quantity goes to the back of the queue; a smaller quantity keeps its place.
   */
  modify(
    symbol: string,
    orderId: number | undefined,
    clientId: string | undefined,
    params: URLSearchParams,
    now: number,
  ): UserOrder {
    const m = this.market(symbol);
    const o = (this.open.get(m.symbol) ?? []).find((x) =>
      orderId !== undefined ? x.orderId === orderId : x.clientOrderId === clientId,
    );
    if (!o) {
      this.query(symbol, orderId, clientId);
      throw new VenueError(400, -2013, 'Order does not exist.');
    }
    const a = parseAmendment(params, o, m.spec, this.markPrice(m));
    const side: Side = o.buy ? BID : ASK;
    if (a.units <= o.execUnits) {
      this.unrest(m, o);
      this.close(o, 'CANCELED', now, EXPIRY_REASON.NONE);
      return o;
    }
    const crosses = o.buy ? (m.book.bestAsk() ?? Infinity) <= a.priceTick : (m.book.bestBid() ?? 0) >= a.priceTick;
    if (o.tif === 'GTX' && crosses) {
      this.unrest(m, o);
      this.close(o, 'EXPIRED', now, EXPIRY_REASON.POST_ONLY);
      return o;
    }
    const keepsPlace = a.priceTick === o.priceTick && a.units < o.origUnits;
    const oldRemaining = o.origUnits - o.execUnits;
    o.origUnits = a.units;
    o.updateTime = now;
    if (keepsPlace) {
      m.book.addUser(side, o.priceTick, o.origUnits - o.execUnits - oldRemaining);
      this.emit(orderTradeUpdate(o, 'AMENDMENT', now, undefined));
      return o;
    }
    this.unrest(m, o);
    o.priceTick = a.priceTick;
    this.emit(orderTradeUpdate(o, 'AMENDMENT', now, undefined));
    this.match(m, o, now);
    return o;
  }

  /** Per step: GTD orders expire, dead-man switches fire, conditional orders trigger. */
  afterStep(now: number): void {
    for (const [symbol, list] of this.open) {
      const m = this.markets.get(symbol) as SymbolMarket;
      for (const o of [...list]) {
        if (o.tif === 'GTD' && o.goodTillDate <= now) {
          this.unrest(m, o);
          this.close(o, 'EXPIRED', now, EXPIRY_REASON.GTD);
        }
      }
    }
    for (const [symbol, c] of this.countdowns) {
      if (now < c.deadline) continue;
      this.countdowns.delete(symbol);
      this.cancelAll(symbol, now);
    }
    this.algos.afterStep(now);
  }

  /** Takes what the order can take now, then rests the rest (GTC/GTX/GTD) or expires it (MARKET/IOC/FOK). */
  private match(m: SymbolMarket, o: UserOrder, now: number): void {
    const limit = o.type === 'LIMIT' ? o.priceTick : undefined;
    let units = o.origUnits - o.execUnits;
    let stpExpired = false;
    if (o.stpMode !== 'NONE') {
      const own = this.open.get(m.symbol) ?? [];
      for (
        let hit = firstOwnReached(m.book, own, o.buy, units, limit);
        hit;
        hit = firstOwnReached(m.book, own, o.buy, units, limit)
      ) {
        if (o.stpMode !== 'EXPIRE_TAKER') {
          this.unrest(m, hit.order);
          this.close(hit.order, 'EXPIRED_IN_MATCH', now, EXPIRY_REASON.SELF_TRADE);
        }
        if (o.stpMode !== 'EXPIRE_MAKER') {
          units = hit.unitsBefore;
          stpExpired = true;
          break;
        }
      }
    }
    if (units > 0) {
      const ids: number[] = [];
      this.takerTradeIds = ids;
      const fills = m.takeLiquidity(o.buy, units, limit, Math.max(now, m.time));
      this.takerTradeIds = undefined;
      for (let i = 0; i < fills.length; i++) {
        const f = fills[i] as { tick: number; qty: number };
        this.applyFill(m, o, f.qty, f.tick, false, now, ids[i] ?? m.tradeId - 1);
      }
    }
    const remaining = o.origUnits - o.execUnits;
    if (remaining <= 0) return;
    if (stpExpired) this.close(o, 'EXPIRED_IN_MATCH', now, EXPIRY_REASON.SELF_TRADE);
    else if (o.type === 'MARKET' || o.tif === 'IOC') this.close(o, 'EXPIRED', now, EXPIRY_REASON.IOC);
    else if (o.tif === 'FOK') this.close(o, 'EXPIRED', now, EXPIRY_REASON.FOK);
    else {
      const side: Side = o.buy ? BID : ASK;
      o.queueAhead = m.book.qtyAt(side, o.priceTick) - m.book.userQtyAt(side, o.priceTick);
      m.book.addUser(side, o.priceTick, remaining);
      const list = this.open.get(o.symbol) ?? [];
      list.push(o);
      this.open.set(o.symbol, list);
    }
  }

  private restingAt(symbol: string, side: Side, tick: number): UserOrder[] {
    const out: UserOrder[] = [];
    for (const o of this.open.get(symbol) ?? []) if (o.priceTick === tick && (o.buy ? BID : ASK) === side) out.push(o);
    return out;
  }

  /** A taker (synthetic or the user's) is about to consume `qty` at a level: the user's share fills first by priority. */
  private onMakerFill(m: SymbolMarket, makerSide: Side, tick: number, qty: number, time: number): void {
    // The print about to be made starts at this trade id.
    this.takerTradeIds?.push(m.tradeId);
    const user = m.book.userQtyAt(makerSide, tick);
    if (user === 0) return;
    const orders = this.restingAt(m.symbol, makerSide, tick);
    const shares = this.shares;
    shares.length = 0;
    allocateFill(orders, m.book.qtyAt(makerSide, tick) - user, qty, shares);
    for (const s of shares) {
      m.book.releaseUser(makerSide, tick, s.units);
      this.applyFill(m, s.order, s.units, tick, true, time, m.tradeId);
      if (s.order.execUnits >= s.order.origUnits) this.removeOpen(s.order);
    }
  }

  private applyFill(
    m: SymbolMarket,
    o: UserOrder,
    units: number,
    tick: number,
    maker: boolean,
    now: number,
    tradeId: number,
  ): void {
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
      tradeId,
      maker,
      realized: r.realized,
    };
    this.ledger.record(
      {
        symbol: m.symbol,
        id: tradeId,
        orderId: o.orderId,
        buyer: o.buy,
        maker,
        price: price.toFixed(m.spec.priceDecimals),
        qty: qty.toFixed(m.spec.qtyDecimals),
        quoteQty: (qty * price).toFixed(Math.max(2, m.spec.priceDecimals)),
        commission: r.commission.toFixed(8),
        realizedPnl: r.realized.toFixed(8),
        time: now,
      },
      r.realized,
      r.commission,
    );
    this.emit(tradeLite(o, now, fill));
    this.emit(orderTradeUpdate(o, 'TRADE', now, fill));
    this.emit(accountUpdateJson(this.account, m, this.markPrice(m), now));
    if (o.status === 'FILLED') this.retire(o);
  }

  private unrest(m: SymbolMarket, o: UserOrder): void {
    const list = this.open.get(o.symbol);
    if (!list?.includes(o)) return;
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

  private close(o: UserOrder, status: OrderStatus, now: number, reason: number): void {
    o.status = status;
    o.updateTime = now;
    o.expiryReason = reason;
    this.emit(orderTradeUpdate(o, status === 'EXPIRED_IN_MATCH' ? 'EXPIRED' : status, now, undefined));
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
