/**
 * Exact money arithmetic on a fixed scale: a decimal is a bigint count of 10^-18. Venue prices and quantities
 * carry at most 8 decimals, so sums, differences and price × quantity products (16 decimals) stay exact; only
 * an explicit division or a `toFixed` rounds, half away from zero. Chosen over a decimal library because the
 * paper venue and the report need nothing beyond add, subtract, multiply and one rounding rule, and bigint is
 * native (no dependency, deterministic on every platform).
 */

export const SCALE = 18;
export const ONE = 10n ** 18n;
const PLAIN = /^(-)?(\d+)(?:\.(\d+))?$/;

/** A decimal string ("-12.5", "0.001") as a scaled bigint; undefined when malformed or finer than 10^-18. */
export function parseDecimal(s: string): bigint | undefined {
  const m = PLAIN.exec(s);
  if (m === null) return undefined;
  const frac = (m[3] ?? '').replace(/0+$/, '');
  if (frac.length > SCALE) return undefined;
  const v = BigInt(m[2] as string) * ONE + (frac === '' ? 0n : BigInt(frac.padEnd(SCALE, '0')));
  return m[1] === '-' ? -v : v;
}

/**
 * A JS number holding a venue decimal, exactly as its shortest representation reads (`String(n)`): 0.1 is
 * 0.1, not the binary neighbour. Exponent forms (1e-7, 1.5e21) are expanded.
 */
export function fromNumber(n: number): bigint {
  if (!Number.isFinite(n)) throw new RangeError(`not a finite number: ${n}`);
  const s = String(n);
  const e = s.indexOf('e');
  if (e < 0) return parseDecimal(s) as bigint;
  const mant = s.slice(0, e);
  const exp = Number(s.slice(e + 1));
  const neg = mant.startsWith('-');
  const digits = mant.replace('-', '');
  const dot = digits.indexOf('.');
  const intDigits = dot < 0 ? digits : digits.slice(0, dot);
  const fracDigits = dot < 0 ? '' : digits.slice(dot + 1);
  const all = intDigits + fracDigits;
  const point = intDigits.length + exp;
  let plain: string;
  if (point <= 0) plain = `0.${'0'.repeat(-point)}${all}`;
  else if (point >= all.length) plain = all + '0'.repeat(point - all.length);
  else plain = `${all.slice(0, point)}.${all.slice(point)}`;
  const v = parseDecimal(plain);
  if (v === undefined) throw new RangeError(`number finer than 10^-${SCALE}: ${n}`);
  return neg ? -v : v;
}

/** `a / b` rounded half away from zero. */
export function divRound(a: bigint, b: bigint): bigint {
  const neg = a < 0n !== b < 0n;
  const aa = a < 0n ? -a : a;
  const bb = b < 0n ? -b : b;
  const q = (aa * 2n + bb) / (bb * 2n);
  return neg ? -q : q;
}

/** Product of two scaled decimals (exact when the true product has at most 18 decimals). */
export function mul(a: bigint, b: bigint): bigint {
  return divRound(a * b, ONE);
}

/** Rounds to `decimals` places (half away from zero) and prints with exactly that many. */
export function toFixed(v: bigint, decimals: number): string {
  const unit = 10n ** BigInt(SCALE - decimals);
  const r = divRound(v, unit);
  const neg = r < 0n;
  const digits = (neg ? -r : r).toString().padStart(decimals + 1, '0');
  const int = digits.slice(0, digits.length - decimals);
  const frac = decimals > 0 ? `.${digits.slice(digits.length - decimals)}` : '';
  return `${neg && r !== 0n ? '-' : ''}${int}${frac}`;
}

/** Rounds to `decimals` places and returns the scaled value. */
export function round(v: bigint, decimals: number): bigint {
  const unit = 10n ** BigInt(SCALE - decimals);
  return divRound(v, unit) * unit;
}

/** The nearest JS number (for records and charts, after the exact arithmetic is done). */
export function toNumber(v: bigint): number {
  return Number(toFixed(v, SCALE));
}
