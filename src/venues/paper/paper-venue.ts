/**
 * The paper venue: our orders against the tape's recorded L2 book, with the venue's replies and user stream.
 * Requests reach the venue after the entry latency and are handled once the tape's exchange time passes their
 * arrival (the book is then as it was when they arrived); everything the venue says reaches the caller after
 * the response latency. Pure and deterministic: no I/O, no clock, no randomness. docs/fill-model.md explains
 * the queue models, the latency models, fees, funding and what is excluded.
 */
import type { AggTradeEvent, MarketEvent, MarkPriceEvent, TradeEvent } from '../../schema/market-events.js';
import { symbolSpec } from '../sim/market/symbol-spec.js';
import { EventOutbox } from './event-outbox.js';
import { toFixed, toNumber } from './fixed-decimal.js';
import { PaperAccount } from './paper-account.js';
import { accountUpdate, orderTradeUpdate, type PaperOrder } from './paper-order.js';
import { PaperSymbol } from './paper-symbol.js';
import type { LatencyModel, PaperEvent, PaperOrderRequest, PaperVenue, PaperVenueOptions } from './paper-venue-api.js';
import { type InFlight, key } from './in-flight.js';
import { QueueEstimator } from './queue-position.js';
import { type PaperSymbolSpec, SymbolGrid, type VenueReject } from './symbol-grid.js';

const FIRST_ORDER_ID = 8_000_000_001;

export class PaperVenueEngine implements PaperVenue {
  readonly account: PaperAccount;
  private readonly symbols = new Map<string, PaperSymbol>();
  private readonly open = new Map<string, PaperOrder>();
  private readonly outbox = new EventOutbox();
  private readonly inFlight: InFlight[] = [];
  private readonly latency: LatencyModel;
  private readonly queue: QueueEstimator;
  private readonly specs: Record<string, PaperSymbolSpec>;
  private nextOrderId = FIRST_ORDER_ID;
  private nextTradeId = 1;

  constructor(options: PaperVenueOptions) {
    this.latency = options.latency;
    this.account = new PaperAccount(options.balance ?? 10_000, options.makerFeeBps, options.takerFeeBps);
    this.queue = new QueueEstimator(options.queue, options.queueExponent ?? 3);
    this.specs = options.symbols ?? {};
    for (const [symbol, spec] of Object.entries(this.specs))
      this.symbols.set(symbol, new PaperSymbol(new SymbolGrid(symbol, spec), this.queue));
  }

  private symbol(name: string): PaperSymbol {
    let sym = this.symbols.get(name);
    if (sym === undefined) {
      const s = symbolSpec(name);
      sym = new PaperSymbol(
        new SymbolGrid(name, { tickSize: s.tickSizeStr, stepSize: s.stepSizeStr, minNotional: s.minNotional }),
        this.queue,
      );
      this.symbols.set(name, sym);
    }
    return sym;
  }

  onMarket(event: MarketEvent, recvTs: number): void {
    const venueTime = event.eventTime;
    if (this.latency.observeFeed !== undefined && isStream(event)) this.latency.observeFeed(venueTime, recvTs);
    if (this.inFlight.length > 0) this.handleArrivals(venueTime);
    const sym = this.symbol(event.symbol);
    sym.clock(recvTs);
    switch (event.kind) {
      case 'depthUpdate':
        sym.onDiff(event);
        break;
      case 'depthSnapshot':
        sym.onSnapshot(event);
        break;
      case 'trade':
      case 'aggTrade':
        this.onTrade(sym, event);
        break;
      case 'markPriceUpdate':
        this.onMark(sym, event);
        break;
      default:
        break;
    }
  }

  place(request: PaperOrderRequest, ts: number): void {
    this.send('place', request.symbol, request.newClientOrderId, request, ts);
  }

  cancel(symbol: string, clientOrderId: string, ts: number): void {
    this.send('cancel', symbol, clientOrderId, undefined, ts);
  }

  cancelAll(symbol: string, ts: number): void {
    this.send('cancelAll', symbol, '', undefined, ts);
  }

  drainDue(ts: number, out: PaperEvent[]): number {
    return this.outbox.drainDue(ts, out);
  }

