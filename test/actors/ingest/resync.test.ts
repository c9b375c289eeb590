/**
 * `resync` (asked by the supervisor when a symbol actor sees a book gap that ingest did not, e.g. its
 * drop-oldest mailbox lost a diff): that symbol's book resets and resyncs from a new snapshot, through a control
 * frame so a replay does the same; other symbols are untouched.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { encodeControlFrame } from '../../../src/actors/ingest/control-frames.js';
import { depth, depthUrl, harness, snapshot } from './frames.js';

test('a resync control frame resets only that symbol and asks for a new snapshot', () => {
  const h = harness();
  h.pipeline.onWsFrame(depth('BTCUSDT', 10, 20, 5), 1);
  h.pipeline.onRestReply(depthUrl('BTCUSDT'), snapshot(15), 2);
  h.pipeline.onWsFrame(depth('ETHUSDT', 10, 20, 5), 1);
  h.pipeline.onRestReply(depthUrl('ETHUSDT'), snapshot(15), 2);
  h.pipeline.onWsFrame(encodeControlFrame('resync', ['BTCUSDT']), 3);
  assert.deepEqual(h.trace('BTCUSDT'), ['snap:15', 'diff:10-20', 'reset']);
  assert.deepEqual(h.trace('ETHUSDT'), ['snap:15', 'diff:10-20']);
  h.pipeline.onWsFrame(depth('BTCUSDT', 21, 25, 20), 4);
  assert.deepEqual(h.requests.at(-1), { kind: 'depthSnapshot', symbol: 'BTCUSDT' });
  h.pipeline.onRestReply(depthUrl('BTCUSDT'), snapshot(22), 5);
  assert.deepEqual(h.trace('BTCUSDT').slice(-2), ['snap:22', 'diff:21-25']);
  assert.equal(h.pipeline.health('BTCUSDT')!.book.resyncs, 1);
  assert.equal(h.pipeline.health('ETHUSDT')!.book.resyncs, 0);
});
