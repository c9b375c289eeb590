/**
 * What every fast payload reader shares: the key codes it switches on, `nextKey` (the object walk) and the
 * readers of a symbol-like string and of a `[["price","qty"],...]` list, with the codecs' rules
 * (../fields.ts). Each returns undefined / -1 where the JSON path must decide.
 */
import type { Level } from '../../../../schema/market-events.js';
import { compactLevels } from './fast-levels.js';
import { type JsonCursor, keyCode } from './json-cursor.js';
import type { StringIntern } from './string-intern.js';

/** A second `e` would change the kind JSON.parse reports (last key wins): never skipped. */
export const K_e = keyCode('e');
export const K_E = keyCode('E');
export const K_T = keyCode('T');
export const K_s = keyCode('s');
export const K_S = keyCode('S');
export const K_U = keyCode('U');
export const K_u = keyCode('u');
export const K_pu = keyCode('pu');
export const K_b = keyCode('b');
export const K_B = keyCode('B');
export const K_a = keyCode('a');
export const K_A = keyCode('A');
export const K_t = keyCode('t');
export const K_p = keyCode('p');
export const K_P = keyCode('P');
export const K_q = keyCode('q');
export const K_m = keyCode('m');
export const K_X = keyCode('X');
export const K_f = keyCode('f');
export const K_l = keyCode('l');
export const K_i = keyCode('i');
export const K_r = keyCode('r');
export const K_o = keyCode('o');
export const K_z = keyCode('z');
export const K_ap = keyCode('ap');
export const K_nq = keyCode('nq');

/**
 * After a value: `,` → the next key's code; `}` → -2 (object done); anything else → -1. The caller reads
 * the value of the returned key.
 */
export function nextKey(c: JsonCursor): number {
  const ch = c.ws();
  c.pos++;
  if (ch === 44 /* , */) return c.key();
  return ch === 125 /* } */ ? -2 : -1;
}

/** A non-empty plain string, interned; undefined otherwise (the codecs' `text()` rejects empty strings). */
export function text(c: JsonCursor, intern: StringIntern): string | undefined {
  if (!c.string() || c.strEnd === c.strStart) return undefined;
  return intern.get(c.text, c.strStart, c.strEnd);
}

/** `[["price","qty"],...]` with price > 0 and qty >= 0 (the codecs' `levels()` rule); undefined otherwise. */
export function levels(c: JsonCursor): Level[] | undefined {
  if (c.ws() !== 91 /* [ */) return undefined;
  const start = c.pos;
  const compact = compactLevels(c);
  if (compact !== undefined) return compact;
  c.pos = start;
  c.pos++;
  const out: Level[] = [];
  if (c.ws() === 93 /* ] */) {
    c.pos++;
    return out;
  }
  for (;;) {
    if (!c.expect(91)) return undefined;
    const price = c.decimal();
    if (!(price > 0) || !c.expect(44)) return undefined;
    const qty = c.decimal();
    if (!(qty >= 0) || !c.expect(93)) return undefined;
    out.push([price, qty]);
    const ch = c.ws();
    c.pos++;
    if (ch === 93) return out;
    if (ch !== 44) return undefined;
  }
}
