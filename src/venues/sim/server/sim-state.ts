/**
 * `GET /_sim/state` (docs/contract.md, simulated venue control API): seed, symbols, open orders, open conditional (algo) orders, positions,
 * balances and the log of every trading request as received (REST and WebSocket API: arrival time, method,
 * path, params without the signature, HTTP status, parsed result).
 * The API secret is never part of it.
 */

import { algoJson } from '../matching/algo-orders.js';
import type { Exchange } from '../matching/exchange.js';
import { orderJson } from '../matching/user-order.js';
import type { RestReply, RestRequest } from './rest-types.js';

const MAX_LOG = 10_000;

export interface OrderLogEntry {
  receivedAt: number;
  method: string;
  path: string;
  params: Record<string, string>;
  status: number;
  result: unknown;
}

export class OrderLog {
  readonly entries: OrderLogEntry[] = [];

  record(req: RestRequest, reply: RestReply): void {
    const params: Record<string, string> = {};
    for (const [k, v] of req.params) if (k !== 'signature') params[k] = v;
    let result: unknown;
    try {
      result = JSON.parse(reply.body);
    } catch {
      // Non-JSON replies (404 pages) are kept as text rather than dropped.
      result = reply.body;
    }
    this.entries.push({
      receivedAt: req.receivedAt,
      method: req.method,
      path: req.path,
      params,
      status: reply.status,
      result,
    });
    if (this.entries.length > MAX_LOG) this.entries.splice(0, this.entries.length - MAX_LOG);
  }
}

export function simStateJson(seed: number, symbols: string[], ex: Exchange, log: OrderLog): unknown {
  const marks = (s: string): number => {
    const m = ex.markets.get(s);
    return m ? ex.markPrice(m) : 0;
  };
  const positions = [...ex.account.positions.values()]
    .filter((p) => p.amt !== 0)
    .map((p) => ({
      symbol: p.symbol,
      positionAmt: String(p.amt),
      entryPrice: String(p.entry),
      markPrice: String(marks(p.symbol)),
      unRealizedProfit: String(ex.account.unrealized(p.symbol, marks(p.symbol))),
      realizedProfit: String(p.realized),
      leverage: ex.account.leverageOf(p.symbol),
    }));
  const t = ex.account.totals(marks);
  return {
    seed,
    symbols,
    openOrders: ex
      .openOrders()
      .map((o) => ({ ...orderJson(o, true), queueAhead: String(o.queueAhead * o.spec.stepSize) })),
    openAlgoOrders: ex.algos.open().map((a) => algoJson(a, true)),
    positions,
    balances: [
      {
        asset: 'USDT',
        walletBalance: String(ex.account.wallet),
        unrealizedProfit: String(t.unrealized),
        availableBalance: String(ex.account.wallet + t.unrealized - t.positionMargin),
      },
    ],
    countdowns: [...ex.countdowns].map(([symbol, c]) => ({ symbol, countdownTime: c.ms, deadline: c.deadline })),
    orderLog: log.entries,
  };
}
