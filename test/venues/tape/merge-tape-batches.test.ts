/**
 * mergeTapeBatches gives exactly mergeTapes' order (receive time, ties and clock steps back kept per source)
 * however the sources are cut into batches, empty batches included; stopping early closes every source.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { makeFrame, mergeTapeBatches, mergeTapes } from '../../../src/venues/tape/index.js';
import type { TapeFrame } from '../../../src/venues/tape/index.js';

async function* iterate<T>(list: T[], closed?: number[], id = 0): AsyncGenerator<T> {
  try {
    for (const x of list) yield x;
  } finally {
    closed?.push(id);
  }
}

/** `frames` cut at the given sizes (0 = an empty batch), the rest in one last batch. */
function cut(frames: TapeFrame[], sizes: number[]): TapeFrame[][] {
  const out: TapeFrame[][] = [];
  let at = 0;
  for (const n of sizes) {
    if (at >= frames.length) break;
    out.push(frames.slice(at, at + n));
    at += n;
  }
  if (at < frames.length) out.push(frames.slice(at));
  return out;
}

test('mergeTapeBatches equals mergeTapes for any cut into batches', async () => {
  const source = fc.tuple(
    fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 30 }),
    fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 12 }),
  );
  await fc.assert(
    fc.asyncProperty(fc.array(source, { minLength: 1, maxLength: 4 }), async (sources) => {
      const lists = sources.map(([times], s) =>
        times.map((t, i) => makeFrame(t, 'ws', `${s}#${i}`, undefined, null, '', String(s))),
      );
      const expected: string[] = [];
      for await (const f of mergeTapes(lists.map((l) => iterate(l)))) expected.push(f.stream as string);
      const got: string[] = [];
      const batched = lists.map((l, s) => iterate(cut(l, (sources[s] as [number[], number[]])[1])));
      for await (const batch of mergeTapeBatches(batched)) for (const f of batch) got.push(f.stream as string);
      assert.deepEqual(got, expected);
    }),
    { numRuns: 500 },
  );
});

test('stopping a batch merge early closes every source still open', async () => {
  const closed: number[] = [];
  const a = [makeFrame(1, 'ws', 'a', undefined, null, '', 'a'), makeFrame(3, 'ws', 'a', undefined, null, '', 'a')];
  const b = [makeFrame(2, 'ws', 'b', undefined, null, '', 'b')];
  const merged = mergeTapeBatches([iterate([a], closed, 1), iterate([b, b], closed, 2)]);
  for await (const batch of merged) {
    assert.ok(batch.length > 0);
    break;
  }
  assert.deepEqual(closed.sort(), [1, 2]);
});
