/**
 * Parameters of a symbol actor's telemetry, with their units and defaults. Every window is exchange time, so
 * the same tape gives the same numbers whatever the wall clock. Validated by `SymbolParamsSchema`; a bad
 * field is `TL_CONFIG_INVALID` naming it (`resolveSymbolParams`).
 */
import { type Static, Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { describeValueError } from '../../schema/config/schema-errors.js';
import { TapelineError } from '../../schema/errors.js';

/** Kline intervals the ATR can use (fixed length; `1w`/`1M` are left out: weeks and months are not fixed ms). */
export const ATR_INTERVALS = ['1m', '3m', '5m', '15m', '30m', '1h', '2h', '4h', '6h', '8h', '12h', '1d'] as const;
export type AtrInterval = (typeof ATR_INTERVALS)[number];

export const SymbolParamsSchema = Type.Object(
  {
    /** Period of the `metrics` snapshots, ms of exchange time; boundaries at multiples of it. */
    snapshotIntervalMs: Type.Integer({ minimum: 50, maximum: 60_000 }),
    /**
     * Where prints come from. 'auto': the stream of the session's first print, then that stream only (a print
     * never changes meaning mid-session). 'aggTrade' / 'trade': that stream only, the other ignored.
     */
    tradeSource: Type.Union([Type.Literal('auto'), Type.Literal('aggTrade'), Type.Literal('trade')]),
    /** Time & Sales rolling window, ms. */
    tradeWindowMs: Type.Integer({ minimum: 100, maximum: 3_600_000 }),
    /** Rolling CVD (and its slope) window, ms. */
    cvdWindowMs: Type.Integer({ minimum: 100, maximum: 3_600_000 }),
    /** OBI over the top N levels per side. */
    obiLevels: Type.Integer({ minimum: 1, maximum: 1000 }),
    /** OBI band: levels within ±bandBps of mid (basis points). */
    obiBandBps: Type.Number({ minimum: 0.1, maximum: 10_000 }),
    /** Delta Z interval, ms of exchange time (intervals aligned to multiples of it). */
    deltaZIntervalMs: Type.Integer({ minimum: 50, maximum: 3_600_000 }),
    /** Completed intervals in the rolling mean/std. */
    deltaZLookback: Type.Integer({ minimum: 2, maximum: 10_000 }),
    /** Fewer completed intervals than this → z is null. */
    deltaZMinSamples: Type.Integer({ minimum: 2, maximum: 10_000 }),
    /** Open interest change is against the latest sample at least this old, ms. */
    oiLookbackMs: Type.Integer({ minimum: 1_000, maximum: 30 * 86_400_000 }),
    /** Kline interval of the ATR and range. */
    atrInterval: Type.Union(ATR_INTERVALS.map((i) => Type.Literal(i))),
    /** ATR over this many closed bars. */
    atrPeriod: Type.Integer({ minimum: 1, maximum: 1000 }),
    /** Range high/low over this many bars (closed bars plus the current one). */
    rangeLookbackBars: Type.Integer({ minimum: 1, maximum: 10_000 }),
    /** Diffs kept while waiting for a depth snapshot (oldest dropped beyond it). */
    bookBufferMax: Type.Integer({ minimum: 1, maximum: 100_000 }),
    /** The symbol's price tick (exchangeInfo PRICE_FILTER); `spread` is rounded to it. 0: to 8 decimals. */
    tickSize: Type.Number({ minimum: 0, maximum: 1_000_000 }),
    /** Quantity of a print for CVD, delta, T&S, VWAP and profiles: 'q' all, 'nq' without RPI fills (aggTrade). */
    tradeQuantity: Type.Union([Type.Literal('q'), Type.Literal('nq')]),
    /** Rolling liquidation window, ms. */
    liquidationWindowMs: Type.Integer({ minimum: 1_000, maximum: 86_400_000 }),
    /** Volume profile bucket, price units; 0: 10^(⌊log10 first price⌋ − 4), fixed at the session's first print. */
    profileBucket: Type.Number({ minimum: 0, maximum: 1_000_000 }),
    /** Rolling volume profile window, ms. */
    profileWindowMs: Type.Integer({ minimum: 1_000, maximum: 86_400_000 }),
    /** A print of at least this notional (quote units) is 'large' in CVD by size. */
    largeTradeNotional: Type.Number({ minimum: 0, maximum: 1e12 }),
  },
  { additionalProperties: false },
);
export type SymbolParams = Static<typeof SymbolParamsSchema>;

export const DEFAULT_SYMBOL_PARAMS: Readonly<SymbolParams> = Object.freeze({
  snapshotIntervalMs: 1_000,
  tradeSource: 'auto',
  tradeWindowMs: 60_000,
  cvdWindowMs: 60_000,
  obiLevels: 10,
  obiBandBps: 10,
  deltaZIntervalMs: 1_000,
  deltaZLookback: 60,
  deltaZMinSamples: 10,
  oiLookbackMs: 300_000,
  atrInterval: '1m',
  atrPeriod: 14,
  rangeLookbackBars: 60,
  bookBufferMax: 1_000,
  tickSize: 0,
  tradeQuantity: 'q',
  liquidationWindowMs: 300_000,
  profileBucket: 0,
  profileWindowMs: 300_000,
  largeTradeNotional: 100_000,
});

const INTERVAL_MS: Record<AtrInterval, number> = {
  '1m': 60_000,
  '3m': 180_000,
  '5m': 300_000,
  '15m': 900_000,
  '30m': 1_800_000,
  '1h': 3_600_000,
  '2h': 7_200_000,
  '4h': 14_400_000,
  '6h': 21_600_000,
  '8h': 28_800_000,
  '12h': 43_200_000,
  '1d': 86_400_000,
};

export function intervalMs(interval: AtrInterval): number {
  return INTERVAL_MS[interval];
}

/**
 * `patch` merged over `base` (defaults unless given), validated. Throws `TL_CONFIG_INVALID` naming the field
 * as `strategies.symbol.<field>` (where it lives in the config file).
 */
export function resolveSymbolParams(
  patch: unknown,
  base: Readonly<SymbolParams> = DEFAULT_SYMBOL_PARAMS,
): SymbolParams {
  if (patch !== undefined && (typeof patch !== 'object' || patch === null || Array.isArray(patch))) {
    throw new TapelineError('TL_CONFIG_INVALID', 'strategies.symbol must be an object');
  }
  const merged = { ...base, ...(patch as Record<string, unknown> | undefined) };
  const first = Value.Errors(SymbolParamsSchema, merged).First();
  if (first) throw new TapelineError('TL_CONFIG_INVALID', `strategies.symbol.${describeValueError(first)}`);
  if (merged.deltaZMinSamples > merged.deltaZLookback) {
    throw new TapelineError(
      'TL_CONFIG_INVALID',
      `strategies.symbol.deltaZMinSamples must be <= deltaZLookback (${merged.deltaZLookback}) (got ${merged.deltaZMinSamples})`,
    );
  }
  return merged as SymbolParams;
}
