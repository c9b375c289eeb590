/**
 * `openTape(path, options)`: a tape opened for replay, its first frames already read so the format is known
 * before the caller sets up its pipeline (ours and foreign recordings need different ingest settings), then
 * the whole file as batches of frames. `empty` is true for a file with no frame; the caller owns that error.
 */
import { readTape } from './read-tape.js';
import type { ReadTapeOptions, TapeFormat, TapeFrame } from './tape-frame.js';

export interface OpenedTape {
  format: TapeFormat | undefined;
  empty: boolean;
  batches: AsyncIterable<TapeFrame[]>;
}

export async function openTape(path: string, options?: ReadTapeOptions): Promise<OpenedTape> {
  const reader = readTape(path, options);
  const it = reader.batches();
  let first = await it.next();
  while (!first.done && first.value.length === 0) first = await it.next();
  const head = first.done ? undefined : first.value;
  const batches = (async function* () {
    if (head === undefined) return;
    yield head;
    for (let r = await it.next(); !r.done; r = await it.next()) yield r.value;
  })();
  return { format: reader.stats.format, empty: head === undefined, batches };
}
