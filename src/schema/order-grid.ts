/**
 * The venue's price and quantity grid (exchangeInfo tickSize / stepSize): rounding that never makes an order
 * more aggressive than asked (BUY price down, SELL price up, quantity down) and plain-decimal formatting, since
 * the venue rejects exponent forms and over-precise values (-1111, -4014, -4023).
 */

/** Decimal places of a grid step: 0.1 → 1, 0.001 → 3, 1 → 0, 0.25 → 2. */
export function decimalsOf(step: number): number {
  const s = step.toFixed(12).replace(/0+$/, '');
  const dot = s.indexOf('.');
  return dot < 0 || dot === s.length - 1 ? 0 : s.length - dot - 1;
}

/** `units * step` without float residue (0.1 * 3 = 0.30000000000000004 otherwise). */
function fromUnits(units: number, step: number): number {
  return Number((units * step).toFixed(decimalsOf(step)));
}

/** The passive rounding of a limit price: a buy never pays more, a sell never asks less, than intended. */
export function roundPrice(price: number, tick: number, side: 'BUY' | 'SELL'): number {
  const units = price / tick;
  // The epsilon keeps a price already on the grid (61800.1 / 0.1 = 618000.9999999) where it is.
  const rounded = side === 'BUY' ? Math.floor(units + 1e-9) : Math.ceil(units - 1e-9);
  return fromUnits(rounded, tick);
}

/** Quantity rounded down to the step: never more than asked. */
export function roundQuantity(qty: number, step: number): number {
  return fromUnits(Math.floor(qty / step + 1e-9), step);
}

/** Quantity rounded up to the step: the least on-grid quantity at or above `qty`. */
export function roundQuantityUp(qty: number, step: number): number {
  return fromUnits(Math.ceil(qty / step - 1e-9), step);
}

/** The wire form: plain decimal with the grid's precision. */
export function formatOnGrid(value: number, step: number): string {
  return value.toFixed(decimalsOf(step));
}
