/**
 * The channel codec as it was before the fixed market layouts: msgpackr alone with the schema's shared
 * structures. Benches compare the production FrameCodec against it.
 */
import { Packr, Unpackr } from 'msgpackr';
import { sharedStructures } from '../../src/schema/shared-structures.js';

export interface MsgpackrOnly {
  encode(message: unknown): Uint8Array;
  decode(bytes: Uint8Array): unknown;
}

export function msgpackrOnly(): MsgpackrOnly {
  const options = (structures: string[][]) => ({
    structures,
    maxSharedStructures: structures.length,
    useRecords: true,
  });
  const packr = new Packr(options(sharedStructures()));
  const unpackr = new Unpackr(options(sharedStructures()));
  return { encode: (m) => packr.pack(m), decode: (b) => unpackr.unpack(b) };
}