  excludedMs(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [s, sym] of this.symbols) out[s] = sym.excludedMs;
    return out;
  }

  mid(symbol: string): number | undefined {
    const sym = this.symbols.get(symbol);
    const bid = sym?.book.bestBid();
    const ask = sym?.book.bestAsk();
    if (sym === undefined || bid === undefined || ask === undefined) return undefined;
    return toNumber((sym.grid.price(bid) + sym.grid.price(ask)) / 2n);
  }

  /**
   * Handles now every request that arrived at or before `venueTime`, against the book as it stands, without
   * waiting for the next market event: the simulated venue's tape mode answers REST synchronously.
   */
  handleArrived(venueTime: number): void {
    if (this.inFlight.length > 0) this.handleArrivals(venueTime + 1);
  }

  /** Requests sent but not yet arrived at the venue, and events not yet delivered. */
  pending(): { inFlight: number; undelivered: number } {
    return { inFlight: this.inFlight.length, undelivered: this.outbox.pending };
  }

  private send(
    kind: InFlight['kind'],
    symbol: string,
    clientOrderId: string,
    request: PaperOrderRequest | undefined,
    ts: number,
  ): void {
    const latencyMs = this.latency.entryMs(ts);
    const r: InFlight = { kind, arrival: ts + latencyMs, sentTs: ts, latencyMs, symbol, clientOrderId, request };
    // Arrival order; equal arrivals keep send order.
    const q = this.inFlight;
    q.push(r);
    let i = q.length - 1;
    while (i > 0 && (q[i - 1] as InFlight).arrival > r.arrival) {
      q[i] = q[i - 1] as InFlight;
      i--;
    }
    q[i] = r;
  }

  /** Requests that arrived before the tape's exchange time `venueTime` meet the book as it stands now. */
  private handleArrivals(venueTime: number): void {
    const q = this.inFlight;
    let n = 0;
    while (n < q.length && (q[n] as InFlight).arrival < venueTime) n++;
    if (n === 0) return;
    const due = q.splice(0, n);
    for (const r of due) {
      if (r.kind === 'place') this.accept(r);
      else if (r.kind === 'cancel') this.cancelOne(r);
      else this.cancelEvery(r);
    }
  }

  private reply(r: InFlight, ok: boolean, code: number, msg: string): void {
    const at = this.outbox.replyAt(r.arrival + this.latency.responseMs(r.arrival));
    this.outbox.push({
      kind: 'reply',
      at,
      request: r.kind === 'place' ? 'place' : 'cancel',
      clientOrderId: r.clientOrderId,
      ok,
      code,
      msg,
    });
  }

  private user(E: number, event: Record<string, unknown>): number {
    const at = this.outbox.userAt(E + this.latency.responseMs(E));
    this.outbox.push({ kind: 'user', at, event });
    return at;
  }

  /** The venue's checks, in its order; the symbol, ticks and lots of an order it accepts. */
  private check(
    req: PaperOrderRequest,
  ): VenueReject | { sym: PaperSymbol; ticks: number; lots: number; crosses: boolean } {
    const sym = this.symbols.get(req.symbol);
    if (sym === undefined) return { code: -1121, msg: 'Invalid symbol.' };
    const g = sym.grid;
    if (this.open.has(key(req.symbol, req.newClientOrderId)))
      return { code: -4116, msg: 'ClientOrderId is duplicated.' };
    const ticks = g.parsePrice(req.price);
    if (typeof ticks !== 'number') return ticks;
    const lots = g.parseQty(req.quantity);
    if (typeof lots !== 'number') return lots;
    if (ticks <= 0) return { code: -4001, msg: 'Price less than 0.' };
    if (lots <= 0) return { code: -4003, msg: 'Quantity less than or equal to zero.' };
    if (g.notional(ticks, lots) < g.minNotional) {
      return {
        code: -4164,
        msg: `Order's notional must be no smaller than ${toFixed(g.minNotional, 2)} (unless you choose reduce only).`,
      };
    }
    if (!sym.synced) {
      return {
        code: -1000,
        msg: `Paper venue: the recorded ${req.symbol} book is out of sync at this time; the order is not simulated.`,
      };
    }
    const buy = req.side === 'BUY';
    const bestOpposite = buy ? sym.bestAsk() : sym.bestBid(); // bounded by newer prints (paper-symbol.ts)
    const crosses = bestOpposite !== undefined && (buy ? bestOpposite <= ticks : bestOpposite >= ticks);
    if (req.timeInForce === 'GTX' && crosses) {
      return {
        code: -5022,
        msg: 'Due to the order could not be executed as maker, the Post Only order will be rejected.',
      };
    }
    return { sym, ticks, lots, crosses };
  }

  private accept(r: InFlight): void {
    const req = r.request as PaperOrderRequest;
    const checked = this.check(req);
    if ('code' in checked) {
      this.reply(r, false, checked.code, checked.msg);
      return;
    }
    const { sym, ticks, lots, crosses } = checked;
    const g = sym.grid;
    const buy = req.side === 'BUY';
    const o: PaperOrder = {
      orderId: this.nextOrderId++,
      clientOrderId: req.newClientOrderId,
      grid: g,
      buy,
      tif: req.timeInForce,
      ticks,
      origLots: lots,
      execLots: 0,
      cumQuote: 0n,
      status: 'NEW',
      time: r.arrival,
      queue: { ahead: 0, tradedSinceDepth: 0 },
      queueAheadAtEntry: 0,
      latencyMs: r.latencyMs,
    };
    this.reply(r, true, 0, 'NEW');
    this.user(r.arrival, orderTradeUpdate(o, 'NEW', r.arrival, undefined));
    if (crosses) this.take(sym, o, r.arrival);
    if (o.status === 'FILLED') return;
    if (o.tif === 'IOC') {
      o.status = 'EXPIRED';
      this.user(r.arrival, orderTradeUpdate(o, 'EXPIRED', r.arrival, undefined));
      return;
    }
    const ahead = sym.goneAt(buy, ticks) ? 0 : (buy ? sym.book.bids : sym.book.asks).at(ticks);
    o.queue.ahead = ahead;
    o.queueAheadAtEntry = ahead;
    sym.addResting(o);
    this.open.set(key(g.symbol, o.clientOrderId), o);
  }

  /** A crossing order walks the opposite side level by level up to its limit (the tape's book is not depleted). */
  private take(sym: PaperSymbol, o: PaperOrder, E: number): void {
    const side = o.buy ? sym.book.asks : sym.book.bids;
    const ticks = side.ticks;
    let i = o.buy ? 0 : ticks.length - 1;
    while (o.execLots < o.origLots && i >= 0 && i < ticks.length) {
      const t = ticks[i] as number;
      if (o.buy ? t > o.ticks : t < o.ticks) break;
      // A level a newer print already went through has nothing left to take (paper-symbol.ts, printed).
      if (!sym.goneAt(!o.buy, t)) this.execute(sym, o, Math.min(side.at(t), o.origLots - o.execLots), t, false, E);
      i += o.buy ? 1 : -1;
    }
  }

  private execute(sym: PaperSymbol, o: PaperOrder, lots: number, ticks: number, maker: boolean, E: number): void {
    const g = sym.grid;
    const booking = this.account.fill(g, o.buy, ticks, lots, maker);
    o.execLots += lots;
    o.cumQuote += g.notional(ticks, lots);
    o.status = o.execLots >= o.origLots ? 'FILLED' : 'PARTIALLY_FILLED';
    const x = { lots, ticks, fee: booking.fee, realized: booking.realized, tradeId: this.nextTradeId++, maker };
    const at = this.user(E, orderTradeUpdate(o, 'TRADE', E, x));
    this.outbox.push({
      kind: 'fill-detail',
      at,
      clientOrderId: o.clientOrderId,
      liquidity: maker ? 'maker' : 'taker',
      queueAheadAtEntry: maker ? Number(g.qtyString(o.queueAheadAtEntry)) : 0,
      latencyMs: o.latencyMs,
      fee: Number(toFixed(booking.fee, 8)),
    });
    this.user(E, accountUpdate(this.account, g, 'ORDER', E, 0n, this.markOf(sym)));
    if (o.status === 'FILLED') {
      sym.removeResting(o);
      this.open.delete(key(g.symbol, o.clientOrderId));
    }
  }

  private onTrade(sym: PaperSymbol, t: TradeEvent | AggTradeEvent): void {
    if (sym.tradeKind === undefined) sym.tradeKind = t.kind;
    else if (sym.tradeKind !== t.kind) return; // the other stream carries the same trades
    const g = sym.grid;
    const tick = g.ticksOf(t.price);
    this.fillResting(sym, t, tick);
    sym.printed(t, tick);
  }

  private fillResting(sym: PaperSymbol, t: TradeEvent | AggTradeEvent, tick: number): void {
    if (sym.resting === 0 || !sym.synced) return;
    const g = sym.grid;
    // A sell aggressor hits bids: our buys at or above the price; a buy aggressor lifts our sells at or below.
    const hitBids = t.side === 'sell';
    const orders = sym.ordersAt(hitBids);
    const touched: PaperOrder[] = [];
    for (const [price, list] of orders)
      if (hitBids ? price >= tick : price <= tick) for (const o of list) touched.push(o);
    if (touched.length === 0) return;
    let tradeLots = g.lotsOf(t.qty);
    for (const o of touched) {
      const left = o.origLots - o.execLots;
      if (o.ticks !== tick) {
        this.execute(sym, o, left, o.ticks, true, t.eventTime); // traded through our price
        continue;
      }
      const filled = this.queueTrade(o, tradeLots, left);
      if (filled > 0) {
        tradeLots -= filled;
        this.execute(sym, o, filled, o.ticks, true, t.eventTime);
      }
    }
  }

  private queueTrade(o: PaperOrder, lots: number, left: number): number {
    // Our earlier orders at the level took part of the trade: later ones see only the rest.
    return lots > 0 ? this.queue.trade(o.queue, lots, left) : 0;
  }

  private onMark(sym: PaperSymbol, m: MarkPriceEvent): void {
    const fundingTime = sym.fundingDue(m);
    if (fundingTime > 0) {
      const payment = this.account.funding(sym.grid, sym.markPrice, sym.fundingRate);
      if (payment !== 0n) {
        const at = this.user(
          fundingTime,
          accountUpdate(this.account, sym.grid, 'FUNDING_FEE', fundingTime, payment, 0n),
        );
        const amount = Number(toFixed(payment, 8));
        this.outbox.push({
          kind: 'funding-detail',
          at,
          ts: fundingTime,
          symbol: sym.grid.symbol,
          amount,
          markPrice: sym.markPrice,
          fundingRate: sym.fundingRate,
        });
      }
    }
    sym.holdMark(m);
  }

  private cancelOne(r: InFlight): void {
    const o = this.open.get(key(r.symbol, r.clientOrderId));
    if (o === undefined) {
      this.reply(r, false, -2011, 'Unknown order sent.');
      return;
    }
    this.close(o, r.arrival);
    this.reply(r, true, 0, 'CANCELED');
  }

  private cancelEvery(r: InFlight): void {
    const sym = this.symbols.get(r.symbol);
    if (sym === undefined) {
      this.reply(r, false, -1121, 'Invalid symbol.');
      return;
    }
    const mine: PaperOrder[] = [];
    for (const o of this.open.values()) if (o.grid === sym.grid) mine.push(o);
    for (const o of mine) this.close(o, r.arrival);
    this.reply(r, true, 200, 'The operation of cancel all open order is done.');
  }

  private close(o: PaperOrder, E: number): void {
    const sym = this.symbols.get(o.grid.symbol) as PaperSymbol;
    sym.removeResting(o);
    this.open.delete(key(o.grid.symbol, o.clientOrderId));
    o.status = 'CANCELED';
    this.user(E, orderTradeUpdate(o, 'CANCELED', E, undefined));
  }

  private markOf(sym: PaperSymbol): bigint {
    if (sym.markPrice > 0) return sym.grid.exactPrice(sym.markPrice);
    const bid = sym.book.bestBid();
    const ask = sym.book.bestAsk();
    if (bid === undefined || ask === undefined) return 0n;
    return (sym.grid.price(bid) + sym.grid.price(ask)) / 2n;
  }
}

function isStream(e: MarketEvent): boolean {
  return e.kind !== 'depthSnapshot' && e.kind !== 'kline' && e.kind !== 'openInterest' && e.kind !== 'openInterestHist';
}
