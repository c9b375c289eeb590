/**
 * The paper account (one-way mode, cross margin, USDT), in exact decimals: a position per symbol as signed
 * lots and its cost basis, realized PnL against the average entry, maker/taker commissions, funding. What the
 * venue prints (rp, n, wb, bc) is rounded to 8 decimals, and the wallet moves by exactly the printed amounts,
 * so a reader who sums the user stream gets the wallet to the last digit.
 */
import { divRound, fromNumber, mul, ONE, round } from './fixed-decimal.js';
import type { SymbolGrid } from './symbol-grid.js';

export interface PaperPosition {
  /** Signed lots (> 0 long). */
  lots: number;
  /** Cost of the open lots at their entry prices (scaled, positive). */
  cost: bigint;
  /** Realized PnL accumulated on the symbol (scaled, 8 decimals). */
  realized: bigint;
}

export interface FillBooking {
  /** Realized PnL of this fill, commission excluded (scaled, rounded to 8 decimals). */
  realized: bigint;
  /** Commission (scaled, rounded to 8 decimals; negative = rebate). */
  fee: bigint;
}

const BPS = 10_000n;

export class PaperAccount {
  readonly positions = new Map<string, PaperPosition>();
  /** Wallet balance (scaled). */
  wallet: bigint;
  private readonly makerBps: bigint;
  private readonly takerBps: bigint;

  constructor(balance: number, makerFeeBps: number, takerFeeBps: number) {
    this.wallet = fromNumber(balance);
    this.makerBps = fromNumber(makerFeeBps);
    this.takerBps = fromNumber(takerFeeBps);
  }

  position(symbol: string): PaperPosition {
    let p = this.positions.get(symbol);
    if (p === undefined) {
      p = { lots: 0, cost: 0n, realized: 0n };
      this.positions.set(symbol, p);
    }
    return p;
  }

  /** Books one execution of `lots` at `ticks`. */
  fill(grid: SymbolGrid, buy: boolean, ticks: number, lots: number, maker: boolean): FillBooking {
    const p = this.position(grid.symbol);
    const notional = grid.notional(ticks, lots);
    const fee = round(divRound(notional * (maker ? this.makerBps : this.takerBps), ONE * BPS), 8);
    let realized = 0n;
    const signed = buy ? lots : -lots;
    if (p.lots === 0 || p.lots > 0 === buy) {
      p.cost += notional;
      p.lots += signed;
    } else {
      const open = Math.abs(p.lots);
      const closing = Math.min(lots, open);
      const costPart = divRound(p.cost * BigInt(closing), BigInt(open));
      const closeNotional = grid.notional(ticks, closing);
      realized = round(p.lots > 0 ? closeNotional - costPart : costPart - closeNotional, 8);
      p.cost -= costPart;
      p.lots += signed;
      // Flipped through zero: the rest opens at this price.
      if (lots > closing) p.cost = grid.notional(ticks, lots - closing);
      if (p.lots === 0) p.cost = 0n;
    }
    p.realized += realized;
    this.wallet += realized - fee;
    return { realized, fee };
  }

  /** Average entry price (scaled); 0 when flat. */
  entryPrice(grid: SymbolGrid): bigint {
    const p = this.position(grid.symbol);
    if (p.lots === 0) return 0n;
    return divRound(p.cost * ONE, BigInt(Math.abs(p.lots)) * grid.stepScaled);
  }

  /** Unrealized PnL at `mark` (scaled price). */
  unrealized(grid: SymbolGrid, mark: bigint): bigint {
    const p = this.position(grid.symbol);
    if (p.lots === 0) return 0n;
    const value = mul(grid.qty(Math.abs(p.lots)), mark);
    return p.lots > 0 ? value - p.cost : p.cost - value;
  }

  /**
   * Funding at a funding time: a long pays `qty × mark × rate` when the rate is positive, a short receives it.
   * Returns the balance change (scaled, 8 decimals; positive = received); 0 when flat.
   */
  funding(grid: SymbolGrid, mark: number, rate: number): bigint {
    const p = this.position(grid.symbol);
    if (p.lots === 0) return 0n;
    const signedQty = grid.qty(p.lots);
    // One rounding, at the end: qty × mark × rate has up to 24 decimals before it is printed with 8.
    const e10 = 10n ** 10n;
    const payment = -divRound(signedQty * fromNumber(mark) * fromNumber(rate), ONE * ONE * e10) * e10;
    this.wallet += payment;
    return payment;
  }
}
