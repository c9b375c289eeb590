/**
 * Accumulates level changes for one diff-depth cadence (@0ms, @100ms, @250ms, @500ms) between flushes. Every
 * cadence draws U/u from the symbol's one update-id sequence; `pu` is the `u` of that cadence's previous
 * event, so a consumer can check continuity exactly as on the venue (docs/venue-binance.md, local order book).
 */

/** Flush periods in ms; 0ms is flushed every generator step. Index = cadence id used by sinks and encoders. */
export const DEPTH_CADENCES_MS = [0, 100, 250, 500] as const;

export class DepthCadence {
  readonly bids = new Map<number, number>();
  readonly asks = new Map<number, number>();
  firstId = -1;
  lastId = -1;
  /** `u` of the previous flushed event (the next event's `pu`). */
  prevLastId: number;

  constructor(startId: number) {
    this.prevLastId = startId;
  }

  record(ask: boolean, tick: number, qty: number, id: number): void {
    (ask ? this.asks : this.bids).set(tick, qty);
    if (this.firstId < 0) this.firstId = id;
    this.lastId = id;
  }

  hasChanges(): boolean {
    return this.firstId >= 0;
  }

  /** Flat [tick, qty, ...] of the changed levels, bids best first, asks best first. */
  drain(): { bids: number[]; asks: number[] } {
    const bids = flatten(this.bids, true);
    const asks = flatten(this.asks, false);
    this.bids.clear();
    this.asks.clear();
    this.prevLastId = this.lastId;
    this.firstId = -1;
    return { bids, asks };
  }
}

function flatten(levels: Map<number, number>, descending: boolean): number[] {
  const ticks = [...levels.keys()].sort(descending ? (a, b) => b - a : (a, b) => a - b);
  const out = new Array<number>(ticks.length * 2);
  for (let i = 0; i < ticks.length; i++) {
    const t = ticks[i] as number;
    out[2 * i] = t;
    out[2 * i + 1] = levels.get(t) as number;
  }
  return out;
}
