/**
 * Prices on a grid without float noise: `ask − bid` of two parsed decimals is rarely the tick itself
 * (0.10000000000582077), and `k · 0.1` is rarely the decimal it names. Rounding to 8 decimals after the grid
 * step gives the double nearest the decimal, which is how the venue writes every USD-M price (≤ 8 decimals).
 */

/** x rounded to 8 decimals (exact for |x| < 9e7; beyond, x is returned as is: no USD-M price gets there). */
export function round8(x: number): number {
  const scaled = x * 1e8;
  return Math.abs(scaled) < 9e15 ? Math.round(scaled) / 1e8 : x;
}

/** x on the grid of `tick` (0: 8 decimals only). */
export function roundToTick(x: number, tick: number): number {
  return round8(tick > 0 ? Math.round(x / tick) * tick : x);
}

/** Default profile bucket for a first price p: 10^(⌊log10 p⌋ − 4), about 1 to 10 bps of p. */
export function autoBucket(p: number): number {
  const e = Math.floor(Math.log10(p)) - 4;
  // 10^e for negative e through division: 1 / 10^5 is the double nearest 0.00001, 10 ** -5 need not be.
  return e >= 0 ? 10 ** e : 1 / 10 ** -e;
}
