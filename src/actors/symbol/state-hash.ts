/**
 * `StateHasher`: FNV-1a 64 over a canonical byte encoding of the deterministic state — numbers as IEEE-754
 * float64 in platform byte order (little-endian on every target we run), −0 and NaN normalized; strings as
 * length + UTF-16 code units — fed in a fixed order
 * by each module. Never JSON of objects: key order is not state. Digest: 16 lowercase hex chars.
 */

// FNV-1a 64 in two uint32 halves: prime = 2^40 + 0x1b3, so h·prime = h·0x1b3 + (lo << 40).
const OFFSET_HI = 0xcbf29ce4;
const OFFSET_LO = 0x84222325;

const scratch = new Float64Array(1);
const scratchBytes = new Uint8Array(scratch.buffer);

export class StateHasher {
  private hi = OFFSET_HI;
  private lo = OFFSET_LO;

  reset(): this {
    this.hi = OFFSET_HI;
    this.lo = OFFSET_LO;
    return this;
  }

  byte(b: number): void {
    const lo = (this.lo ^ b) >>> 0;
    const loMul = lo * 0x1b3; // < 2^41: exact in a double
    const carry = Math.floor(loMul / 4294967296);
    this.lo = loMul >>> 0;
    this.hi = (this.hi * 0x1b3 + carry + ((lo << 8) >>> 0)) >>> 0;
  }

  /** One number as 8 bytes; −0 → 0 and every NaN → one NaN so equal values hash equal. */
  num(x: number): this {
    scratch[0] = x === 0 ? 0 : Number.isNaN(x) ? Number.NaN : x;
    for (let i = 0; i < 8; i++) this.byte(scratchBytes[i] as number);
    return this;
  }

  bool(b: boolean): this {
    this.byte(b ? 1 : 0);
    return this;
  }

  /** null and undefined hash as a tag distinct from every number. */
  maybe(x: number | null | undefined): this {
    if (x === null || x === undefined) this.byte(0xfe);
    else {
      this.byte(0xfd);
      this.num(x);
    }
    return this;
  }

  str(s: string): this {
    this.num(s.length);
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      this.byte(c & 0xff);
      this.byte(c >>> 8);
    }
    return this;
  }

  /** A section tag, so fields of adjacent modules cannot shift into each other. */
  tag(name: string): this {
    return this.str(name);
  }

  digest(): string {
    return this.hi.toString(16).padStart(8, '0') + this.lo.toString(16).padStart(8, '0');
  }
}

/** Plain FNV-1a 64 of bytes (checks the implementation against the published test vectors). */
export function fnv1a64(bytes: Uint8Array): string {
  const h = new StateHasher();
  for (const b of bytes) h.byte(b);
  return h.digest();
}
