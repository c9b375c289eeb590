/**
 * What a strategy produces: a `StrategySignal` when a setup fires (everything a person and the risk actor need:
 * side, LIMIT entry, invalidation, target, strength, a one-line reason, the numbers used) and a `NearMiss` when
 * an evaluation came within one condition of firing. Both are plain data, built only when emitted (rare).
 */

export type StrategyName = 'sweepFade' | 'imbalanceBreakout';

export type MetricValue = number | string | boolean | null;

export interface StrategySignal {
  strategy: StrategyName;
  symbol: string;
  /** Exchange time of the event that fired it. */
  ts: number;
  /** Exchange time the setup began (sweep start, start of the OBI/flow agreement): the decisionId's key. */
  setupStart: number;
  /** `SYMBOL:strategy:setupStart` — the same on every replay of the same input (risk and execution dedupe on it). */
  decisionId: string;
  side: 'BUY' | 'SELL';
  /** LIMIT price of the entry. */
  entry: number;
  /** Where the idea is wrong (a stop beyond it). */
  invalidation: number;
  target: number;
  /** 0..1. */
  strength: number;
  reason: string;
  quantity: number;
  metrics: Record<string, MetricValue>;
}

export interface NearMiss {
  type: 'near-miss';
  symbol: string;
  strategy: StrategyName;
  ts: number;
  setupStart: number;
  /** The conditions that failed (names as in the strategy's CONDITIONS), at most one or two. */
  failed: string[];
  values: Record<string, MetricValue>;
}

/** Where strategies emit; the runner implements it (cooldown, rate limit, pending queue). */
export interface StrategySink {
  readonly symbol: string;
  signal(s: StrategySignal): void;
  /** Asked before the record is built, so a suppressed near miss costs no allocation. */
  wantNearMiss(strategy: StrategyName, ts: number): boolean;
  nearMiss(n: NearMiss): void;
}

export function decisionIdFor(symbol: string, strategy: StrategyName, setupStart: number): string {
  return `${symbol}:${strategy}:${setupStart}`;
}

/** Names of the set bits of `mask`, in CONDITIONS order. */
export function failedNames(mask: number, conditions: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < conditions.length; i++) if (mask & (1 << i)) out.push(conditions[i] as string);
  return out;
}

/** Number of set bits (conditions failed). */
export function bitCount(mask: number): number {
  let n = 0;
  for (let m = mask; m !== 0; m &= m - 1) n++;
  return n;
}

/** Rounds for the human-readable reason and the metric record (not for state: state keeps full precision). */
export function round(x: number, digits = 4): number | null {
  if (!Number.isFinite(x)) return null;
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

export function clamp01(x: number): number {
  return x <= 0 || Number.isNaN(x) ? 0 : Math.min(x, 1);
}
