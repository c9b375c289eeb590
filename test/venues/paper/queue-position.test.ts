/**
 * Queue-position vectors worked out by hand (docs/fill-model.md has the equations): trades at the price,
 * decreases ahead and behind under the power-law split, growth joining behind, partial fills.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { QueueEstimator } from '../../../src/venues/paper/queue-position.js';

const close = (a: number, b: number, what: string): void => assert.ok(Math.abs(a - b) < 1e-9, `${what}: ${a} != ${b}`);

test('risk-averse: only trades advance; a shrinking level caps the queue; overshoot fills, partially then fully', () => {
  const m = new QueueEstimator('risk-averse');
  const q = { ahead: 5000, tradedSinceDepth: 0 };
  assert.equal(m.trade(q, 3000, 1000), 0);
  assert.equal(q.ahead, 2000);
  m.depth(q, 5000, 4000); // a cancel somewhere: cannot tell where, so nothing moves
  assert.equal(q.ahead, 2000);
  m.depth(q, 4000, 1500); // the level is now smaller than what we thought was ahead
  assert.equal(q.ahead, 1500);
  m.depth(q, 1500, 9000); // growth joins behind
  assert.equal(q.ahead, 1500);
  assert.equal(m.trade(q, 2000, 1000), 500, 'the trade eats 1500 ahead, 500 of ours');
  assert.equal(q.ahead, 0);
  assert.equal(m.trade(q, 700, 500), 500, 'next trade fills the rest (capped at what is left)');
});

test('probabilistic, n=3: a cancel is split by back^3/(back^3+front^3); trades already in the diff are not counted twice', () => {
  const m = new QueueEstimator('probabilistic', 3);
  // front 2000, back 3000, a 1000-lot decrease: 8/35 of it is ahead of us.
  const q = { ahead: 2000, tradedSinceDepth: 0 };
  m.depth(q, 5000, 4000);
  close(q.ahead, 2000 - (1000 * 8) / 35, 'front after the cancel');
  // A trade of 1800 leaves 28.57 lots of overshoot: 28 whole lots fill.
  assert.equal(m.trade(q, 1800, 1000), 28);
  assert.equal(q.ahead, 0);

  // The diff that follows a trade of 3000 shows the level 3500 lower: only 500 of it is a cancel.
  const r = { ahead: 4000, tradedSinceDepth: 0 };
  assert.equal(m.trade(r, 3000, 1000), 0);
  m.depth(r, 6000, 2500);
  // front 1000, back 5000, chg 500: behind share 125/126.
  close(r.ahead, 1000 - 500 / 126, 'front after trade + cancel');
});

test('probabilistic: a decrease larger than what is behind takes the overflow from the front', () => {
  const m = new QueueEstimator('probabilistic', 3);
  // front 100, back 500, chg 550: behind share 125/126; 550·125/126 exceeds the 500 behind.
  // est = 100 − 550/126 + (500 − 550·125/126) = 600 − 550 = 50.
  const q = { ahead: 100, tradedSinceDepth: 0 };
  m.depth(q, 600, 50);
  close(q.ahead, 50, 'front');
  // Decreases far behind a small front barely move it.
  const r = { ahead: 100, tradedSinceDepth: 0 };
  m.depth(r, 3100, 2100);
  close(r.ahead, 100 - 1000 / 27001, 'small front');
  // An increase never moves the front.
  m.depth(r, 2100, 8000);
  close(r.ahead, 100 - 1000 / 27001, 'after growth');
});

test('a trade smaller than a lot past the queue fills nothing and leaves the order at the front', () => {
  const m = new QueueEstimator('probabilistic', 3);
  const q = { ahead: 10.4, tradedSinceDepth: 0 };
  assert.equal(m.trade(q, 11, 5), 0);
  assert.equal(q.ahead, 0);
  assert.equal(m.trade(q, 3, 5), 3);
});
