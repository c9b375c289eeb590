/**
 * Directional episodes of one symbol's order flow: pushes (breakouts, trend legs) and absorptions (a failed
 * stop run), plus a background drift of book lean and positioning. The generator reads from it how the makers
 * skew their sizes (`lean`), how takers pick a side, how fast fair drifts and how trades change open interest.
 */
import type { PriceProcess } from './price-process.js';
import type { Rng } from './rng.js';

export const NONE = 0;
/** Trend leg / breakout: one-sided aggression, the book stacked behind it, new positions opening. */
export const PUSH = 1;
/** A stop run that failed: the book turns against it, fair drifts back inside the range, losers close. */
export const ABSORB = 2;

/**
 * Magnitudes (real-market behaviour they model):
 * - Lean is the top-of-book OBI the makers aim at. In a push the side price moves away from is stacked
 *   (makers skew quotes against their inventory, passive buyers chase a rally): bids 1.5–2.5× asks in an
 *   up-leg (OBI +0.3…+0.5), the mirror in a down-leg. Away from episodes it wanders around 0 (sd ≈ 0.1,
 *   ~8 s memory; half that inside one), follows a new target within ~1 s, with a mild ±0.12 tilt in a trending regime.
 * - Aggression: a breakout leg sustains one-sided flow for 10–60 s: ~88 % of takers trade with it, at 3× the
 *   usual rate as it starts (stops, breakout entries) settling to ~2× for the rest of the leg (real legs run at
 *   2–3× the background aggressor rate; a leg that fades to baseline within seconds is a failed break).
 * - Legs start after a stop run that continues, when fair leaves the 15-bar range by itself (about half of the
 *   clean breaks in a trending/volatile market, a fifth in a quiet one) and now and then mid-trend;
 *   after an absorbed run the aggressors keep hitting for ~2 s without progress, then ~70 % trade back.
 * - Positioning: with-trend aggressors in a push open new positions for 30 % of their size (OI rises ~0.05–0.15 %
 *   per leg, as breakouts on majors add); after an absorption trapped traders close (−25 % of their size); otherwise opens and closes
 *   balance up to a slowly wandering ±5 % bias, so OI moves ~0.1–0.5 % in 5 minutes as on a liquid perp.
 */
const PUSH_LEAN = [0.4, 0.6];
const ABSORB_LEAN = [0.25, 0.45];
const LEAN_TAU_S = 0.8;
const NOISE_TAU_S = 8;
const NOISE_SD = 0.1;
const TREND_TILT = 0.12;
const PUSH_SHIFT = 2;
const PUSH_RATE = 2;
const PUSH_IMPULSE = 1;
const PUSH_OPEN = 0.3;
const PUSH_DRIFT_VOL = 0.35;
const ABSORB_TAU_S = 3;

export class FlowEpisodes {
  kind = NONE;
  dir = 0;
  /** Exchange ms the episode started and ends. */
  since = 0;
  until = 0;
  /** Current top-of-book lean the makers size for (−1..1, positive = bids heavier). */
  lean = 0;
  private leanTarget = 0;
  private noise = 0;
  private openBias = 0;
  /** ABSORB: the fair price (ticks) the market reverts to, inside the range. */
  private anchor = 0;

  constructor(private readonly rng: Rng) {}

