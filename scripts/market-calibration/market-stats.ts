/**
 * The market statistics of one symbol-run, measured the same way whatever the source (a recorded tape or the
 * synthetic market): fed prices and quantities as floats in exchange-time order, it keeps a local book and
 * samples it once per second. Pure: no I/O, no clock. Trades are grouped into taker orders (prints with the
 * same time and aggressor side), so the venue's `@trade` and `@aggTrade` streams measure alike.
 */

/** Distance from mid (bp) within which depth diffs count toward the diff rate. */
const NEAR_BPS = 10;
const OBI_LEVELS = 10;
const DELTA_LOOKBACK = 60;
const DELTA_MIN_SAMPLES = 10;
/** A sweep takes out the trailing high/low of this window, through at least SWEEP_LEVELS prices. */
const EXTREME_WINDOW_MS = 60_000;
const SWEEP_LEVELS = 3;
/** Revert or continue: where the last trade is this long after the sweep, against the old extreme. */
const SWEEP_OUTCOME_MS = 10_000;
const OI_WINDOW_MS = 300_000;

export interface RunStats {
  seconds: number;
  /** Taker orders: gap to the previous one (ms), notional (quote). */
  gapsMs: number[];
  notionals: number[];
  /** Taker orders per 1 s window, buy share per 10 s window (windows with ≥ 3 orders). */
  countsPerSecond: number[];
  buyShare10s: number[];
  buyOrders: number;
  /** Per 1 s sample: mean notional per level over the top 10 levels (both sides), level-1 notional. */
  depthTop10: number[];
  depthL1: number[];
  /** Level changes within ±10 bp of mid. */
  nearDiffs: number;
  obiTop10: number[];
  deltaZ: number[];
  sweeps: number;
  sweepReverts: number;
  liquidations: number;
  /** |ΔOI| / OI per 5 minutes, percent (empty without open interest). */
  oiDrift5m: number[];
}

interface Sweep {
  time: number;
  dir: number;
  extreme: number;
}

export class MarketStats {
  readonly bids = new Map<number, number>();
  readonly asks = new Map<number, number>();
  private start = -1;
  private last = -1;
  private second = -1;
  private mid = 0;
  // Current taker order being grouped.
  private orderTime = -1;
  private orderBuy = false;
  private orderNotional = 0;
  private orderPrices = 0;
  private orderLow = 0;
  private orderHigh = 0;
  private orderLastPrice = 0;
  private lastOrderTime = -1;
  private secondCount = 0;
  private tenBuys = 0;
  private tenCount = 0;
  private tenIndex = -1;
  private delta = 0;
  private readonly deltas: number[] = [];
  private lastPrice = 0;
  /** Trade prices of the last minute as [time, price] pairs (oldest first) for the trailing extremes. */
  private readonly recent: number[] = [];
  private readonly pendingSweeps: Sweep[] = [];
  private lastSweep = -Infinity;
  private oiStart: { t: number; v: number } | undefined;
  readonly out: RunStats = {
    seconds: 0,
    gapsMs: [],
    notionals: [],
    countsPerSecond: [],
    buyShare10s: [],
    buyOrders: 0,
    depthTop10: [],
    depthL1: [],
    nearDiffs: 0,
    obiTop10: [],
    deltaZ: [],
    sweeps: 0,
    sweepReverts: 0,
    liquidations: 0,
    oiDrift5m: [],
  };

  /** A full book (REST snapshot, or the synthetic book at start): replaces the local one. */
  snapshot(bids: ReadonlyArray<readonly [number, number]>, asks: ReadonlyArray<readonly [number, number]>): void {
    this.bids.clear();
    this.asks.clear();
    for (const [p, q] of bids) if (q > 0) this.bids.set(p, q);
    for (const [p, q] of asks) if (q > 0) this.asks.set(p, q);
    this.mid = this.computeMid();
  }

  /** One diff-depth event: levels as flat [price, qty, ...] (qty 0 removes). */
  depth(time: number, bids: ArrayLike<number>, asks: ArrayLike<number>): void {
    this.clock(time);
    this.apply(this.bids, bids);
    this.apply(this.asks, asks);
  }

  trade(time: number, price: number, qty: number, takerBuy: boolean): void {
    this.clock(time);
    if (time !== this.orderTime || takerBuy !== this.orderBuy) {
      this.closeOrder();
      this.orderTime = time;
      this.orderBuy = takerBuy;
      this.orderLow = this.orderHigh = price;
    }
    if (this.orderNotional === 0) this.orderPrices = 1;
    else if (price !== this.orderLastPrice) this.orderPrices++;
    this.orderLastPrice = price;
    this.orderLow = Math.min(this.orderLow, price);
    this.orderHigh = Math.max(this.orderHigh, price);
    this.orderNotional += price * qty;
    this.delta += takerBuy ? qty : -qty;
    this.lastPrice = price;
  }

  liquidation(time: number): void {
    this.clock(time);
    this.out.liquidations++;
  }

  openInterest(time: number, value: number): void {
    this.clock(time);
    if (!this.oiStart) this.oiStart = { t: time, v: value };
    else if (time - this.oiStart.t >= OI_WINDOW_MS) {
      this.out.oiDrift5m.push((Math.abs(value - this.oiStart.v) / this.oiStart.v) * 100);
      this.oiStart = { t: time, v: value };
    }
  }

  finish(): RunStats {
    this.closeOrder();
    this.out.seconds = this.start < 0 ? 0 : (this.last - this.start) / 1000;
    return this.out;
  }

