/**
 * The PnL of one slice of a backtest (the whole run, one strategy or one symbol), accumulated fill by fill in
 * exact decimals: cash flows (sells +price×qty, buys −price×qty), fees, funding, round trips (flat → open →
 * flat; a fill through zero closes one and opens the next, its fee split by quantity) and time in the market.
 * Gross PnL = cash + open quantity × mark, so no average-cost division ever rounds a total.
 */
import { divRound, fromNumber, mul, ONE } from '../../../venues/paper/fixed-decimal.js';
import type { FillRecord } from './records.js';

interface OpenTrip {
  /** Signed position (scaled). */
  qty: bigint;
  /** Cash and fees of the trip so far (scaled). */
  cash: bigint;
  fees: bigint;
  /** Cost of the open quantity at its entry prices, for the entry price shown on an open position. */
  cost: bigint;
}

export class PnlSlice {
  cash = 0n;
  fees = 0n;
  funding = 0n;
  volume = 0n;
  fills = 0;
  makerFills = 0;
  takerFills = 0;
  /** Net (of fees) PnL of each closed round trip, in order. */
  readonly trips: bigint[] = [];
  /** Per symbol: the trip in progress. */
  readonly open = new Map<string, OpenTrip>();
  exposureMs = 0;
  private openSymbols = 0;
  private lastTs = Number.NaN;

  /** Advances the slice's clock (time in market is counted while any of its positions is open). */
  clock(ts: number): void {
    if (this.openSymbols > 0 && ts > this.lastTs) this.exposureMs += ts - this.lastTs;
    if (!(ts <= this.lastTs)) this.lastTs = ts;
  }

  position(symbol: string): bigint {
    return this.open.get(symbol)?.qty ?? 0n;
  }

  fill(f: FillRecord): void {
    this.clock(f.ts);
    const price = fromNumber(f.price);
    const qty = fromNumber(f.qty);
    const fee = fromNumber(f.fee);
    const notional = mul(price, qty);
    const signed = f.side === 'BUY' ? qty : -qty;
    this.cash += f.side === 'BUY' ? -notional : notional;
    this.fees += fee;
    this.volume += notional;
    this.fills++;
    if (f.liquidity === 'maker') this.makerFills++;
    else this.takerFills++;

    let t = this.open.get(f.symbol);
    if (t === undefined) {
      t = { qty: 0n, cash: 0n, fees: 0n, cost: 0n };
      this.open.set(f.symbol, t);
    }
    const wasOpen = t.qty !== 0n;
    if (t.qty === 0n || t.qty > 0n === signed > 0n) {
      t.qty += signed;
      t.cash += f.side === 'BUY' ? -notional : notional;
      t.fees += fee;
      t.cost += notional;
    } else {
      const held = t.qty < 0n ? -t.qty : t.qty;
      const closing = qty < held ? qty : held;
      const closeCash = mul(price, closing);
      const closeFee = closing === qty ? fee : divRound(fee * closing, qty);
      t.cash += f.side === 'BUY' ? -closeCash : closeCash;
      t.fees += closeFee;
      t.cost -= divRound(t.cost * closing, held);
      t.qty += f.side === 'BUY' ? closing : -closing;
      if (t.qty === 0n) {
        this.trips.push(t.cash - t.fees);
        t.cash = 0n;
        t.fees = 0n;
        t.cost = 0n;
        const rest = qty - closing;
        if (rest > 0n) {
          const restCash = notional - closeCash;
          t.qty = f.side === 'BUY' ? rest : -rest;
          t.cash = f.side === 'BUY' ? -restCash : restCash;
          t.fees = fee - closeFee;
          t.cost = restCash;
        }
      }
    }
    const isOpen = t.qty !== 0n;
    if (isOpen !== wasOpen) this.openSymbols += isOpen ? 1 : -1;
  }

  addFunding(amount: bigint, ts: number): void {
    this.clock(ts);
    this.funding += amount;
  }

  /** Gross PnL with every open position marked at `marks` (scaled prices per symbol). */
  gross(marks: ReadonlyMap<string, bigint>): bigint {
    let g = this.cash;
    for (const [symbol, t] of this.open) if (t.qty !== 0n) g += mul(t.qty, marks.get(symbol) ?? 0n);
    return g;
  }

  /** Average entry price of the open position on `symbol` (scaled), 0 when flat. */
  entryPrice(symbol: string): bigint {
    const t = this.open.get(symbol);
    if (t === undefined || t.qty === 0n) return 0n;
    return divRound(t.cost * ONE, t.qty < 0n ? -t.qty : t.qty);
  }
}
