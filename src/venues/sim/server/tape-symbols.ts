/**
 * Finds which symbols a set of tapes carries by reading their first frames, so replay mode can list them in
 * exchangeInfo before the replay reaches them. Bounded: a few thousand frames per file.
 */
import { TapelineError, errorMessage } from '../../../runtime/errors.js';
import { readTape } from '../../tape/read-tape.js';

const SCAN_FRAMES = 5_000;

export async function tapeSymbols(paths: string[]): Promise<string[]> {
  const found = new Set<string>();
  for (const path of paths) {
    let n = 0;
    try {
      for await (const frame of readTape(path)) {
        const data = frame.data as { s?: unknown; o?: { s?: unknown } } | undefined;
        const s = typeof data?.s === 'string' ? data.s : typeof data?.o?.s === 'string' ? data.o.s : undefined;
        if (s) found.add(s.toUpperCase());
        else if (frame.stream) found.add((frame.stream.split('@')[0] ?? '').toUpperCase());
        if (++n >= SCAN_FRAMES) break;
      }
    } catch (err) {
      throw new TapelineError('TL_SIM_TAPE_FAILED', `tape ${path} cannot be replayed: ${errorMessage(err)}`, {
        cause: err,
      });
    }
  }
  found.delete('');
  if (found.size === 0)
    throw new TapelineError('TL_SIM_TAPE_FAILED', `no symbol found in the first frames of ${paths.join(', ')}`);
  return [...found].sort();
}
