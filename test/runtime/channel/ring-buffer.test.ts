/**
 * The SAB ring: order preserved across wrap-around for any frame sizes (property test), drop-oldest keeps
 * the newest frames and counts the rest, never-drop refuses instead of overwriting, oversized frames fail.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { RingBuffer } from '../../../src/runtime/channel/ring-buffer.js';

function frame(id: number, size: number): Uint8Array {
  const f = new Uint8Array(Math.max(4, size));
  new DataView(f.buffer).setUint32(0, id);
  for (let i = 4; i < f.length; i++) f[i] = (id + i) & 0xff;
  return f;
}

function idOf(buf: Uint8Array, len: number): number {
  assert.ok(len >= 4);
  const id = new DataView(buf.buffer, buf.byteOffset).getUint32(0);
  for (let i = 4; i < len; i++) assert.equal(buf[i], (id + i) & 0xff, `frame ${id} byte ${i} intact`);
  return id;
}

test('frames come out in order and intact across wrap-around (property)', () => {
  fc.assert(
    fc.property(
      fc.array(fc.tuple(fc.integer({ min: 4, max: 250 }), fc.integer({ min: 0, max: 3 })), {
        minLength: 1,
        maxLength: 400,
      }),
      (ops) => {
        const ring = RingBuffer.create(1024);
        const scratch = new Uint8Array(ring.maxFrame);
        let next = 0;
        let expect = 0;
        for (const [size, reads] of ops) {
          if (ring.write(frame(next, Math.min(size, ring.maxFrame)), false)) next++;
          for (let r = 0; r < reads; r++) {
            const len = ring.read(scratch);
            if (len < 0) break;
            assert.equal(idOf(scratch, len), expect++);
          }
        }
        for (let len = ring.read(scratch); len >= 0; len = ring.read(scratch))
          assert.equal(idOf(scratch, len), expect++);
        assert.equal(expect, next);
        assert.equal(ring.depth(), 0);
      },
    ),
    { numRuns: 300 },
  );
});

test('drop-oldest keeps the newest frames and counts every drop', () => {
  const ring = RingBuffer.create(1024);
  const scratch = new Uint8Array(ring.maxFrame);
  for (let i = 0; i < 500; i++) assert.equal(ring.write(frame(i, 60), true), true);
  const depth = ring.depth();
  assert.equal(ring.dropped() + depth, 500);
  assert.ok(ring.dropped() > 0);
  const ids: number[] = [];
  for (let len = ring.read(scratch); len >= 0; len = ring.read(scratch)) ids.push(idOf(scratch, len));
  assert.equal(ids.length, depth);
  assert.equal(ids.at(-1), 499, 'newest kept');
  assert.deepEqual(
    ids,
    ids.slice().sort((a, b) => a - b),
    'still in order',
  );
});

test('never-drop refuses when full and loses nothing', () => {
  const ring = RingBuffer.create(1024);
  const scratch = new Uint8Array(ring.maxFrame);
  let written = 0;
  while (ring.write(frame(written, 100), false)) written++;
  assert.ok(written > 0 && written < 20);
  assert.equal(ring.dropped(), 0);
  assert.equal(ring.depth(), written);
  const len = ring.read(scratch);
  assert.equal(idOf(scratch, len), 0);
  assert.equal(ring.write(frame(written, 100), false), true, 'space again after a read');
});

test('an oversized frame is a clear error, not a corrupt ring', () => {
  const ring = RingBuffer.create(1024);
  assert.throws(() => ring.write(new Uint8Array(ring.maxFrame + 1), true), { code: 'TL_CHANNEL_FRAME_TOO_LARGE' });
  assert.equal(ring.depth(), 0);
});

test('a second view on the same buffer (a restarted consumer) continues where the first stopped', () => {
  const ring = RingBuffer.create(2048);
  const scratch = new Uint8Array(ring.maxFrame);
  for (let i = 0; i < 10; i++) ring.write(frame(i, 40), false);
  for (let i = 0; i < 4; i++) assert.equal(idOf(scratch, ring.read(scratch)), i);
  const reattached = new RingBuffer(ring.sab);
  for (let i = 4; i < 10; i++) assert.equal(idOf(scratch, reattached.read(scratch)), i);
  assert.equal(reattached.read(scratch), -1);
});

test('hasFrames tells an empty ring from one with a frame, through writes, reads and drops', () => {
  const ring = RingBuffer.create(1024);
  const scratch = new Uint8Array(ring.maxFrame);
  assert.equal(ring.hasFrames(), false);
  ring.write(new Uint8Array([1, 2, 3]), false);
  assert.equal(ring.hasFrames(), true);
  ring.write(new Uint8Array([4]), false);
  ring.read(scratch);
  assert.equal(ring.hasFrames(), true, 'one frame still waits');
  ring.read(scratch);
  assert.equal(ring.hasFrames(), false);
  // Fill with drop-oldest until frames are dropped: still exactly as many reads as hasFrames says.
  for (let i = 0; i < 100; i++) ring.write(new Uint8Array(40).fill(i), true);
  assert.ok(ring.dropped() > 0);
  let reads = 0;
  while (ring.hasFrames()) {
    assert.ok(ring.read(scratch) >= 0);
    reads++;
  }
  assert.equal(ring.read(scratch), -1);
  assert.equal(reads, 100 - ring.dropped());
});
