/**
 * Field readers shared by the codecs: each reads one field of a parsed payload, checks its wire type and
 * returns it as a number, string or boolean, or throws `TL_CODEC_INVALID` naming the event, field and stream.
 * They allocate nothing on the success path; the error message is only built when a check fails.
 */
import { TapelineError } from '../../../runtime/errors.js';
import type { Level } from './events.js';

export type WireObject = Record<string, unknown>;

function describe(value: unknown): string {
  if (value === undefined) return 'nothing (field missing)';
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value);
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}

/** The one error the codecs throw. `field` is a path such as `b[3][0]` or `o.q`. */
export function codecError(
  kind: string,
  field: string,
  expected: string,
  got: unknown,
  stream?: string,
): TapelineError {
  const where = stream === undefined ? '' : ` (stream ${stream})`;
  return new TapelineError(
    'TL_CODEC_INVALID',
    `${kind}.${field}: expected ${expected}, got ${describe(got)}${where}; the frame does not match the Binance USD-M wire format`,
  );
}

export function asObject(value: unknown, kind: string, stream?: string): WireObject {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw codecError(kind, '(payload)', 'a JSON object', value, stream);
  }
  return value as WireObject;
}

/** Exact powers of ten as doubles (10^22 is the largest exactly representable). */
const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15] as const;

/**
 * A decimal sent as a string ("61800.30") → the same double `Number()` gives, NaN when it is not one (empty
 * and whitespace-led strings too: `Number('')` is 0). Fast path for plain `digits[.digits]` with at most 15
 * digits: the digits as an exact integer divided once by an exact power of ten is correctly rounded (Clinger),
 * so it is bit-identical to `Number()` (test/venues/binance/decimal.test.ts) at a third of its cost: ~40 vs
 * ~120 ns per level on 1000 real BTCUSDT depth frames (Node 20, shared 2-core box; the frames of the
 * depthUpdate case in bench/codec.bench.ts). Anything else goes to `Number()`.
 */
export function parseDecimal(value: unknown): number {
  if (typeof value !== 'string' || value.length === 0 || value.charCodeAt(0) <= 32) return Number.NaN;
  const n = value.length;
  let mantissa = 0;
  let digits = 0;
  let fraction = -1;
  for (let i = 0; i < n; i++) {
    const c = value.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      mantissa = mantissa * 10 + (c - 48);
      digits++;
      if (fraction >= 0) fraction++;
    } else if (c === 46 /* . */ && fraction < 0) {
      fraction = 0;
    } else {
      return Number(value);
    }
  }
  if (digits === 0 || digits > 15) return Number(value);
  return fraction > 0 ? mantissa / (POW10[fraction] as number) : mantissa;
}

export function decimal(o: WireObject, key: string, kind: string, stream?: string): number {
  const n = parseDecimal(o[key]);
  if (Number.isFinite(n)) return n;
  throw codecError(kind, key, 'a decimal string', o[key], stream);
}

/** Ids and ms timestamps: JSON numbers that must be safe integers (ids reach ~5e12, well inside 2^53). */
export function integer(o: WireObject, key: string, kind: string, stream?: string): number {
  const v = o[key];
  if (typeof v === 'number' && Number.isSafeInteger(v)) return v;
  throw codecError(kind, key, 'an integer', v, stream);
}

/** An integer that some endpoints send as a string (openInterestHist `timestamp` in Binance's own example). */
export function integerLoose(o: WireObject, key: string, kind: string, stream?: string): number {
  const v = o[key];
  const n = typeof v === 'string' ? parseDecimal(v) : v;
  if (typeof n === 'number' && Number.isSafeInteger(n)) return n;
  throw codecError(kind, key, 'an integer', v, stream);
}

export function text(o: WireObject, key: string, kind: string, stream?: string): string {
  const v = o[key];
  if (typeof v === 'string' && v.length > 0) return v;
  throw codecError(kind, key, 'a non-empty string', v, stream);
}

export function flag(o: WireObject, key: string, kind: string, stream?: string): boolean {
  const v = o[key];
  if (typeof v === 'boolean') return v;
  throw codecError(kind, key, 'a boolean', v, stream);
}

/** `"BUY"`/`"SELL"` order sides (forceOrder). */
export function orderSide(o: WireObject, key: string, kind: string, stream?: string): 'buy' | 'sell' {
  const v = o[key];
  if (v === 'BUY') return 'buy';
  if (v === 'SELL') return 'sell';
  throw codecError(kind, key, '"BUY" or "SELL"', v, stream);
}

/**
 * `[["price","qty"], ...]` → numeric pairs. Prices must be > 0 and quantities >= 0 (0 removes a level), so
 * a corrupted level is caught here rather than poisoning the book.
 */
export function levels(o: WireObject, key: string, kind: string, stream?: string): Level[] {
  const list = o[key];
  if (!Array.isArray(list)) throw codecError(kind, key, 'an array of [price, qty]', list, stream);
  const out: Level[] = [];
  for (let i = 0; i < list.length; i++) {
    const level: unknown = list[i];
    if (!Array.isArray(level) || level.length < 2) {
      throw codecError(kind, `${key}[${i}]`, 'a [price, qty] pair', level, stream);
    }
    const price = parseDecimal(level[0]);
    if (!(price > 0) || price === Number.POSITIVE_INFINITY) {
      throw codecError(kind, `${key}[${i}][0]`, 'a positive decimal string', level[0], stream);
    }
    const qty = parseDecimal(level[1]);
    if (!(qty >= 0) || qty === Number.POSITIVE_INFINITY) {
      throw codecError(kind, `${key}[${i}][1]`, 'a non-negative decimal string', level[1], stream);
    }
    out.push([price, qty]);
  }
  return out;
}
