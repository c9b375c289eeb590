/**
 * A paper order as the venue keeps it, and its user-stream renderings: ORDER_TRADE_UPDATE with the venue's
 * field order (as src/venues/sim/matching/user-order.ts prints it) and ACCOUNT_UPDATE for fills and funding.
 * Objects, not strings: the caller hands them to the same parser the live user stream feeds
 * (src/actors/execution/user-events.ts).
 */
import { divRound, ONE, toFixed } from './fixed-decimal.js';
import type { PaperAccount } from './paper-account.js';
import type { QueuePosition } from './queue-position.js';
import type { SymbolGrid } from './symbol-grid.js';

export type PaperOrderStatus = 'NEW' | 'PARTIALLY_FILLED' | 'FILLED' | 'CANCELED' | 'EXPIRED';

export interface PaperOrder {
  orderId: number;
  clientOrderId: string;
  grid: SymbolGrid;
  buy: boolean;
  tif: 'GTX' | 'GTC' | 'IOC';
  ticks: number;
  origLots: number;
  execLots: number;
  /** Sum of price × qty of the fills (scaled). */
  cumQuote: bigint;
  status: PaperOrderStatus;
  /** Venue time it was accepted. */
  time: number;
  queue: QueuePosition;
  /** Lots ahead when it joined the queue (0 until it rests). */
  queueAheadAtEntry: number;
  /** Entry latency it met (ms). */
  latencyMs: number;
}

export interface ExecutionInfo {
  lots: number;
  ticks: number;
  fee: bigint;
  realized: bigint;
  tradeId: number;
  maker: boolean;
}

function avgPrice(o: PaperOrder): string {
  const decimals = Math.max(5, o.grid.priceDecimals);
  if (o.execLots === 0) return toFixed(0n, decimals);
  return toFixed(divRound(o.cumQuote * ONE, o.grid.qty(o.execLots)), decimals);
}

export function orderTradeUpdate(
  o: PaperOrder,
  execType: string,
  E: number,
  x: ExecutionInfo | undefined,
): Record<string, unknown> {
  const g = o.grid;
  const leftNotional = toFixed(g.notional(o.ticks, o.origLots - o.execLots), 2);
  const open = o.status === 'NEW' || o.status === 'PARTIALLY_FILLED';
  return {
    e: 'ORDER_TRADE_UPDATE',
    E,
    T: E,
    o: {
      s: g.symbol,
      c: o.clientOrderId,
      S: o.buy ? 'BUY' : 'SELL',
      o: 'LIMIT',
      f: o.tif,
      q: g.qtyString(o.origLots),
      p: g.priceString(o.ticks),
      ap: avgPrice(o),
      sp: '0',
      x: execType,
      X: o.status,
      i: o.orderId,
      l: x ? g.qtyString(x.lots) : '0',
      z: g.qtyString(o.execLots),
      L: x ? g.priceString(x.ticks) : '0',
      N: 'USDT',
      n: x ? toFixed(x.fee, 8) : '0',
      T: E,
      t: x ? x.tradeId : 0,
      b: o.buy && open ? leftNotional : '0',
      a: !o.buy && open ? leftNotional : '0',
      m: x ? x.maker : false,
      R: false,
      wt: 'CONTRACT_PRICE',
      ot: 'LIMIT',
      ps: 'BOTH',
      cp: false,
      rp: x ? toFixed(x.realized, 8) : '0',
      pP: false,
      si: 0,
      ss: 0,
      V: 'EXPIRE_MAKER',
      pm: 'NONE',
      gtd: 0,
      er: '0',
    },
  };
}

/**
 * ACCOUNT_UPDATE after a fill (`m: ORDER`, the symbol's position) or a funding payment (`m: FUNDING_FEE`,
 * balance only: the venue pushes no position for a cross-margin funding fee).
 */
export function accountUpdate(
  account: PaperAccount,
  grid: SymbolGrid,
  reason: 'ORDER' | 'FUNDING_FEE',
  E: number,
  balanceChange: bigint,
  mark: bigint,
): Record<string, unknown> {
  const wb = toFixed(account.wallet, 8);
  const B = [{ a: 'USDT', wb, cw: wb, bc: toFixed(balanceChange, 8) }];
  if (reason === 'FUNDING_FEE') return { e: 'ACCOUNT_UPDATE', E, T: E, a: { m: reason, B, P: [] } };
  const p = account.position(grid.symbol);
  const pd = Math.max(5, grid.priceDecimals);
  const ep = toFixed(account.entryPrice(grid), pd);
  const P = [
    {
      s: grid.symbol,
      pa: grid.qtyString(p.lots),
      ep,
      bep: ep,
      cr: toFixed(p.realized, 8),
      up: toFixed(account.unrealized(grid, mark), 8),
      mt: 'cross',
      iw: '0',
      ps: 'BOTH',
    },
  ];
  return { e: 'ACCOUNT_UPDATE', E, T: E, a: { m: reason, B, P } };
}
