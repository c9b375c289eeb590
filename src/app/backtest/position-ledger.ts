/**
 * One symbol's account in a backtest, kept from its own fills: signed position, average entry (the venue's
 * rule: adding moves it, reducing keeps it, a flip restarts it at the fill price), realized PnL, fees and
 * funding as the venue reported them. Marked at a mid it gives the equity the composition samples. Pure.
 */

export interface LedgerFigures {
  position: number;
  entryPrice: number;
  realized: number;
  fees: number;
  funding: number;
}

export class PositionLedger {
  position = 0;
  entryPrice = 0;
  realized = 0;
  fees = 0;
  funding = 0;

  /** One execution: `qty` > 0, `realizedPnl` and `fee` as the venue's `rp` and `n`. */
  onFill(side: 'BUY' | 'SELL', qty: number, price: number, realizedPnl: number, fee: number): void {
    const signed = side === 'BUY' ? qty : -qty;
    const before = this.position;
    const after = before + signed;
    if (before === 0 || Math.sign(before) === Math.sign(signed)) {
      this.entryPrice = (this.entryPrice * Math.abs(before) + price * qty) / Math.abs(after);
    } else if (Math.sign(after) === -Math.sign(before)) {
      this.entryPrice = price;
    } else if (after === 0) {
      this.entryPrice = 0;
    }
    // Float sums of grid quantities leave residue (0.003 - 0.002 - 0.001 ≠ 0): flat below a nano-lot.
    this.position = Math.abs(after) < 1e-9 ? 0 : after;
    if (this.position === 0) this.entryPrice = 0;
    this.realized += realizedPnl;
    this.fees += fee;
  }

  onFunding(amount: number): void {
    this.funding += amount;
  }

  /** Open position marked at `mid` (0 when flat or no mid yet). */
  unrealized(mid: number): number {
    return this.position === 0 || !(mid > 0) ? 0 : this.position * (mid - this.entryPrice);
  }

  figures(): LedgerFigures {
    return {
      position: this.position,
      entryPrice: this.entryPrice,
      realized: this.realized,
      fees: this.fees,
      funding: this.funding,
    };
  }
}