  private apply(side: Map<number, number>, levels: ArrayLike<number>): void {
    const near = (this.mid * NEAR_BPS) / 10_000;
    for (let i = 0; i + 1 < levels.length; i += 2) {
      const p = levels[i] as number;
      const q = levels[i + 1] as number;
      if (Math.abs(p - this.mid) <= near) this.out.nearDiffs++;
      if (q > 0) side.set(p, q);
      else side.delete(p);
    }
  }

  private clock(time: number): void {
    if (this.start < 0) this.start = time;
    if (time > this.last) this.last = time;
    const s = Math.floor(time / 1000);
    if (this.second < 0) this.second = s;
    while (this.second < s) {
      this.sampleSecond(this.second * 1000 + 1000);
      this.second++;
    }
  }

  private closeOrder(): void {
    if (this.orderNotional === 0) return;
    const o = this.out;
    const t = this.orderTime;
    if (this.lastOrderTime >= 0) o.gapsMs.push(t - this.lastOrderTime);
    this.lastOrderTime = t;
    o.notionals.push(this.orderNotional);
    if (this.orderBuy) o.buyOrders++;
    this.secondCount++;
    this.tenCount++;
    if (this.orderBuy) this.tenBuys++;
    this.checkSweep(t);
    this.recent.push(t, this.orderBuy ? this.orderHigh : this.orderLow);
    this.orderNotional = 0;
  }

  /** Did this order take out the trailing extreme through several prices? Its outcome is judged later. */
  private checkSweep(t: number): void {
    const r = this.recent;
    let drop = 0;
    while (drop < r.length && (r[drop] as number) < t - EXTREME_WINDOW_MS) drop += 2;
    if (drop > 0) r.splice(0, drop);
    if (r.length < 20 || this.orderPrices < SWEEP_LEVELS || t - this.lastSweep < 1000) return;
    let hi = -Infinity;
    let lo = Infinity;
    for (let i = 1; i < r.length; i += 2) {
      hi = Math.max(hi, r[i] as number);
      lo = Math.min(lo, r[i] as number);
    }
    if (this.orderBuy && this.orderHigh > hi) this.pendingSweeps.push({ time: t, dir: 1, extreme: hi });
    else if (!this.orderBuy && this.orderLow < lo) this.pendingSweeps.push({ time: t, dir: -1, extreme: lo });
    else return;
    this.lastSweep = t;
  }

  private sampleSecond(end: number): void {
    const o = this.out;
    o.countsPerSecond.push(this.secondCount);
    this.secondCount = 0;
    const ten = Math.floor(end / 10_000);
    if (ten !== this.tenIndex) {
      if (this.tenIndex >= 0 && this.tenCount >= 3) o.buyShare10s.push(this.tenBuys / this.tenCount);
      this.tenIndex = ten;
      this.tenBuys = this.tenCount = 0;
    }
    // Delta z of the second that ended, against the previous minute (as the symbol actor's Delta Z).
    const d = this.deltas;
    if (d.length >= DELTA_MIN_SAMPLES) {
      let mean = 0;
      for (const x of d) mean += x;
      mean /= d.length;
      let v = 0;
      for (const x of d) v += (x - mean) ** 2;
      const sd = Math.sqrt(v / d.length);
      if (sd > 0) o.deltaZ.push((this.delta - mean) / sd);
    }
    d.push(this.delta);
    if (d.length > DELTA_LOOKBACK) d.shift();
    this.delta = 0;
    this.sampleBook();
    while (this.pendingSweeps.length > 0 && (this.pendingSweeps[0] as Sweep).time + SWEEP_OUTCOME_MS <= end) {
      const s = this.pendingSweeps.shift() as Sweep;
      o.sweeps++;
      if (s.dir * (this.lastPrice - s.extreme) <= 0) o.sweepReverts++;
    }
  }

  private sampleBook(): void {
    const bids = topLevels(this.bids, true);
    const asks = topLevels(this.asks, false);
    if (bids.length < OBI_LEVELS || asks.length < OBI_LEVELS) return;
    this.mid = ((bids[0] as number[])[0] as number) / 2 + ((asks[0] as number[])[0] as number) / 2;
    let b = 0;
    let a = 0;
    let notional = 0;
    for (let i = 0; i < OBI_LEVELS; i++) {
      const [bp, bq] = bids[i] as number[];
      const [ap, aq] = asks[i] as number[];
      b += bq as number;
      a += aq as number;
      notional += (bp as number) * (bq as number) + (ap as number) * (aq as number);
    }
    this.out.obiTop10.push((b - a) / (b + a));
    this.out.depthTop10.push(notional / (2 * OBI_LEVELS));
    const [bp, bq] = bids[0] as number[];
    const [ap, aq] = asks[0] as number[];
    this.out.depthL1.push(((bp as number) * (bq as number) + (ap as number) * (aq as number)) / 2);
  }

  private computeMid(): number {
    const b = topLevels(this.bids, true)[0];
    const a = topLevels(this.asks, false)[0];
    return b && a ? ((b[0] as number) + (a[0] as number)) / 2 : 0;
  }
}

/** The best OBI_LEVELS levels of a side, best first (a scan: called once per second). */
function topLevels(side: Map<number, number>, descending: boolean): number[][] {
  const top: number[][] = [];
  for (const [p, q] of side) {
    let i = top.length;
    while (i > 0 && (descending ? p > (top[i - 1] as number[])[0]! : p < (top[i - 1] as number[])[0]!)) i--;
    if (i >= OBI_LEVELS) continue;
    top.splice(i, 0, [p, q]);
    if (top.length > OBI_LEVELS) top.pop();
  }
  return top;
}
