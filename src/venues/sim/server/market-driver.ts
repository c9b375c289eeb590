/**
 * Drives exchange time from the wall clock: one coarse timer steps every symbol's market in STEP_MS
 * increments until simulated time catches up with (wall time since start) x speed. The only timer of the
 * synthetic market; `stop` clears it.
 */
import { STEP_MS, type SymbolMarket } from '../market/symbol-market.js';

/** Steps per timer tick at most, so a stalled process catches up gradually instead of freezing. */
const MAX_CATCH_UP_STEPS = 100;

export interface StepListener {
  /** After every symbol stepped to `t`. */
  afterStep(t: number): void;
}

export class MarketDriver {
  private timer: NodeJS.Timeout | undefined;
  readonly simStart: number;
  private readonly wallStart: number;
  time: number;

  constructor(
    private readonly markets: SymbolMarket[],
    private readonly listeners: StepListener[],
    private readonly clock: () => number,
    private readonly speed: number,
    simStart: number,
  ) {
    this.simStart = simStart;
    this.time = simStart;
    this.wallStart = clock();
  }

  /** Simulated exchange time now (may be ahead of `time`, the last stepped boundary, by < STEP_MS). */
  now(): number {
    return this.simStart + Math.floor((this.clock() - this.wallStart) * this.speed);
  }

  start(): void {
    this.timer = setInterval(() => this.catchUp(), STEP_MS);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Steps until simulated time reaches the wall-clock target (bounded per call). */
  catchUp(): number {
    const target = this.now();
    let n = 0;
    while (this.time + STEP_MS <= target && n < MAX_CATCH_UP_STEPS) {
      this.stepOnce();
      n++;
    }
    return n;
  }

  stepOnce(): void {
    for (const m of this.markets) m.step();
    this.time += STEP_MS;
    for (const l of this.listeners) l.afterStep(this.time);
  }
}
