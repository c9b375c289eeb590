/**
 * The sizing ramp: the order budget starts at `rampStart` x maxOrderNotional, steps up by `rampStep` after
 * `rampFillsPerStep` fills without a loss, and steps down after a losing fill. Every change comes back as a
 * record with its reason so the caller can log it; pure, no clock.
 */
import type { RiskParams } from './risk-params.js';

export interface RampChange {
  from: number;
  to: number;
  reason: string;
}

function round4(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}

export class SizingRamp {
  fraction: number;
  private fillsWithoutLoss = 0;

  constructor(p: RiskParams) {
    this.fraction = p.rampStart;
  }

  /** Order budget (quote) at the current step. */
  budget(p: RiskParams): number {
    return p.maxOrderNotional * this.fraction;
  }

  /** A fill with its PnL (realized minus commission): step down on a loss, up after enough clean fills. */
  onFill(pnl: number, realized: number, p: RiskParams): RampChange | undefined {
    if (realized < 0) {
      this.fillsWithoutLoss = 0;
      return this.set(
        Math.max(p.rampMin, round4(this.fraction - p.rampStep)),
        `losing fill (realized ${realized.toFixed(4)})`,
      );
    }
    this.fillsWithoutLoss++;
    if (this.fillsWithoutLoss < p.rampFillsPerStep) return undefined;
    this.fillsWithoutLoss = 0;
    return this.set(
      Math.min(p.rampMax, round4(this.fraction + p.rampStep)),
      `${p.rampFillsPerStep} fills without loss (last pnl ${pnl.toFixed(4)})`,
    );
  }

  /** New limits: keep the fraction inside [rampMin, rampMax]. */
  clamp(p: RiskParams): RampChange | undefined {
    return this.set(Math.min(p.rampMax, Math.max(p.rampMin, this.fraction)), 'ramp limits reconfigured');
  }

  private set(to: number, reason: string): RampChange | undefined {
    if (to === this.fraction) return undefined;
    const change = { from: this.fraction, to, reason };
    this.fraction = to;
    return change;
  }
}
