/**
 * Parameters of the two strategies, with units and defaults (config `strategies.sweepFade`,
 * `strategies.imbalanceBreakout`). Every duration is exchange time, so a replay gives the same signals. Defaults
 * are sized for liquid USD-M perpetuals (BTC/ETH/SOL on 1m bars), not for the simulated venue; a bad field is
 * `TL_CONFIG_INVALID` naming it as `strategies.<strategy>.<field>`.
 */
import { type Static, type TSchema, Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { describeValueError } from '../../../schema/config/schema-errors.js';
import { TapelineError } from '../../../schema/errors.js';

const Ms = (min: number, max: number) => Type.Integer({ minimum: min, maximum: max });
const Ratio = Type.Number({ minimum: 0, maximum: 1 });

/** What both strategies share: on/off, cooldown, near-miss logging, order size. */
const Common = {
  /** false: the strategy is not evaluated at all. */
  enabled: Type.Boolean(),
  /** No new signal from this strategy on this symbol for this long after one, ms. */
  cooldownMs: Ms(0, 86_400_000),
  /** Order quantity of the intent, base asset (risk sizes it down further: ramp, caps, filters). */
  quantity: Type.Number({ exclusiveMinimum: 0, maximum: 1e9 }),
  /** Near misses logged at most this many per minute of exchange time (token bucket, burst = this). */
  nearMissPerMinute: Type.Integer({ minimum: 0, maximum: 600 }),
};

export const SweepFadeParamsSchema = Type.Object(
  {
    ...Common,
    /** Range = high/low of this many kline bars (the current one included, up to the sweep). */
    rangeBars: Type.Integer({ minimum: 2, maximum: 1000 }),
    /** Aggressive burst: |Delta Z| of the interval holding the sweep at least this. */
    burstZ: Type.Number({ minimum: 0.5, maximum: 50 }),
    /** Same-side prints at distinct prices in one burst (book levels consumed) at least this. */
    minLevels: Type.Integer({ minimum: 1, maximum: 1000 }),
    /** A burst is same-side aggression with gaps no longer than this, ms. */
    burstGapMs: Ms(0, 60_000),
    /** The sweep must fail (price back inside the range, CVD, OBI) within this long, ms. */
    holdLimitMs: Ms(100, 3_600_000),
    /** CVD stopped confirming: follow-through since the sweep at most this share of the sweep's delta... */
    maxFollowThrough: Ratio,
    /** ...or at least this share (absorption: heavy aggression, no new extreme). */
    absorptionRatio: Type.Number({ minimum: 0, maximum: 100 }),
    /** OBI (top levels) against the sweep by at least this (−1..1 scale). */
    obiAgainst: Ratio,
    /** Invalidation beyond the sweep extreme by this many ATRs. */
    invalidationAtr: Type.Number({ minimum: 0, maximum: 20 }),
    /** Target: the range mid, but no farther than this many ATRs from the entry. */
    targetAtr: Type.Number({ exclusiveMinimum: 0, maximum: 50 }),
  },
  { additionalProperties: false },
);
export type SweepFadeParams = Static<typeof SweepFadeParamsSchema>;

export const ImbalanceBreakoutParamsSchema = Type.Object(
  {
    ...Common,
    /** Range = high/low of this many closed kline bars (the consolidation the break leaves). */
    rangeBars: Type.Integer({ minimum: 2, maximum: 1000 }),
    /** |OBI| (top levels) at least this. */
    obiThreshold: Ratio,
    /** Flow: z of the summed delta of the last `flowIntervals` Delta Z intervals (current included). */
    flowIntervals: Type.Integer({ minimum: 1, maximum: 600 }),
    /** |flow z| at least this, same sign as OBI. */
    flowZ: Type.Number({ minimum: 0, maximum: 50 }),
    /** OBI and flow must agree without a break for at least this long, ms. */
    minPersistMs: Ms(0, 600_000),
    /** Open interest change over `oiLookbackMs` at least this, percent (new positions, not covering). */
    minOiChangePct: Type.Number({ minimum: -100, maximum: 100 }),
    /**
     * true: no signal while the OI change is unknown (no poll spans `oiLookbackMs` yet, a tape without OI).
     * false (default): the OI condition is judged only once OI is known.
     */
    requireOi: Type.Boolean(),
    /** Window of the open interest change, ms (polls every ~10 s: keep it a few polls long). */
    oiLookbackMs: Ms(1_000, 86_400_000),
    /** Invalidation: back inside the range by this many ATRs. */
    invalidationAtr: Type.Number({ minimum: 0, maximum: 20 }),
    /** Target: entry ± this many ATRs. */
    targetAtr: Type.Number({ exclusiveMinimum: 0, maximum: 50 }),
  },
  { additionalProperties: false },
);
export type ImbalanceBreakoutParams = Static<typeof ImbalanceBreakoutParamsSchema>;

export const DEFAULT_SWEEP_FADE_PARAMS: Readonly<SweepFadeParams> = Object.freeze({
  enabled: true,
  cooldownMs: 60_000,
  quantity: 0.001,
  nearMissPerMinute: 6,
  rangeBars: 15,
  burstZ: 3,
  minLevels: 3,
  burstGapMs: 100,
  holdLimitMs: 30_000,
  maxFollowThrough: 0.25,
  absorptionRatio: 1,
  obiAgainst: 0.1,
  invalidationAtr: 0.25,
  targetAtr: 1.5,
});

export const DEFAULT_IMBALANCE_BREAKOUT_PARAMS: Readonly<ImbalanceBreakoutParams> = Object.freeze({
  enabled: true,
  cooldownMs: 60_000,
  quantity: 0.001,
  nearMissPerMinute: 6,
  rangeBars: 15,
  obiThreshold: 0.3,
  flowIntervals: 5,
  flowZ: 1.5,
  minPersistMs: 1_000,
  minOiChangePct: 0.05,
  requireOi: false,
  oiLookbackMs: 60_000,
  invalidationAtr: 0.25,
  targetAtr: 2,
});

export interface StrategyParams {
  sweepFade: SweepFadeParams;
  imbalanceBreakout: ImbalanceBreakoutParams;
}

export const DEFAULT_STRATEGY_PARAMS: Readonly<StrategyParams> = Object.freeze({
  sweepFade: DEFAULT_SWEEP_FADE_PARAMS,
  imbalanceBreakout: DEFAULT_IMBALANCE_BREAKOUT_PARAMS,
});

function resolveOne<T>(field: string, schema: TSchema, patch: unknown, base: Readonly<T>): T {
  if (patch === undefined) return { ...base };
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) {
    throw new TapelineError('TL_CONFIG_INVALID', `strategies.${field} must be an object`);
  }
  const merged = { ...base, ...(patch as Record<string, unknown>) };
  const first = Value.Errors(schema, merged).First();
  if (first) throw new TapelineError('TL_CONFIG_INVALID', `strategies.${field}.${describeValueError(first)}`);
  return merged as T;
}

/**
 * `strategies.sweepFade` / `strategies.imbalanceBreakout` of a config (or a live `configure` patch) merged over
 * `base`, validated. Throws `TL_CONFIG_INVALID` naming the field.
 */
export function resolveStrategyParams(
  patch: { sweepFade?: unknown; imbalanceBreakout?: unknown } | undefined,
  base: Readonly<StrategyParams> = DEFAULT_STRATEGY_PARAMS,
): StrategyParams {
  return {
    sweepFade: resolveOne('sweepFade', SweepFadeParamsSchema, patch?.sweepFade, base.sweepFade),
    imbalanceBreakout: resolveOne(
      'imbalanceBreakout',
      ImbalanceBreakoutParamsSchema,
      patch?.imbalanceBreakout,
      base.imbalanceBreakout,
    ),
  };
}
