/**
 * Prices and quantities live as integers on the symbol's grid (ticks of tickSize, units of stepSize) so the
 * book and the matching never meet float error; they become the venue's fixed-decimal strings only here.
 */

/** Number of decimals of a step written as a decimal string ("0.0010" → 4, "1" → 0). */
export function decimalsOf(step: string): number {
  const dot = step.indexOf('.');
  return dot < 0 ? 0 : step.length - dot - 1;
}

/** Integer count of `step` in `value` string, or undefined when not on the grid or malformed. */
export function toUnits(value: string, step: number, decimals: number): number | undefined {
  if (!/^\d+(\.\d+)?$/.test(value)) return undefined;
  const scaled = Math.round(Number(value) * 10 ** decimals);
  const stepScaled = Math.round(step * 10 ** decimals);
  if (Math.abs(Number(value) * 10 ** decimals - scaled) > 1e-6) return undefined;
  if (scaled % stepScaled !== 0) return undefined;
  return scaled / stepScaled;
}

/** A plain decimal number as the venue prints computed values (8 decimals, as in positionRisk/account). */
export function fmt8(value: number): string {
  return (Math.abs(value) < 5e-9 ? 0 : value).toFixed(8);
}