  /** One generator step: starts spontaneous pushes in trending markets, ends episodes, moves the lean. */
  step(time: number, dtMs: number, price: PriceProcess): void {
    const dt = dtMs / 1000;
    const rng = this.rng;
    if (this.kind !== NONE && time >= this.until) this.kind = NONE;
    // Trend legs start on their own about every 40 s of a trending regime (with its drift), rarer when volatile.
    const hazard = price.regime === 'trending' ? dt / 40 : price.regime === 'volatile' ? dt / 90 : 0;
    if (this.kind === NONE && rng.chance(hazard)) {
      const dir = price.drift !== 0 ? Math.sign(price.drift) : rng.chance(0.5) ? 1 : -1;
      this.startPush(time, dir, 15_000 + rng.int(30_000));
    }
    if (this.kind === PUSH) price.kick(this.dir * PUSH_DRIFT_VOL * price.volTicks() * dt);
    if (this.kind === ABSORB && time - this.since < 12_000)
      price.kick((this.anchor - price.fair) * (1 - Math.exp(-dt / ABSORB_TAU_S)));
    const a = Math.exp(-dt / NOISE_TAU_S);
    this.noise = this.noise * a + NOISE_SD * Math.sqrt(1 - a * a) * rng.normal();
    this.openBias = this.openBias * Math.exp(-dt / 60) + 0.05 * Math.sqrt(dt / 30) * rng.normal();
    const tilt = this.kind === NONE && price.regime === 'trending' ? Math.sign(price.drift) * TREND_TILT : 0;
    const target = Math.max(
      -0.8,
      Math.min(0.8, this.kind === NONE ? tilt + this.noise : this.leanTarget + this.noise / 2),
    );
    this.lean += (target - this.lean) * (1 - Math.exp(-dt / LEAN_TAU_S));
  }

  /** `immediate`: the book leans at once (makers re-quote as a stop run breaks the level). */
  /**
   * Fair just left the recent range (`dir`): breakout traders and the stops beyond the level join — about half
   * of the clean breaks in a trending or volatile market turn into a leg; in a quiet one most fizzle.
   */
  rangeBreak(time: number, dir: number, price: PriceProcess): void {
    if (this.kind !== NONE) return;
    const p =
      price.regime === 'quiet' ? 0.2 : price.regime === 'trending' && Math.sign(price.drift) !== dir ? 0.3 : 0.5;
    if (this.rng.chance(p)) this.startPush(time, dir, 10_000 + this.rng.int(40_000), true);
  }

  startPush(time: number, dir: number, durationMs: number, immediate = false): void {
    this.kind = PUSH;
    this.dir = dir;
    this.since = time;
    this.until = time + durationMs;
    this.leanTarget =
      dir * ((PUSH_LEAN[0] as number) + ((PUSH_LEAN[1] as number) - (PUSH_LEAN[0] as number)) * this.rng.next());
    if (immediate) this.lean = this.leanTarget;
  }

  /** A run in `dir` failed: fair reverts to `anchor` (ticks) and the book turns against the run. */
  startAbsorb(time: number, dir: number, anchor: number): void {
    this.kind = ABSORB;
    this.dir = dir;
    this.since = time;
    this.until = time + 15_000 + this.rng.int(15_000);
    this.anchor = anchor;
    this.leanTarget =
      -dir * ((ABSORB_LEAN[0] as number) + ((ABSORB_LEAN[1] as number) - (ABSORB_LEAN[0] as number)) * this.rng.next());
  }

  /** Added to the taker's buy log-odds. */
  takerShift(time: number): number {
    if (this.kind === PUSH) return this.dir * PUSH_SHIFT;
    if (this.kind === ABSORB) return time - this.since < 2_000 ? this.dir * 0.6 : -this.dir * 0.85;
    return 0;
  }

  /** Multiplier of the taker arrival rate. */
  intensity(time: number): number {
    // A leg opens with an impulse (stops and breakout entries) and keeps aggressors coming at ~2× for its length.
    if (this.kind === PUSH) return PUSH_RATE + PUSH_IMPULSE * Math.exp(-(time - this.since) / 10_000);
    return this.kind === ABSORB ? 1.3 : 1;
  }

  /** Share of a taker trade's size that opens (+) or closes (−) positions. */
  openShare(takerBuy: boolean): number {
    const noise = 0.2 * (this.rng.next() - 0.5);
    const withDir = (takerBuy ? 1 : -1) === this.dir;
    if (this.kind === PUSH) return (withDir ? PUSH_OPEN : 0) + noise;
    if (this.kind === ABSORB) return (withDir ? -0.25 : 0.05) + noise;
    return this.openBias + noise;
  }
}
