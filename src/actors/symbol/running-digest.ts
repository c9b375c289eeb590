/**
 * Running digests: the stateHash contribution of a large container kept up to date as it changes, so a metrics
 * snapshot hashes a trade window or a book in O(1) instead of rescanning it (bench/symbol-metrics.bench.ts,
 * "metrics snapshot, 60 s window at 1000 trades/s": 4.4 ms → see bench/RESULTS.md; "stateHash: 5k-level book").
 *
 * - `recordDigest` maps one record (a few float64 values, canonical as in StateHasher: −0 → 0, one NaN) to two
 *   independent 32-bit lanes (murmur3 body per lane, fmix32), written into `DIGEST` (no object, no boxed return).
 * - `SequenceDigest` is an ordered FIFO's digest: per lane Σ rᵢ·B^(n−1−i) mod 2³², the polynomial rolling hash.
 *   Push, pop-front and rewrite-the-newest are O(1) (B odd, so B⁻¹ exists mod 2³²). It depends on the live
 *   records and their order only, never on history, so a ring restored from a snapshot hashes the same.
 * - `SetDigest` is a keyed set's digest (a book side: one level per price): per lane Σ rᵢ mod 2³², order-free
 *   because the key orders the set canonically.
 * Lanes keep int32 values in Int32Arrays: typed-array stores never allocate, where a double field might.
 */

const scratch = new Float64Array(1);
const words = new Uint32Array(scratch.buffer);

/** Output of `recordDigest`: [lane 1, lane 2]. */
export const DIGEST = new Int32Array(2);

function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0;
}

/** Two lanes of `count` values of `values` from `at` into DIGEST. */
export function recordDigest(values: Float64Array, at: number, count: number): void {
  let h1 = 0x2545f491;
  let h2 = 0x6c8e9cf5;
  for (let i = at; i < at + count; i++) {
    const x = values[i] as number;
    scratch[0] = x === 0 ? 0 : Number.isNaN(x) ? Number.NaN : x;
    for (let j = 0; j < 2; j++) {
      const w = words[j] as number;
      let k = Math.imul(w, 0xcc9e2d51);
      k = (k << 15) | (k >>> 17);
      h1 ^= Math.imul(k, 0x1b873593);
      h1 = (h1 << 13) | (h1 >>> 19);
      h1 = (Math.imul(h1, 5) + 0xe6546b64) | 0;
      let g = Math.imul(w, 0x239b961b);
      g = (g << 16) | (g >>> 16);
      h2 ^= Math.imul(g, 0xab0e9789);
      h2 = (h2 << 17) | (h2 >>> 15);
      h2 = (Math.imul(h2, 9) + 0x38b34ae5) | 0;
    }
  }
  DIGEST[0] = fmix32(h1 ^ count);
  DIGEST[1] = fmix32(h2 ^ count);
}

/** Two values (a book level) into DIGEST, as `recordDigest` of a 2-value record. */
const pair = new Float64Array(2);
export function pairDigest(a: number, b: number): void {
  pair[0] = a;
  pair[1] = b;
  recordDigest(pair, 0, 2);
}

// Odd bases (invertible mod 2³²) and their inverses, by Newton's iteration x ← x·(2 − b·x).
const B1 = 0x01000193;
const B2 = 0x5bd1e995;
function inverse(b: number): number {
  let x = b;
  for (let i = 0; i < 5; i++) x = Math.imul(x, 2 - Math.imul(b, x));
  return x | 0;
}
const B1_INV = inverse(B1);
const B2_INV = inverse(B2);

const H1 = 0;
const H2 = 1;
const P1 = 2;
const P2 = 3;

export class SequenceDigest {
  /** h1, h2 (the sums), p1, p2 (B^n per lane). */
  private readonly s = new Int32Array(4);

  constructor() {
    this.clear();
  }

  clear(): void {
    this.s[H1] = 0;
    this.s[H2] = 0;
    this.s[P1] = 1;
    this.s[P2] = 1;
  }

  get lane1(): number {
    return this.s[H1] as number;
  }

  get lane2(): number {
    return this.s[H2] as number;
  }

  /** Appends a record whose lanes are r1, r2. */
  push(r1: number, r2: number): void {
    const s = this.s;
    s[H1] = Math.imul(s[H1] as number, B1) + r1;
    s[H2] = Math.imul(s[H2] as number, B2) + r2;
    s[P1] = Math.imul(s[P1] as number, B1);
    s[P2] = Math.imul(s[P2] as number, B2);
  }

  /** Removes the oldest record (lanes r1, r2): its weight is B^(n−1). */
  popFront(r1: number, r2: number): void {
    const s = this.s;
    const p1 = Math.imul(s[P1] as number, B1_INV);
    const p2 = Math.imul(s[P2] as number, B2_INV);
    s[P1] = p1;
    s[P2] = p2;
    s[H1] = (s[H1] as number) - Math.imul(r1, p1);
    s[H2] = (s[H2] as number) - Math.imul(r2, p2);
  }

  /** The newest record changed from lanes (o1, o2) to (r1, r2): its weight is B⁰ = 1. */
  replaceLast(o1: number, o2: number, r1: number, r2: number): void {
    const s = this.s;
    s[H1] = (s[H1] as number) - o1 + r1;
    s[H2] = (s[H2] as number) - o2 + r2;
  }
}

export class SetDigest {
  private readonly s = new Int32Array(2);

  clear(): void {
    this.s[0] = 0;
    this.s[1] = 0;
  }

  get lane1(): number {
    return this.s[0] as number;
  }

  get lane2(): number {
    return this.s[1] as number;
  }

  /** Adds (sign 1) or removes (sign −1) the member whose lanes are in DIGEST. */
  apply(sign: number): void {
    const s = this.s;
    s[0] = (s[0] as number) + sign * (DIGEST[0] as number);
    s[1] = (s[1] as number) + sign * (DIGEST[1] as number);
  }
}
