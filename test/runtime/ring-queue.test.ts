import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RingQueue } from '../../src/runtime/ring-queue.js';

test('RingQueue keeps FIFO order across wrap-around and growth', () => {
  const q = new RingQueue<number>(4);
  const model: number[] = [];
  let next = 0;
  // A pseudo-random mix of pushes and shifts, checked against an array after every step.
  let seed = 7;
  for (let step = 0; step < 2_000; step++) {
    seed = (seed * 1_103_515_245 + 12_345) & 0x7fffffff;
    if (seed % 3 !== 0 || model.length === 0) {
      q.push(next);
      model.push(next++);
    } else assert.equal(q.shift(), model.shift());
    assert.equal(q.length, model.length);
    assert.equal(q.peek(), model[0]);
    assert.equal(q.at(model.length - 1), model[model.length - 1]);
  }
  assert.deepEqual(q.toArray(), model);
  assert.deepEqual([...q], model);
  assert.equal(q.at(-1), undefined);
  assert.equal(q.at(model.length), undefined);
  q.clear();
  assert.equal(q.length, 0);
  assert.equal(q.shift(), undefined);
});
