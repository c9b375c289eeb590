/**
 * msgpackr encoding of channel frames with the schema's shared structures. One codec per channel end: a
 * Packr reuses its output buffer, so `encode` returns bytes valid only until the next call (the ring copies).
 */
import { Packr, Unpackr } from 'msgpackr';
import { sharedStructures } from '../../schema/shared-structures.js';

export class FrameCodec {
  private readonly packr: Packr;
  private readonly unpackr: Unpackr;

  constructor() {
    const structures = sharedStructures();
    // maxSharedStructures = the schema's count: unknown shapes are written inline instead of being added to a
    // list the other thread would not know about.
    this.packr = new Packr({ structures, maxSharedStructures: structures.length, useRecords: true });
    const theirs = sharedStructures();
    this.unpackr = new Unpackr({ structures: theirs, maxSharedStructures: theirs.length, useRecords: true });
  }

  encode(message: unknown): Uint8Array {
    return this.packr.pack(message);
  }

  decode(bytes: Uint8Array): unknown {
    return this.unpackr.unpack(bytes);
  }
}
