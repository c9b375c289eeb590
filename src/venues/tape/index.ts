/**
 * Tapes: reading every supported recording format as one stream of `TapeFrame`s, merging several in
 * receive-time order, and writing our own format (docs/contract.md, logs and tapes).
 */
export { mergeTapeBatches, mergeTapes } from './merge-tapes.js';
export { type OpenedTape, openTape } from './open-tape.js';
export { detectFormat, readTape, TapeReader } from './read-tape.js';
export {
  makeFrame,
  type ReadTapeOptions,
  type TapeFormat,
  type TapeFrame,
  TapeMalformedError,
  type TapeReadStats,
} from './tape-frame.js';
export { encodeRestLine, encodeWsLine, TAPE_FORMAT_VERSION } from './tape-format.js';
export { TapeWriter, type TapeWriterOptions } from './tape-writer.js';
