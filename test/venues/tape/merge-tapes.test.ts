/**
 * mergeTapes: receive-time order across sources, stability (ties to the earlier source, a source's own
 * order kept even where its clock steps back), file paths and iterables mixed, and early exit closing every
 * source.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { makeFrame, mergeTapes, TapeWriter } from '../../../src/venues/tape/index.js';
import type { TapeFrame } from '../../../src/venues/tape/index.js';
import { tempDir } from './tmp-files.js';
import { join } from 'node:path';

function frames(source: string, times: number[]): TapeFrame[] {
  return times.map((t, i) => makeFrame(t, 'ws', `${source}#${i}`, undefined, null, '', source));
}

async function* iterate(list: TapeFrame[], closed?: string[]): AsyncGenerator<TapeFrame> {
  try {
    for (const f of list) yield f;
  } finally {
    closed?.push(list[0]?.source ?? '');
  }
}

async function order(sources: Array<string | AsyncIterable<TapeFrame>>): Promise<string[]> {
  const out: string[] = [];
  for await (const f of mergeTapes(sources)) out.push(f.stream as string);
  return out;
}

test('frames come out in receive-time order; ties go to the earlier source', async () => {
  const a = frames('a', [1, 3, 5, 5]);
  const b = frames('b', [2, 3, 5, 6]);
  assert.deepEqual(await order([iterate(a), iterate(b)]), ['a#0', 'b#0', 'a#1', 'b#1', 'a#2', 'a#3', 'b#2', 'b#3']);
});

test("a source's own order is kept where its timestamps step back", async () => {
  const a = frames('a', [1, 4, 2, 5]);
  const b = frames('b', [3]);
  assert.deepEqual(await order([iterate(a), iterate(b)]), ['a#0', 'b#0', 'a#1', 'a#2', 'a#3']);
});

test('empty sources, file paths and iterables mix', async (t) => {
  const path = join(tempDir(t), 'x.ndjson');
  const w = new TapeWriter(path);
  w.writeWs(2.5, 'file', '{}');
  w.close();
  assert.deepEqual(await order([iterate([]), path, iterate(frames('b', [1, 3]))]), ['b#0', 'file', 'b#1']);
});

test('stopping early closes every source', async () => {
  const closed: string[] = [];
  const merged = mergeTapes([iterate(frames('a', [1, 2, 3]), closed), iterate(frames('b', [1, 2, 3]), closed)]);
  for await (const f of merged) {
    if (f.recvTsMs === 2) break;
  }
  assert.deepEqual(closed.sort(), ['a', 'b']);
});
