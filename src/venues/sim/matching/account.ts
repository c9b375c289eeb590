/**
 * The user's futures account (one-way mode, cross margin, USDT): wallet balance, a position per symbol with
 * average entry, realized PnL and commissions on every fill, unrealized PnL and margin at the mark price.
 * Pure bookkeeping in quote currency; quantities arrive as signed base amounts.
 */
import type { SymbolMarket } from '../market/symbol-market.js';

export const MAKER_FEE = 0.0002;
export const TAKER_FEE = 0.0005;
export const DEFAULT_LEVERAGE = 20;
export const MAINT_MARGIN_RATE = 0.004;

export interface Position {
  symbol: string;
  /** Signed base quantity (> 0 long). */
  amt: number;
  /** Average entry price (0 when flat). */
  entry: number;
  /** Realized PnL accumulated on this symbol. */
  realized: number;
  updateTime: number;
}

export interface FillResult {
  realized: number;
  commission: number;
}

export class Account {
  wallet: number;
  readonly positions = new Map<string, Position>();
  readonly leverage = new Map<string, number>();
  updateTime = 0;

  constructor(initialWallet = 100_000) {
    this.wallet = initialWallet;
  }

  position(symbol: string): Position {
    let p = this.positions.get(symbol);
    if (!p) {
      p = { symbol, amt: 0, entry: 0, realized: 0, updateTime: 0 };
      this.positions.set(symbol, p);
    }
    return p;
  }

  leverageOf(symbol: string): number {
    return this.leverage.get(symbol) ?? DEFAULT_LEVERAGE;
  }

  /** Applies one fill: `qty` > 0, `buy` its direction. Returns realized PnL and the commission charged. */
  fill(symbol: string, buy: boolean, qty: number, price: number, maker: boolean, time: number): FillResult {
    const p = this.position(symbol);
    const signed = buy ? qty : -qty;
    let realized = 0;
    if (p.amt === 0 || Math.sign(p.amt) === Math.sign(signed)) {
      const total = Math.abs(p.amt) + qty;
      p.entry = (p.entry * Math.abs(p.amt) + price * qty) / total;
      p.amt += signed;
    } else {
      const closing = Math.min(qty, Math.abs(p.amt));
      realized = (price - p.entry) * closing * Math.sign(p.amt);
      p.amt += signed;
      if (Math.abs(p.amt) < 1e-12) {
        p.amt = 0;
        p.entry = 0;
      } else if (Math.sign(p.amt) === Math.sign(signed)) {
        // Flipped through zero: the remainder opens at this price.
        p.entry = price;
      }
    }
    const commission = qty * price * (maker ? MAKER_FEE : TAKER_FEE);
    p.realized += realized;
    p.updateTime = time;
    this.wallet += realized - commission;
    this.updateTime = time;
    return { realized, commission };
  }

  unrealized(symbol: string, mark: number): number {
    const p = this.positions.get(symbol);
    return p && p.amt !== 0 ? (mark - p.entry) * p.amt : 0;
  }

  positionMargin(symbol: string, mark: number): number {
    const p = this.positions.get(symbol);
    return p ? (Math.abs(p.amt) * mark) / this.leverageOf(symbol) : 0;
  }

  /** Sum over symbols of unrealized PnL and position initial margin. */
  totals(marks: (symbol: string) => number): { unrealized: number; positionMargin: number; maintMargin: number } {
    let unrealized = 0;
    let positionMargin = 0;
    let maintMargin = 0;
    for (const p of this.positions.values()) {
      if (p.amt === 0) continue;
      const mark = marks(p.symbol);
      unrealized += (mark - p.entry) * p.amt;
      positionMargin += (Math.abs(p.amt) * mark) / this.leverageOf(p.symbol);
      maintMargin += Math.abs(p.amt) * mark * MAINT_MARGIN_RATE;
    }
    return { unrealized, positionMargin, maintMargin };
  }
}

/** The ACCOUNT_UPDATE event after a fill on `m`: the USDT balance and that symbol's position. */
export function accountUpdateJson(a: Account, m: SymbolMarket, mark: number, now: number): string {
  const p = a.position(m.symbol);
  const pd = Math.max(5, m.spec.priceDecimals);
  return `{"e":"ACCOUNT_UPDATE","E":${now},"T":${now},"a":{"m":"ORDER","B":[{"a":"USDT","wb":"${a.wallet.toFixed(8)}","cw":"${a.wallet.toFixed(8)}","bc":"0"}],"P":[{"s":"${m.symbol}","pa":"${p.amt.toFixed(m.spec.qtyDecimals)}","ep":"${p.entry.toFixed(pd)}","bep":"${p.entry.toFixed(pd)}","cr":"${p.realized.toFixed(8)}","up":"${a.unrealized(m.symbol, mark).toFixed(8)}","mt":"cross","iw":"0","ps":"BOTH"}]}}`;
}
