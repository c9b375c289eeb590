/**
 * The depth level list `[["price","qty"],...]` in one tight loop over the chars, for the venue's compact
 * layout (no whitespace): the hot part of a 63-level `@depth@0ms` frame (bench/fast-decode.bench.ts). Same rule
 * and same numbers as the codecs' `levels()` + `parseDecimal` (price > 0, qty >= 0, 1..15 digits with at most
 * one dot divided once by an exact power of ten); anything else returns undefined and the caller retries
 * with the general reader (spaced layouts) or the JSON path.
 */
import type { Level } from '../../../../schema/market-events.js';
import { type JsonCursor, POW10 } from './json-cursor.js';

/**
 * Reads `"<decimal>"` at `p` (just past the opening quote); sets `at.pos` past the closing quote. NaN if not
 * plain. Integer part, dot, fraction part in separate loops: fewer branches per char than one loop with a
 * state (the 63-level depth case in bench/fast-decode.bench.ts). A read past `end` (a frame cut mid-number) fails.
 */
function quotedDecimal(t: string, p: number, end: number, at: { pos: number }): number {
  const s = p;
  let m = 0;
  let ch = t.charCodeAt(p);
  while (ch >= 48 && ch <= 57) {
    m = m * 10 + (ch - 48);
    ch = t.charCodeAt(++p);
  }
  let digits = p - s;
  let fraction = 0;
  if (ch === 46 /* . */) {
    const f = ++p;
    ch = t.charCodeAt(p);
    while (ch >= 48 && ch <= 57) {
      m = m * 10 + (ch - 48);
      ch = t.charCodeAt(++p);
    }
    fraction = p - f;
    digits += fraction;
  }
  if (ch !== 34 /* " */ || p >= end || digits === 0 || digits > 15) return Number.NaN;
  at.pos = p + 1;
  return fraction > 0 ? m / (POW10[fraction] as number) : m;
}

const at = { pos: 0 };

export function compactLevels(c: JsonCursor): Level[] | undefined {
  const t = c.text;
  const end = c.end;
  let p = c.pos;
  if (t.charCodeAt(p) !== 91 /* [ */) return undefined;
  p++;
  const out: Level[] = [];
  if (t.charCodeAt(p) === 93 /* ] */) {
    c.pos = p + 1;
    return out;
  }
  for (;;) {
    if (p + 2 > end || t.charCodeAt(p) !== 91 || t.charCodeAt(p + 1) !== 34 /* " */) return undefined;
    const price = quotedDecimal(t, p + 2, end, at);
    if (!(price > 0)) return undefined;
    p = at.pos;
    if (p + 2 > end || t.charCodeAt(p) !== 44 /* , */ || t.charCodeAt(p + 1) !== 34) return undefined;
    const qty = quotedDecimal(t, p + 2, end, at);
    if (!(qty >= 0)) return undefined;
    p = at.pos;
    if (p + 2 > end || t.charCodeAt(p) !== 93) return undefined;
    out.push([price, qty]);
    const ch = t.charCodeAt(p + 1);
    p += 2;
    if (ch === 93) {
      c.pos = p;
      return out;
    }
    if (ch !== 44) return undefined;
  }
}
