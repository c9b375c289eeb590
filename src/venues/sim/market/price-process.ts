/**
 * The latent "fair" price of a symbol: a regime-switching diffusion (quiet, trending, volatile) in ticks.
 * The visible book and trades chase it; sweeps and liquidations kick it. Pure: time only advances by `step`.
 */
import type { Rng } from './rng.js';

export type Regime = 'quiet' | 'trending' | 'volatile';

interface RegimeParams {
  /** Volatility in basis points per sqrt(second). */
  volBps: number;
  /** Mean time spent in the regime, seconds. */
  meanStaySec: number;
  /** Trade intensity multiplier for the flow. */
  flow: number;
}

export const REGIMES: Readonly<Record<Regime, RegimeParams>> = Object.freeze({
  quiet: { volBps: 1.2, meanStaySec: 90, flow: 0.6 },
  trending: { volBps: 2.2, meanStaySec: 60, flow: 1.2 },
  volatile: { volBps: 5, meanStaySec: 25, flow: 2.2 },
});

const NEXT: Record<Regime, Regime[]> = {
  quiet: ['trending', 'volatile', 'trending'],
  trending: ['quiet', 'volatile', 'quiet'],
  volatile: ['quiet', 'trending', 'trending'],
};

export class PriceProcess {
  /** Fair price in ticks (fractional). */
  fair: number;
  regime: Regime = 'quiet';
  /** Drift in ticks per second (trending regime only). */
  drift = 0;

  constructor(
    private readonly rng: Rng,
    startTicks: number,
  ) {
    this.fair = startTicks;
  }

  step(dtMs: number): void {
    const dt = dtMs / 1000;
    const params = REGIMES[this.regime];
    if (this.rng.chance(dt / params.meanStaySec)) this.switchRegime();
    this.fair += this.drift * dt + this.volTicks() * Math.sqrt(dt) * this.rng.normal();
    if (this.fair < 10) this.fair = 10;
  }

  /** An exogenous push (sweep continuation, liquidation cascade), in ticks. */
  kick(ticks: number): void {
    this.fair = Math.max(10, this.fair + ticks);
  }

  /** Volatility in ticks per sqrt(second) in the current regime. */
  volTicks(): number {
    return (REGIMES[this.regime].volBps * this.fair) / 10_000;
  }

  flowMultiplier(): number {
    return REGIMES[this.regime].flow;
  }

  private switchRegime(): void {
    const options = NEXT[this.regime];
    this.regime = options[this.rng.int(options.length)] ?? 'quiet';
    const volTicks = this.volTicks();
    this.drift =
      this.regime === 'trending' ? (this.rng.chance(0.5) ? 1 : -1) * volTicks * (0.05 + 0.1 * this.rng.next()) : 0;
  }
}
