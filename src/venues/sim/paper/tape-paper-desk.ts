/**
 * Paper trading on a replayed tape: the simulated venue's order entry in tape mode. Every replayed frame goes
 * to the paper venue (src/venues/paper, the backtest's fill model: queue position, partial fills, GTX -5022,
 * fees, funding), and REST / WebSocket-API orders are matched against that book. Requests are handled at once
 * (zero added latency: the real network between client and sim is the latency) at the tape's current exchange
 * time; the venue's replies become the REST answer and its user-stream events go to every listen key.
 * Amendments and algo orders get a venue error naming the limitation. docs/fill-model.md, "Paper trading".
 */
import { TapelineError } from '../../../schema/errors.js';
import type { MarketEvent } from '../../../schema/market-events.js';
import { decodeEvent } from '../../binance/codec/decode-event.js';
import { decodeRest } from '../../binance/codec/decode-rest.js';
import { constantLatency, PaperVenueEngine } from '../../paper/index.js';
import type { PaperEvent, PaperOrderRequest, QueueModel } from '../../paper/paper-venue-api.js';
import type { TapeFrame } from '../../tape/tape-frame.js';
import {
  entryParams,
  idOrClientId,
  jsonList,
  MAX_BATCH_CANCELS,
  MAX_BATCH_ORDERS,
  type OrderEntry,
  settle,
} from '../server/order-desk.js';
import { mandatory, VenueError } from '../server/rest-types.js';
import { orderBody, type VenueOrderView } from './tape-order-view.js';

export interface TapePaperOptions {
  queue?: QueueModel;
  makerFeeBps?: number;
  takerFeeBps?: number;
  balance?: number;
}

/** The venue's standard tier (as `GET /fapi/v1/commissionRate` answers) and the backtest's default queue. */
export const TAPE_PAPER_DEFAULTS = Object.freeze({
  queue: 'risk-averse' as QueueModel,
  makerFeeBps: 2,
  takerFeeBps: 5,
  balance: 10_000,
});

const TIFS = new Set(['GTX', 'GTC', 'IOC']);

function unsupported(what: string): never {
  throw new VenueError(
    400,
    -1014,
    `Unsupported order combination: the simulated venue in tape mode (tapeline sim --tape) does not support ${what}; cancel and place a LIMIT order instead.`,
  );
}

export class TapePaperDesk implements OrderEntry {
  readonly engine: PaperVenueEngine;
  /** Exchange time (ms) of the last replayed frame: the venue time orders meet the book at. */
  tapeNow = 0;
  readonly counters = { frames: 0, undecodable: 0, orders: 0, fills: 0, rejects: 0 };
  private readonly views = new Map<string, VenueOrderView>();
  private readonly byId = new Map<number, string>();
  /** The last ACCOUNT_UPDATE position per symbol (`pa`, `ep`, `up`). */
  readonly positions = new Map<string, { pa: string; ep: string; up: string }>();
  /** Dead-man switch: symbol → wall-clock deadline. */
  readonly countdowns = new Map<string, number>();
  private readonly due: PaperEvent[] = [];
  private generated = 0;

  constructor(
    private readonly publishUser: (json: string) => void,
    private readonly wallNow: () => number,
    opts: TapePaperOptions = {},
  ) {
    const o = { ...TAPE_PAPER_DEFAULTS, ...opts };
    this.engine = new PaperVenueEngine({
      queue: o.queue,
      latency: constantLatency(0),
      makerFeeBps: o.makerFeeBps,
      takerFeeBps: o.takerFeeBps,
      balance: o.balance,
    });
  }

  /** One replayed frame, before the clients see it (the venue fills first, then prints the trade). */
  onFrame(frame: TapeFrame): void {
    this.counters.frames++;
    const events = this.decode(frame);
    if (events !== undefined)
      for (const e of events) {
        if (e.eventTime > this.tapeNow) this.tapeNow = e.eventTime;
        this.engine.onMarket(e, frame.recvTsMs);
      }
    this.checkCountdowns();
    this.flush();
  }

