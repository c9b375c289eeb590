/**
 * Risk parameters (docs/contract.md, admin socket and safety invariants): one TypeBox schema with units and defaults, read from `ctx.config.risk`
 * and changed live by `configure(patch)`. A patch is validated whole against the merged result, so an
 * invalid value never half-applies; errors name the field (TL_RISK_PARAMS_INVALID).
 */
import { type Static, Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { TapelineError } from '../../schema/errors.js';

export const RiskParamsSchema = Type.Object(
  {
    /** Largest notional of one order (quote, USDT). The sizing ramp scales it down. */
    maxOrderNotional: Type.Number({ exclusiveMinimum: 0, default: 1_000 }),
    /** Largest absolute position notional per symbol, position + open orders + this order (quote). */
    maxPositionNotional: Type.Number({ exclusiveMinimum: 0, default: 5_000 }),
    /** Largest sum over symbols of absolute position and open-order notional (quote). */
    maxGrossNotional: Type.Number({ exclusiveMinimum: 0, default: 15_000 }),
    /** Open orders allowed across all symbols. */
    maxOpenOrders: Type.Integer({ minimum: 0, default: 10 }),
    /** Fat-finger collar: |price - mark| / mark at most this, in basis points. */
    priceBandBps: Type.Number({ exclusiveMinimum: 0, maximum: 1_500, default: 50 }),
    /** Orders per 10 s and per 60 s, kept well below the venue's 300/10 s and 1200/min. */
    maxOrdersPer10s: Type.Integer({ minimum: 0, maximum: 300, default: 20 }),
    maxOrdersPerMinute: Type.Integer({ minimum: 0, maximum: 1_200, default: 60 }),
    /** Quiet time per symbol after an approved order (ms). */
    cooldownAfterOrderMs: Type.Integer({ minimum: 0, default: 2_000 }),
    /** Quiet time per symbol after a losing fill (ms). */
    cooldownAfterLossMs: Type.Integer({ minimum: 0, default: 60_000 }),
    /** Realized loss of the UTC day (quote, positive number) that engages the kill switch. */
    dailyLossLimit: Type.Number({ exclusiveMinimum: 0, default: 250 }),
    /** Readiness snapshots older than this (ms) count as not ready. */
    readinessMaxAgeMs: Type.Integer({ minimum: 1, default: 5_000 }),
    /** Sizing ramp: start, step, floor and ceiling as fractions of maxOrderNotional. */
    rampStart: Type.Number({ exclusiveMinimum: 0, maximum: 1, default: 0.1 }),
    rampStep: Type.Number({ exclusiveMinimum: 0, maximum: 1, default: 0.1 }),
    rampMin: Type.Number({ exclusiveMinimum: 0, maximum: 1, default: 0.05 }),
    rampMax: Type.Number({ exclusiveMinimum: 0, maximum: 1, default: 1 }),
    /**
     * An order the ramp sizes under the venue's MIN_NOTIONAL is raised to the least quantity that reaches it,
     * when that stays within maxOrderNotional (and then passes the position and gross caps); false refuses it
     * with TL_RISK_MIN_NOTIONAL instead.
     */
    raiseToMinNotional: Type.Boolean({ default: true }),
    /** Fills without a loss before the ramp steps up. */
    rampFillsPerStep: Type.Integer({ minimum: 1, default: 3 }),
    /** Time in force of approved orders: GTX (post-only) unless told otherwise. */
    timeInForce: Type.Union([Type.Literal('GTX'), Type.Literal('GTC')], { default: 'GTX' }),
    /** Order TTL (ms) after which execution cancels a resting order; 0 = none. */
    orderTtlMs: Type.Integer({ minimum: 0, default: 30_000 }),
  },
  { additionalProperties: false },
);

export type RiskParams = Static<typeof RiskParamsSchema>;

/** Defaults, frozen so no caller can change them by accident. */
export const DEFAULT_RISK_PARAMS: Readonly<RiskParams> = Object.freeze(Value.Create(RiskParamsSchema));

function invalid(source: string, value: unknown): TapelineError {
  const first = [...Value.Errors(RiskParamsSchema, value)][0];
  const field = first ? first.path.replace(/^\//, '').replace(/\//g, '.') || '(root)' : '(root)';
  const why = first ? first.message : 'invalid';
  return new TapelineError(
    'TL_RISK_PARAMS_INVALID',
    `${source}: risk.${field} ${why} (got ${JSON.stringify(first?.value)})`,
  );
}

function checkRamp(p: RiskParams, source: string): void {
  if (p.rampMin > p.rampMax || p.rampStart < p.rampMin || p.rampStart > p.rampMax) {
    throw new TapelineError(
      'TL_RISK_PARAMS_INVALID',
      `${source}: risk.rampStart must lie within [rampMin, rampMax] (got ${p.rampMin} <= ${p.rampStart} <= ${p.rampMax})`,
    );
  }
}

/** `config.risk` (possibly partial) → complete, validated params. */
export function parseRiskParams(raw: Record<string, unknown> | undefined, source = 'config'): RiskParams {
  const merged = { ...DEFAULT_RISK_PARAMS, ...(raw ?? {}) };
  if (!Value.Check(RiskParamsSchema, merged)) throw invalid(source, merged);
  checkRamp(merged, source);
  return merged;
}

/** Applies a live patch; returns the new params and the fields that changed (old → new) for the log. */
export function patchRiskParams(
  current: RiskParams,
  patch: Record<string, unknown>,
): { params: RiskParams; changed: Record<string, { old: unknown; new: unknown }> } {
  const params = parseRiskParams({ ...current, ...patch }, 'configure');
  const changed: Record<string, { old: unknown; new: unknown }> = {};
  for (const key of Object.keys(patch) as (keyof RiskParams)[]) {
    if (current[key] !== params[key]) changed[key] = { old: current[key], new: params[key] };
  }
  return { params, changed };
}
