/**
 * Order entry shared by REST and the WebSocket API: each operation takes the request's parameters and
 * returns the venue's JSON body (or throws a VenueError), so `POST /fapi/v1/order` and `order.place` answer
 * byte for byte alike. Batches run their entries one by one and report each entry's result or error in place.
 */
import { algoJson } from '../matching/algo-orders.js';
import type { Exchange } from '../matching/exchange.js';
import { orderJson } from '../matching/user-order.js';
import { mandatory, optionalInt, VenueError } from './rest-types.js';

export const MAX_BATCH_ORDERS = 5;
export const MAX_BATCH_CANCELS = 10;

export function idOrClientId(
  p: URLSearchParams,
  idName: string,
  clientName: string,
): { id: number | undefined; client: string | undefined } {
  const id = optionalInt(p, idName);
  const client = p.get(clientName) ?? undefined;
  if (id === undefined && client === undefined) {
    throw new VenueError(400, -1102, `Param '${idName}' or '${clientName}' must be sent, but both were empty/null!`);
  }
  return { id, client };
}

/** A JSON array parameter (`batchOrders`, `orderIdList`, ...), or -1130. */
export function jsonList(p: URLSearchParams, name: string, max: number): unknown[] {
  const raw = mandatory(p, name);
  let list: unknown;
  try {
    list = JSON.parse(raw);
  } catch {
    throw new VenueError(400, -1130, `Data sent for parameter '${name}' is not valid.`);
  }
  if (!Array.isArray(list) || list.length === 0)
    throw new VenueError(400, -1130, `Data sent for parameter '${name}' is not valid.`);
  if (list.length > max)
    throw new VenueError(400, -1130, `Data sent for parameter '${name}' is not valid: at most ${max} entries.`);
  return list;
}

export function entryParams(entry: unknown): URLSearchParams {
  const p = new URLSearchParams();
  if (entry && typeof entry === 'object') for (const [k, v] of Object.entries(entry)) p.set(k, String(v));
  return p;
}

/** An entry's outcome: the result, or the venue's `{code,msg}` in its place. */
export function settle(fn: () => unknown): unknown {
  try {
    return fn();
  } catch (err) {
    if (!(err instanceof VenueError)) throw err;
    return { code: err.venueCode, msg: err.message };
  }
}

export class OrderDesk {
  constructor(
    private readonly ex: Exchange,
    private readonly now: () => number,
  ) {}

  place(p: URLSearchParams): Record<string, unknown> {
    const { ack, result } = this.ex.place(mandatory(p, 'symbol'), p, this.now());
    return orderJson(p.get('newOrderRespType') === 'RESULT' ? result : ack, false);
  }

  test(p: URLSearchParams): Record<string, unknown> {
    this.ex.testOrder(mandatory(p, 'symbol'), p, this.now());
    return {};
  }

  cancel(p: URLSearchParams): Record<string, unknown> {
    const { id, client } = idOrClientId(p, 'orderId', 'origClientOrderId');
    return orderJson(this.ex.cancel(mandatory(p, 'symbol'), id, client, this.now()), false);
  }

  modify(p: URLSearchParams): Record<string, unknown> {
    const { id, client } = idOrClientId(p, 'orderId', 'origClientOrderId');
    return orderJson(this.ex.modify(mandatory(p, 'symbol'), id, client, p, this.now()), false);
  }

  status(p: URLSearchParams): Record<string, unknown> {
    const { id, client } = idOrClientId(p, 'orderId', 'origClientOrderId');
    return orderJson(this.ex.query(mandatory(p, 'symbol'), id, client), true);
  }

  /** Entries as parsed from `batchOrders`; the count is what the ORDERS limits see. */
  batchEntries(p: URLSearchParams): URLSearchParams[] {
    return jsonList(p, 'batchOrders', MAX_BATCH_ORDERS).map(entryParams);
  }

  batchPlace(entries: URLSearchParams[]): unknown[] {
    return entries.map((e) => settle(() => this.place(e)));
  }

  batchModify(entries: URLSearchParams[]): unknown[] {
    return entries.map((e) => settle(() => this.modify(e)));
  }

  batchCancel(p: URLSearchParams): unknown[] {
    const symbol = mandatory(p, 'symbol');
    const ids = p.get('orderIdList');
    const list =
      ids !== null
        ? jsonList(p, 'orderIdList', MAX_BATCH_CANCELS)
        : jsonList(p, 'origClientOrderIdList', MAX_BATCH_CANCELS);
    return list.map((v) =>
      settle(() => {
        const e = new URLSearchParams({ symbol });
        e.set(ids !== null ? 'orderId' : 'origClientOrderId', String(v));
        return this.cancel(e);
      }),
    );
  }

  cancelAll(p: URLSearchParams): Record<string, unknown> {
    this.ex.cancelAll(mandatory(p, 'symbol'), this.now());
    return { code: 200, msg: 'The operation of cancel all open order is done.' };
  }

  algoPlace(p: URLSearchParams): Record<string, unknown> {
    mandatory(p, 'symbol');
    return algoJson(this.ex.algos.place(p, this.now()), false);
  }

  algoCancel(p: URLSearchParams): Record<string, unknown> {
    const { id, client } = idOrClientId(p, 'algoId', 'clientAlgoId');
    const a = this.ex.algos.cancel(id, client, this.now());
    return { algoId: a.algoId, clientAlgoId: a.clientAlgoId, code: '200', msg: 'success' };
  }

  algoCancelAll(p: URLSearchParams): Record<string, unknown> {
    this.ex.algos.cancelAll(mandatory(p, 'symbol'), this.now());
    return { code: 200, msg: 'The operation of cancel all open order is done.' };
  }

  algoStatus(p: URLSearchParams): Record<string, unknown> {
    const { id, client } = idOrClientId(p, 'algoId', 'clientAlgoId');
    return algoJson(this.ex.algos.find(id, client), true);
  }

  openAlgos(p: URLSearchParams): unknown[] {
    const symbol = p.get('symbol');
    return this.ex.algos
      .open(symbol === null ? undefined : this.ex.market(symbol).symbol)
      .map((a) => algoJson(a, true));
  }

  allAlgos(p: URLSearchParams): unknown[] {
    const symbol = this.ex.market(mandatory(p, 'symbol')).symbol;
    const limit = Math.min(1000, optionalInt(p, 'limit') ?? 500);
    const fromId = optionalInt(p, 'algoId');
    const start = optionalInt(p, 'startTime') ?? 0;
    const end = optionalInt(p, 'endTime') ?? Number.MAX_SAFE_INTEGER;
    const rows = [...this.ex.algos.all.values()].filter(
      (a) =>
        a.symbol === symbol &&
        (fromId === undefined || a.algoId >= fromId) &&
        a.createTime >= start &&
        a.createTime <= end,
    );
    return rows
      .slice(fromId !== undefined ? 0 : Math.max(0, rows.length - limit))
      .slice(0, limit)
      .map((a) => algoJson(a, true));
  }
}

/**
 * What REST and the WebSocket API need from order entry: the synthetic market's desk above, or the tape
 * mode's paper desk (src/venues/sim/paper/tape-paper-desk.ts), which matches against the replayed book.
 */
export type OrderEntry = { [K in keyof OrderDesk]: OrderDesk[K] };