  private decode(frame: TapeFrame): MarketEvent[] | undefined {
    try {
      if (frame.kind === 'rest') {
        const url = frame.url ?? '';
        return url.includes('/depth')
          ? ((decodeRest(url, frame.data, frame.recvTsMs) ?? undefined) as MarketEvent[] | undefined)
          : undefined;
      }
      const e = decodeEvent(frame.data, frame.stream);
      return e === null ? undefined : [e as MarketEvent];
    } catch (err) {
      if (!(err instanceof TapelineError)) throw err;
      // Counted in /_sim/state (tape.paper.undecodable): the client's own codec meets the same frame.
      this.counters.undecodable++;
      return undefined;
    }
  }

  private checkCountdowns(): void {
    if (this.countdowns.size === 0) return;
    const now = this.wallNow();
    for (const [symbol, deadline] of this.countdowns)
      if (now >= deadline) {
        this.countdowns.delete(symbol);
        this.engine.cancelAll(symbol, this.tapeNow);
        this.engine.handleArrived(this.tapeNow);
      }
  }

  /** Delivers what the paper venue said; returns the replies (for the request being answered). */
  private flush(): Array<Extract<PaperEvent, { kind: 'reply' }>> {
    const due = this.due;
    due.length = 0;
    this.engine.drainDue(Number.POSITIVE_INFINITY, due);
    const replies: Array<Extract<PaperEvent, { kind: 'reply' }>> = [];
    for (const e of due) {
      if (e.kind === 'reply') replies.push(e);
      else if (e.kind === 'user') this.onUser(e.event);
    }
    return replies;
  }

  private onUser(event: Record<string, unknown>): void {
    if (event.e === 'ORDER_TRADE_UPDATE') {
      const o = event.o as VenueOrderView;
      this.views.set(`${o.s}|${o.c}`, { ...o, updateTime: event.E as number });
      this.byId.set(o.i, o.c);
      if (o.x === 'TRADE') this.counters.fills++;
    } else if (event.e === 'ACCOUNT_UPDATE') {
      const P = (event.a as { P: Array<{ s: string; pa: string; ep: string; up: string }> }).P;
      for (const p of P) this.positions.set(p.s, { pa: p.pa, ep: p.ep, up: p.up });
    }
    this.publishUser(JSON.stringify(event));
  }

  /** Sends one request to the paper venue at tape time and returns its reply (handled synchronously). */
  private request(send: () => void): Extract<PaperEvent, { kind: 'reply' }> {
    send();
    this.engine.handleArrived(this.tapeNow);
    const reply = this.flush()[0];
    if (reply === undefined) throw new VenueError(500, -1000, 'tape mode: the paper venue did not answer the request');
    if (!reply.ok) {
      this.counters.rejects++;
      throw new VenueError(400, reply.code, reply.msg);
    }
    return reply;
  }

  place(p: URLSearchParams): Record<string, unknown> {
    const symbol = mandatory(p, 'symbol').toUpperCase();
    const side = mandatory(p, 'side');
    const type = mandatory(p, 'type');
    if (side !== 'BUY' && side !== 'SELL') throw new VenueError(400, -1117, 'Invalid side.');
    if (type !== 'LIMIT') unsupported(`${type} orders (it matches LIMIT GTX/GTC/IOC orders only)`);
    const tif = mandatory(p, 'timeInForce');
    if (!TIFS.has(tif))
      throw new VenueError(400, -1115, `Invalid timeInForce: tape mode takes GTX, GTC or IOC (got ${tif}).`);
    if (p.get('reduceOnly') === 'true' || p.get('closePosition') === 'true') unsupported('reduceOnly or closePosition');
    if (this.tapeNow === 0)
      throw new VenueError(400, -1000, 'tape mode: the tape has not delivered a market event yet; retry in a moment.');
    const req: PaperOrderRequest = {
      symbol,
      side,
      type: 'LIMIT',
      timeInForce: tif as PaperOrderRequest['timeInForce'],
      price: mandatory(p, 'price'),
      quantity: mandatory(p, 'quantity'),
      newClientOrderId: p.get('newClientOrderId') ?? `tape-paper-${++this.generated}`,
    };
    this.counters.orders++;
    this.request(() => this.engine.place(req, this.tapeNow));
    return this.body(symbol, req.newClientOrderId);
  }

