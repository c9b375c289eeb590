/**
 * `mergeTapes(paths)`: the frames of several tapes as one stream in receive-time order, for replaying a
 * session recorded in several files (per symbol, or a day split in two). Stable: frames of one file keep their
 * file order even where its own timestamps go backwards (cryptofeed's do, by µs), and ties go to the earlier
 * path. A linear scan of the heads: tapes per merge are few (one per symbol), a heap would not pay off.
 */
import { readTape } from './read-tape.js';
import type { ReadTapeOptions, TapeFrame } from './tape-frame.js';

export async function* mergeTapes(
  sources: ReadonlyArray<string | AsyncIterable<TapeFrame>>,
  options?: ReadTapeOptions,
): AsyncGenerator<TapeFrame> {
  const iterators = sources.map((s) => (typeof s === 'string' ? readTape(s, options) : s)[Symbol.asyncIterator]());
  const heads: Array<TapeFrame | undefined> = [];
  let live = 0;
  try {
    for (const it of iterators) {
      const r = await it.next();
      heads.push(r.done ? undefined : r.value);
      if (!r.done) live++;
    }
    while (live > 0) {
      let best = -1;
      let bestTs = Number.POSITIVE_INFINITY;
      for (let i = 0; i < heads.length; i++) {
        const h = heads[i];
        // Strict `<` keeps the earliest source on ties: that is the stability rule.
        if (h !== undefined && (best < 0 || h.recvTsMs < bestTs)) {
          best = i;
          bestTs = h.recvTsMs;
        }
      }
      const frame = heads[best] as TapeFrame;
      const r = await (iterators[best] as AsyncIterator<TapeFrame>).next();
      heads[best] = r.done ? undefined : r.value;
      if (r.done) live--;
      yield frame;
    }
  } finally {
    // Early exit by the consumer: close the files still open.
    await Promise.all(iterators.map((it, i) => (heads[i] !== undefined ? it.return?.() : undefined)));
  }
}

/**
 * `mergeTapes` over batches (`TapeReader.batches()`): the same order and stability rules, yielded as arrays
 * so the consumer loops over frames without an async step per frame. One source passes through untouched.
 */
export async function* mergeTapeBatches(
  sources: ReadonlyArray<AsyncIterable<TapeFrame[]>>,
): AsyncGenerator<TapeFrame[]> {
  if (sources.length === 1) {
    yield* sources[0] as AsyncIterable<TapeFrame[]>;
    return;
  }
  const iterators = sources.map((s) => s[Symbol.asyncIterator]());
  const batches: Array<TapeFrame[] | undefined> = [];
  const at: number[] = [];
  /** Next non-empty batch of source i, or undefined when it is done. */
  const refill = async (i: number): Promise<void> => {
    let r = await (iterators[i] as AsyncIterator<TapeFrame[]>).next();
    while (!r.done && r.value.length === 0) r = await (iterators[i] as AsyncIterator<TapeFrame[]>).next();
    batches[i] = r.done ? undefined : r.value;
    at[i] = 0;
  };
  try {
    for (let i = 0; i < iterators.length; i++) await refill(i);
    let out: TapeFrame[] = [];
    for (;;) {
      let best = -1;
      let bestTs = Number.POSITIVE_INFINITY;
      for (let i = 0; i < batches.length; i++) {
        const b = batches[i];
        if (b === undefined) continue;
        const ts = (b[at[i] as number] as TapeFrame).recvTsMs;
        // Strict `<` keeps the earliest source on ties: that is the stability rule.
        if (best < 0 || ts < bestTs) {
          best = i;
          bestTs = ts;
        }
      }
      if (best < 0) break;
      const b = batches[best] as TapeFrame[];
      out.push(b[at[best] as number] as TapeFrame);
      at[best] = (at[best] as number) + 1;
      if ((at[best] as number) === b.length) {
        // Hand over what is merged before waiting on this source's next batch.
        yield out;
        out = [];
        await refill(best);
      }
    }
    if (out.length > 0) yield out;
  } finally {
    await Promise.all(iterators.map((it, i) => (batches[i] !== undefined ? it.return?.() : undefined)));
  }
}
