/**
 * `StateHasher`: a 64-bit hash over a canonical encoding of the deterministic state — numbers as IEEE-754
 * float64 words (−0 → 0, one NaN), strings as length + UTF-16 code units — fed in a fixed order by each module.
 * Never JSON of objects: key order is not state. Digest: 16 lowercase hex chars (two 32-bit lanes).
 *
 * Why not FNV-1a 64: byte-at-a-time FNV cost ~4 ms per snapshot on the recorded BTCUSDT book (~9.6k levels);
 * two murmur3 lanes over 32-bit words with Math.imul do the same state in a fraction (bench/symbol-metrics.bench.ts
 * "stateHash" case). Lanes use different seeds and constants so they are independent; fmix32 finalizes each.
 *
 * Large containers (trade windows, book sides) are not fed value by value: each keeps a running digest of its
 * content (running-digest.ts) and feeds its count and two digest words, so a snapshot's hash costs the same with
 * 600 or 60 000 trades in the window (issue 8). The hash is still a pure function of the state: equal content
 * in equal order gives equal words, however the container got there.
 */

const scratch = new Float64Array(1);
const words = new Uint32Array(scratch.buffer);

const SEED1 = 0x9747b28c;
const SEED2 = 0x3c6ef372;

function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export class StateHasher {
  private h1 = SEED1;
  private h2 = SEED2;
  private len = 0;

  reset(): this {
    this.h1 = SEED1;
    this.h2 = SEED2;
    this.len = 0;
    return this;
  }

  /** One 32-bit word into both lanes (murmur3 body step, different constants per lane). */
  word(w: number): void {
    let k = Math.imul(w, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, 0x1b873593);
    let h = this.h1 ^ k;
    h = (h << 13) | (h >>> 19);
    this.h1 = (Math.imul(h, 5) + 0xe6546b64) | 0;

    let j = Math.imul(w, 0x239b961b);
    j = (j << 16) | (j >>> 16);
    j = Math.imul(j, 0xab0e9789);
    let g = this.h2 ^ j;
    g = (g << 17) | (g >>> 15);
    this.h2 = (Math.imul(g, 9) + 0x38b34ae5) | 0;
    this.len++;
  }

  /** One number as its two float64 words; −0 → 0 and every NaN → one NaN so equal values hash equal. */
  num(x: number): this {
    scratch[0] = x === 0 ? 0 : Number.isNaN(x) ? Number.NaN : x;
    this.word(words[0] as number);
    this.word(words[1] as number);
    return this;
  }

  /**
   * `num(a[i]).num(b[i])` for i in [from, to), with the lanes in locals: the same words, faster than the calls
   * (a volume ladder's buckets, every snapshot: bench/RESULTS.md, "window folds"). Past the end of `b` its
   * values are NaN, as `num(b[i])` hashes an absent element.
   */
  numPairs(a: Float64Array, b: Float64Array, from: number, to: number): this {
    let h1 = this.h1;
    let h2 = this.h2;
    for (let i = from; i < to; i++) {
      for (let v = 0; v < 2; v++) {
        const x = v === 0 ? (a[i] as number) : i < b.length ? (b[i] as number) : Number.NaN;
        scratch[0] = x === 0 ? 0 : Number.isNaN(x) ? Number.NaN : x;
        for (let j = 0; j < 2; j++) {
          const w = words[j] as number;
          let k = Math.imul(w, 0xcc9e2d51);
          k = (k << 15) | (k >>> 17);
          k = Math.imul(k, 0x1b873593);
          let h = h1 ^ k;
          h = (h << 13) | (h >>> 19);
          h1 = (Math.imul(h, 5) + 0xe6546b64) | 0;
          let g = Math.imul(w, 0x239b961b);
          g = (g << 16) | (g >>> 16);
          g = Math.imul(g, 0xab0e9789);
          let e = h2 ^ g;
          e = (e << 17) | (e >>> 15);
          h2 = (Math.imul(e, 9) + 0x38b34ae5) | 0;
        }
      }
    }
    this.h1 = h1;
    this.h2 = h2;
    this.len += (to - from) * 4;
    return this;
  }

  bool(b: boolean): this {
    this.word(b ? 0xb1 : 0xb0);
    return this;
  }

  /** null and undefined hash as a tag word distinct from the tag before every present number. */
  maybe(x: number | null | undefined): this {
    if (x === null || x === undefined) this.word(0xfe);
    else {
      this.word(0xfd);
      this.num(x);
    }
    return this;
  }

  str(s: string): this {
    this.word(s.length);
    for (let i = 0; i < s.length; i++) this.word(s.charCodeAt(i));
    return this;
  }

  /** A section tag, so fields of adjacent modules cannot shift into each other. */
  tag(name: string): this {
    return this.str(name);
  }

  digest(): string {
    // Cross the lanes before finalizing so each half depends on both (murmur3 x86_128 style).
    let a = (this.h1 ^ this.len) >>> 0;
    let b = (this.h2 ^ this.len) >>> 0;
    a = (a + b) >>> 0;
    b = (b + a) >>> 0;
    a = fmix32(a);
    b = fmix32(b);
    a = (a + b) >>> 0;
    b = (b + a) >>> 0;
    return a.toString(16).padStart(8, '0') + b.toString(16).padStart(8, '0');
  }
}
