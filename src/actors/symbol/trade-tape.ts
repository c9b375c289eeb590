/**
 * TradeTape: the prints since the last drain, for the clients' time & sales tape (`trades` message). Not state:
 * never hashed or snapshotted. Preallocated columns, so a print is four stores and no allocation (the engine's
 * trade path budget, bench/symbol-metrics.bench.ts); beyond CAPACITY per drain prints are only counted. The engine
 * `cut`s the tape where it cuts a snapshot, so a drain holds exactly the prints that snapshot counts.
 */
import type { TradesMessage } from '../../schema/metrics-message.js';

/** Prints kept per snapshot interval: 2 000 per 100 ms is far above any 2024 recording's burst. */
export const TAPE_CAPACITY = 2_000;

export class TradeTape {
  private readonly ts = new Float64Array(TAPE_CAPACITY);
  private readonly price = new Float64Array(TAPE_CAPACITY);
  private readonly qty = new Float64Array(TAPE_CAPACITY);
  private readonly side = new Int8Array(TAPE_CAPACITY);
  private size = 0;
  private omitted = 0;
  /** Prints before the last cut (and prints omitted before it): what the next drain returns. */
  private cutSize = 0;
  private cutOmitted = 0;

  onPrint(tradeTime: number, price: number, qty: number, sign: number): void {
    const i = this.size;
    if (i === TAPE_CAPACITY) {
      this.omitted++;
      return;
    }
    this.ts[i] = tradeTime;
    this.price[i] = price;
    this.qty[i] = qty;
    this.side[i] = sign;
    this.size = i + 1;
  }

  /** Marks the prints so far as the ones the next drain returns (called when a snapshot is cut). */
  cut(): void {
    this.cutSize = this.size;
    this.cutOmitted = this.omitted;
  }

  /** The `trades` message of the prints before the last cut, or undefined when there were none. */
  drain(symbol: string): TradesMessage | undefined {
    const n = this.cutSize;
    if (n === 0 && this.cutOmitted === 0) return undefined;
    // Plain loops, not Array.from(subarray): no view objects and no iterator per drain.
    const ts: number[] = new Array(n);
    const price: number[] = new Array(n);
    const qty: number[] = new Array(n);
    const side: Array<1 | -1> = new Array(n);
    for (let i = 0; i < n; i++) {
      ts[i] = this.ts[i] as number;
      price[i] = this.price[i] as number;
      qty[i] = this.qty[i] as number;
      side[i] = this.side[i] as 1 | -1;
    }
    const m: TradesMessage = { type: 'trades', symbol, ts, price, qty, side, omitted: this.cutOmitted };
    // Prints after the cut (at most the few of one event) move to the front.
    this.ts.copyWithin(0, n, this.size);
    this.price.copyWithin(0, n, this.size);
    this.qty.copyWithin(0, n, this.size);
    this.side.copyWithin(0, n, this.size);
    this.size -= n;
    this.omitted -= this.cutOmitted;
    this.cutSize = 0;
    this.cutOmitted = 0;
    return m;
  }
}
