/**
 * The order-entry policy, in one place (docs/venue-binance.md, order transport): place, cancel and modify go over
 * the WebSocket API while it is connected, over REST while it is not; the choice is made per request at the
 * moment of sending. A request that left on one transport is never sent again on the other: a lost reply is
 * `unknown` (the caller reconciles by clientOrderId). Only a request that provably did not leave
 * (`TL_VENUE_WS_API_DOWN`: the socket closed between the check and the send) goes to REST instead.
 * Cancel-all (plain and conditional) and queries stay on REST: the WS API has no cancel-all.
 */
import type { SignedRest } from './signed-rest.js';
import type { QueryValue } from './signing.js';
import { VenueError } from './venue-error.js';
import type { WsApiClient } from './ws-api-client.js';

export type OrderTransport = 'ws-api' | 'rest';

export interface EntryReply {
  /** Which transport carried the request. */
  via: OrderTransport;
  body: unknown;
}

interface Route {
  ws: string;
  method: 'POST' | 'PUT' | 'DELETE';
  path: string;
  cancel: boolean;
}

const PLACE: Route = { ws: 'order.place', method: 'POST', path: '/fapi/v1/order', cancel: false };
const MODIFY: Route = { ws: 'order.modify', method: 'PUT', path: '/fapi/v1/order', cancel: false };
const CANCEL: Route = { ws: 'order.cancel', method: 'DELETE', path: '/fapi/v1/order', cancel: true };

export class OrderEntry {
  /** Requests per transport, and requests that went to REST because the WS API dropped just before sending. */
  readonly counters = { wsApi: 0, rest: 0, fellBack: 0 };
  /** `execution.orderTransport` is 'ws-api' (a live change flips it; 'rest' leaves the socket idle). */
  wsApiEnabled = true;

  constructor(
    private readonly rest: SignedRest,
    private readonly wsApi: WsApiClient | undefined,
  ) {}

  /** The transport a request sent now would take. */
  get transport(): OrderTransport {
    return this.wsApiEnabled && this.wsApi?.up ? 'ws-api' : 'rest';
  }

  /** A new order (`newClientOrderId` set by the caller: the reconciliation key). */
  place(params: Record<string, string>): Promise<EntryReply> {
    return this.send(PLACE, params);
  }

  /** Amends an open LIMIT order's price and quantity (`origClientOrderId`, `side`, `quantity`, `price`). */
  modify(params: Record<string, string>): Promise<EntryReply> {
    return this.send(MODIFY, params);
  }

  cancel(symbol: string, clientOrderId: string): Promise<EntryReply> {
    return this.send(CANCEL, { symbol, origClientOrderId: clientOrderId });
  }

  /** `DELETE /fapi/v1/allOpenOrders`: every plain open order of the symbol. */
  cancelAll(symbol: string): Promise<unknown> {
    return this.rest.signed('DELETE', '/fapi/v1/allOpenOrders', { symbol });
  }

  /** `DELETE /fapi/v1/algoOpenOrders`: every open conditional (algo) order of the symbol. */
  cancelAllAlgo(symbol: string): Promise<unknown> {
    return this.rest.signed('DELETE', '/fapi/v1/algoOpenOrders', { symbol });
  }

  private async send(route: Route, params: Record<string, string>): Promise<EntryReply> {
    if (this.wsApiEnabled && this.wsApi?.up) {
      try {
        const body = await this.wsApi.signed(route.ws, params, 1, route.cancel);
        this.counters.wsApi++;
        return { via: 'ws-api', body };
      } catch (err) {
        // Anything but "did not leave" is the caller's to judge (rejected, or unknown: reconcile, never resend).
        if (!(err instanceof VenueError) || err.code !== 'TL_VENUE_WS_API_DOWN') {
          this.counters.wsApi++;
          throw err;
        }
        this.counters.fellBack++;
      }
    }
    this.counters.rest++;
    const body = await this.rest.signed(route.method, route.path, params as Record<string, QueryValue>);
    return { via: 'rest', body };
  }
}
