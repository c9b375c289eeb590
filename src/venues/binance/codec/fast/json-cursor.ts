/**
 * A forward-only reader over one JSON text range (`text[start, end)`), for the fast frame decoder. It reads
 * only what JSON.parse + the codecs read the same way, and answers "not here" (-1, NaN or false) for anything
 * else: escapes, exponents, negative or 16+-digit integers, nested values under unknown keys. The caller then
 * falls back to the JSON path, so an odd frame is never decoded differently, only more slowly.
 * It works on the string's char codes (no copy, no substring) so a batch of lines can be one string.
 */

/** Exact powers of ten as doubles (same table and rule as `parseDecimal` in ../fields.ts). */
export const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15] as const;

/** Key codes: a 1- or 2-char key as `c0 + c1 * 65536`; longer or empty keys are OTHER_KEY. */
export const OTHER_KEY = 0;
export function keyCode(key: string): number {
  return key.length === 1 ? key.charCodeAt(0) : key.charCodeAt(0) + key.charCodeAt(1) * 65536;
}

export class JsonCursor {
  text = '';
  pos = 0;
  end = 0;
  /** Content range (quotes excluded) of the last string read by `string()` or `key()`. */
  strStart = 0;
  strEnd = 0;

  reset(text: string, start: number, end: number): void {
    this.text = text;
    this.pos = start;
    this.end = end;
  }

  /** Skips JSON whitespace; the char code at the new position, or -1 at the end. */
  ws(): number {
    const t = this.text;
    const e = this.end;
    let p = this.pos;
    while (p < e) {
      const c = t.charCodeAt(p);
      if (c === 32 || c === 10 || c === 13 || c === 9) p++;
      else {
        this.pos = p;
        return c;
      }
    }
    this.pos = p;
    return -1;
  }

  /** Consumes `code` after optional whitespace; false when something else comes. */
  expect(code: number): boolean {
    if (this.ws() !== code) return false;
    this.pos++;
    return true;
  }

  /** True when only whitespace is left (what JSON.parse allows after the value). */
  atEnd(): boolean {
    return this.ws() === -1;
  }

  /** A string without escapes or control chars (sets strStart/strEnd); false for anything else. */
  string(): boolean {
    if (this.ws() !== 34 /* " */) return false;
    const t = this.text;
    const e = this.end;
    const s = this.pos + 1;
    for (let p = s; p < e; p++) {
      const c = t.charCodeAt(p);
      if (c === 34) {
        this.strStart = s;
        this.strEnd = p;
        this.pos = p + 1;
        return true;
      }
      if (c === 92 /* \ */ || c < 32) return false;
    }
    return false;
  }

  /** `"<key>":` → its key code (OTHER_KEY for lengths other than 1 and 2), -1 when it is not a plain key. */
  key(): number {
    if (!this.string() || !this.expect(58 /* : */)) return -1;
    const len = this.strEnd - this.strStart;
    const t = this.text;
    if (len === 1) return t.charCodeAt(this.strStart);
    if (len === 2) return t.charCodeAt(this.strStart) + t.charCodeAt(this.strStart + 1) * 65536;
    return OTHER_KEY;
  }

  /** True when the last string read equals `s`. */
  stringIs(s: string): boolean {
    return this.strEnd - this.strStart === s.length && this.text.startsWith(s, this.strStart);
  }

  /**
   * A JSON integer 0..999999999999999 (at most 15 digits, so exact and safe) → its value; -1 for anything
   * else (a sign, a fraction, an exponent, a leading zero, more digits): JSON.parse + `integer()` decide those.
   */
  uint(): number {
    if (this.ws() === -1) return -1;
    const t = this.text;
    const e = this.end;
    const s = this.pos;
    let p = s;
    let v = 0;
    while (p < e) {
      const c = t.charCodeAt(p);
      if (c < 48 || c > 57) break;
      v = v * 10 + (c - 48);
      p++;
    }
    const n = p - s;
    if (n === 0 || n > 15 || (n > 1 && t.charCodeAt(s) === 48)) return -1;
    if (p < e) {
      const c = t.charCodeAt(p);
      if (c === 46 /* . */ || c === 101 /* e */ || c === 69 /* E */) return -1;
    }
    this.pos = p;
    return v;
  }

  /**
   * A decimal sent as a string ("61800.30") → exactly what `parseDecimal` gives (its fast path: 1..15 digits
   * with at most one dot, the digits divided once by an exact power of ten); NaN for every other string, which
   * `parseDecimal` hands to `Number()` and so the JSON path must decide.
   */
  decimal(): number {
    if (this.ws() !== 34 /* " */) return Number.NaN;
    const t = this.text;
    const e = this.end;
    let p = this.pos + 1;
    let mantissa = 0;
    let digits = 0;
    let fraction = -1;
    for (; p < e; p++) {
      const c = t.charCodeAt(p);
      if (c >= 48 && c <= 57) {
        mantissa = mantissa * 10 + (c - 48);
        digits++;
        if (fraction >= 0) fraction++;
      } else if (c === 46 && fraction < 0) {
        fraction = 0;
      } else break;
    }
    if (p >= e || t.charCodeAt(p) !== 34 || digits === 0 || digits > 15) return Number.NaN;
    this.pos = p + 1;
    return fraction > 0 ? mantissa / (POW10[fraction] as number) : mantissa;
  }

  /** `true` → 1, `false` → 0, anything else → -1. */
  bool(): number {
    const c = this.ws();
    const t = this.text;
    const p = this.pos;
    if (c === 116 /* t */ && p + 4 <= this.end && t.startsWith('true', p)) {
      this.pos = p + 4;
      return 1;
    }
    if (c === 102 /* f */ && p + 5 <= this.end && t.startsWith('false', p)) {
      this.pos = p + 5;
      return 0;
    }
    return -1;
  }

  /** Skips a scalar under a key the codecs ignore: plain string, JSON number, true/false/null. */
  skipScalar(): boolean {
    const c = this.ws();
    if (c === 34) return this.string();
    if (c === 116 || c === 102) return this.bool() >= 0;
    if (c === 110 /* n */) {
      if (this.pos + 4 > this.end || !this.text.startsWith('null', this.pos)) return false;
      this.pos += 4;
      return true;
    }
    return this.skipNumber();
  }

  /** The JSON number grammar `-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?`, strictly. */
  private skipNumber(): boolean {
    const t = this.text;
    const e = this.end;
    let p = this.pos;
    if (p < e && t.charCodeAt(p) === 45 /* - */) p++;
    const intStart = p;
    p = digitsFrom(t, p, e);
    if (p === intStart || (p - intStart > 1 && t.charCodeAt(intStart) === 48)) return false;
    if (p < e && t.charCodeAt(p) === 46) {
      const f = p + 1;
      p = digitsFrom(t, f, e);
      if (p === f) return false;
    }
    if (p < e && (t.charCodeAt(p) === 101 || t.charCodeAt(p) === 69)) {
      p++;
      if (p < e && (t.charCodeAt(p) === 43 || t.charCodeAt(p) === 45)) p++;
      const x = p;
      p = digitsFrom(t, x, e);
      if (p === x) return false;
    }
    this.pos = p;
    return true;
  }
}

function digitsFrom(t: string, from: number, end: number): number {
  let p = from;
  while (p < end) {
    const c = t.charCodeAt(p);
    if (c < 48 || c > 57) break;
    p++;
  }
  return p;
}