  modify(): Record<string, unknown> {
    return unsupported('order amendments (PUT /fapi/v1/order, order.modify)');
  }

  test(p: URLSearchParams): Record<string, unknown> {
    mandatory(p, 'symbol');
    return {};
  }

  cancel(p: URLSearchParams): Record<string, unknown> {
    const symbol = mandatory(p, 'symbol').toUpperCase();
    const { id, client } = idOrClientId(p, 'orderId', 'origClientOrderId');
    const cid = client ?? this.byId.get(id as number);
    if (cid === undefined) throw new VenueError(400, -2011, 'Unknown order sent.');
    this.request(() => this.engine.cancel(symbol, cid, this.tapeNow));
    return this.body(symbol, cid);
  }

  status(p: URLSearchParams): Record<string, unknown> {
    const symbol = mandatory(p, 'symbol').toUpperCase();
    const { id, client } = idOrClientId(p, 'orderId', 'origClientOrderId');
    const cid = client ?? this.byId.get(id as number);
    if (cid === undefined || !this.views.has(`${symbol}|${cid}`))
      throw new VenueError(400, -2013, 'Order does not exist.');
    return this.body(symbol, cid);
  }

  batchEntries(p: URLSearchParams): URLSearchParams[] {
    return jsonList(p, 'batchOrders', MAX_BATCH_ORDERS).map(entryParams);
  }

  batchPlace(entries: URLSearchParams[]): unknown[] {
    return entries.map((e) => settle(() => this.place(e)));
  }

  batchModify(): unknown[] {
    return unsupported('order amendments (PUT /fapi/v1/batchOrders)');
  }

  batchCancel(p: URLSearchParams): unknown[] {
    const symbol = mandatory(p, 'symbol');
    const ids = p.get('orderIdList');
    const list = jsonList(p, ids !== null ? 'orderIdList' : 'origClientOrderIdList', MAX_BATCH_CANCELS);
    return list.map((v) =>
      settle(() =>
        this.cancel(new URLSearchParams({ symbol, [ids !== null ? 'orderId' : 'origClientOrderId']: String(v) })),
      ),
    );
  }

  cancelAll(p: URLSearchParams): Record<string, unknown> {
    const symbol = mandatory(p, 'symbol').toUpperCase();
    this.request(() => this.engine.cancelAll(symbol, this.tapeNow));
    return { code: 200, msg: 'The operation of cancel all open order is done.' };
  }

  algoPlace(): Record<string, unknown> {
    return unsupported('conditional (algo) orders');
  }

  algoCancel(): Record<string, unknown> {
    return unsupported('conditional (algo) orders');
  }

  algoCancelAll(): Record<string, unknown> {
    return unsupported('conditional (algo) orders');
  }

  algoStatus(): Record<string, unknown> {
    return unsupported('conditional (algo) orders');
  }

  openAlgos(): unknown[] {
    return [];
  }

  allAlgos(): unknown[] {
    return [];
  }

  /** Open orders (NEW or PARTIALLY_FILLED), all symbols or one, in the venue's query shape. */
  openOrders(symbol: string | undefined): Record<string, unknown>[] {
    const out: Record<string, unknown>[] = [];
    for (const v of this.views.values())
      if ((v.X === 'NEW' || v.X === 'PARTIALLY_FILLED') && (symbol === undefined || v.s === symbol))
        out.push(orderBody(v));
    return out;
  }

  private body(symbol: string, cid: string): Record<string, unknown> {
    const v = this.views.get(`${symbol}|${cid}`);
    if (v === undefined) throw new VenueError(400, -2013, 'Order does not exist.');
    return orderBody(v);
  }
}
