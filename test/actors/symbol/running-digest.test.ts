/**
 * Running digests (issue 8): a TimeRing's and a BookSide's stateHash contribution, kept up to date per change,
 * must equal that of a container rebuilt from the same live content — whatever the history (pushes, evictions,
 * rewrites of the newest record, growth, clear, hashes taken in between) — and must change when the content or its
 * order changes.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { BookSide } from '../../../src/actors/symbol/book/book-side.js';
import { StateHasher } from '../../../src/actors/symbol/state-hash.js';
import { TimeRing, type TimeRingData } from '../../../src/actors/symbol/time-ring.js';

function ringHash(r: TimeRing): string {
  const h = new StateHasher();
  r.hashInto(h);
  return h.digest();
}

function sideHash(s: BookSide): string {
  const h = new StateHasher();
  s.hashInto(h);
  return h.digest();
}

/** The live records, read back one by one. */
function live(r: TimeRing): number[] {
  const out: number[] = [];
  for (let i = 0; i < r.size; i++) for (let c = 0; c < r.stride; c++) out.push(r.get(i, c));
  return out;
}

/** A ring holding `records` (flattened, stride 4), built by plain pushes into a fresh ring. */
function fresh(records: number[]): TimeRing {
  const r = new TimeRing(4, 2);
  for (let i = 0; i < records.length; i += 4) r.push4(records[i]!, records[i + 1]!, records[i + 2]!, records[i + 3]!);
  return r;
}

const op = fc.oneof(
  fc.record({
    kind: fc.constant('push' as const),
    dt: fc.nat(3),
    px: fc.integer({ min: 1, max: 9 }),
    qty: fc.double({ min: -2, max: 2, noNaN: true }),
  }),
  fc.record({ kind: fc.constant('evict' as const), back: fc.nat(6) }),
  fc.record({
    kind: fc.constant('setLast' as const),
    col: fc.integer({ min: 1, max: 3 }),
    value: fc.double({ noNaN: false }),
  }),
  fc.constant({ kind: 'drop' as const }),
  fc.constant({ kind: 'clear' as const }),
  // A snapshot in between: the records pushed so far get digested (TimeRing digests lazily, at hashInto).
  fc.constant({ kind: 'hash' as const }),
);

test('TimeRing: the running digest depends on the live records only (any history, growth, restore)', () => {
  fc.assert(
    fc.property(fc.array(op, { maxLength: 300 }), (ops) => {
      const ring = new TimeRing(4, 2);
      let t = 1_000;
      for (const o of ops) {
        if (o.kind === 'push') {
          t += o.dt;
          ring.push4(t, o.px, o.qty, o.qty >= 0 ? 1 : -1);
        } else if (o.kind === 'evict') ring.evictThrough(t - o.back);
        else if (o.kind === 'setLast' && ring.size > 0) ring.setLast(o.col, o.value);
        else if (o.kind === 'drop') ring.dropOldest();
        else if (o.kind === 'clear') ring.clear();
        else if (o.kind === 'hash') ringHash(ring);
      }
      const records = live(ring);
      const expected = ringHash(fresh(records));
      assert.equal(ringHash(ring), expected);
      const restored = TimeRing.fromData(JSON.parse(JSON.stringify(ring.toData())) as TimeRingData);
      assert.deepEqual(live(restored), records);
      assert.equal(ringHash(restored), expected);
    }),
    { numRuns: 300 },
  );
});

test('TimeRing: a changed value, a swapped pair or a different count changes the digest; −0 equals 0', () => {
  const base = [1, 100, 1, 1, 2, 101, 2, -1, 3, 102, 0.5, 1];
  const h = ringHash(fresh(base));
  const changed = base.slice();
  changed[6] = 2 + Number.EPSILON * 2;
  assert.notEqual(ringHash(fresh(changed)), h);
  const swapped = [...base.slice(4, 8), ...base.slice(0, 4), ...base.slice(8)];
  assert.notEqual(ringHash(fresh(swapped)), h);
  assert.notEqual(ringHash(fresh(base.slice(4))), h);
  assert.equal(ringHash(fresh([1, 0, 1, 1])), ringHash(fresh([1, -0, 1, 1])));
});

test('TimeRing: snapshots written before the f64 form (records as numbers) still restore', () => {
  const ring = TimeRing.fromData({ stride: 4, f64: '', records: [1, 100, 1, 1, 2, 101, 2, -1] });
  assert.deepEqual(live(ring), [1, 100, 1, 1, 2, 101, 2, -1]);
  assert.equal(ringHash(ring), ringHash(fresh([1, 100, 1, 1, 2, 101, 2, -1])));
});

test('BookSide: the running digest equals that of the same levels loaded afresh', () => {
  fc.assert(
    fc.property(
      fc.array(fc.tuple(fc.integer({ min: 1, max: 40 }), fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 5 }))), {
        maxLength: 400,
      }),
      (sets) => {
        const side = new BookSide(true, 2);
        for (const [p, q] of sets) side.set(p / 2, q);
        const again = new BookSide(true);
        again.loadFlat(side.toFlat());
        assert.equal(sideHash(side), sideHash(again));
      },
    ),
    { numRuns: 300 },
  );
});

test('BookSide: one changed quantity or a missing level changes the digest', () => {
  const a = new BookSide(false);
  a.load([
    [10, 1],
    [11, 2],
    [12, 3],
  ]);
  const h = sideHash(a);
  a.set(11, 2.5);
  assert.notEqual(sideHash(a), h);
  a.set(11, 2);
  assert.equal(sideHash(a), h);
  a.set(12, 0);
  assert.notEqual(sideHash(a), h);
});
