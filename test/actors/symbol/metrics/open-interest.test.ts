/** Open interest: latest value, change against the newest sample at least lookbackMs older, stale samples. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { OpenInterest } from '../../../../src/actors/symbol/metrics/open-interest.js';

test('no sample: all null', () => {
  assert.deepEqual(new OpenInterest(300_000).figures(), {
    value: null,
    change: null,
    changePct: null,
    ts: null,
    quadrant: null,
  });
});

test('change needs a sample one lookback old', () => {
  const oi = new OpenInterest(300_000);
  oi.onSample(0, 1_000);
  oi.onSample(200_000, 1_010);
  assert.deepEqual(oi.figures(), { value: 1_010, change: null, changePct: null, ts: 200_000, quadrant: null });
  oi.onSample(300_000, 1_050);
  assert.deepEqual(oi.figures(), { value: 1_050, change: 50, changePct: 5, ts: 300_000, quadrant: null });
});

test('the reference is the newest sample at or before the cut (backfill rows then polls)', () => {
  const oi = new OpenInterest(300_000);
  for (let i = 0; i <= 6; i++) oi.onSample(i * 300_000, 1_000 + i * 10); // 5 m openInterestHist rows
  oi.onSample(6 * 300_000 + 10_000, 1_100); // a poll 10 s later
  // cut = 1,510,000: newest at or before is the row at 1,500,000 (1050)
  const f = oi.figures();
  assert.equal(f.value, 1_100);
  assert.equal(f.change, 50);
  assert.ok(Math.abs((f.changePct as number) - (50 / 1_050) * 100) < 1e-12);
});

test('older or same-time samples are ignored and counted', () => {
  const oi = new OpenInterest(300_000);
  oi.onSample(1_000, 5);
  oi.onSample(1_000, 6);
  oi.onSample(500, 7);
  assert.equal(oi.ignored, 2);
  assert.equal(oi.figures().value, 5);
  const copy = new OpenInterest(300_000, structuredClone(oi.toData()));
  assert.deepEqual(copy.figures(), oi.figures());
  assert.equal(copy.ignored, 2);
});

test('quadrant: OI change read against the price change over the same lookback', () => {
  const cases: Array<[number, number, string]> = [
    [1_050, 101, 'long-buildup'],
    [1_050, 99, 'short-buildup'],
    [950, 101, 'short-covering'],
    [950, 99, 'long-liquidation'],
  ];
  for (const [oiNow, priceNow, expected] of cases) {
    const oi = new OpenInterest(300_000);
    oi.onSample(0, 1_000, 100);
    oi.onSample(300_000, oiNow, priceNow);
    assert.equal(oi.figures().quadrant, expected, `OI ${oiNow}, price ${priceNow}`);
  }
  const flat = new OpenInterest(300_000);
  flat.onSample(0, 1_000, 100);
  flat.onSample(300_000, 1_000, 101);
  assert.equal(flat.figures().quadrant, null, 'no OI change, no reading');
  const noPrice = new OpenInterest(300_000);
  noPrice.onSample(0, 1_000);
  noPrice.onSample(300_000, 1_050, 101);
  assert.equal(noPrice.figures().quadrant, null, 'no price at the reference sample (backfill before trades)');
});
