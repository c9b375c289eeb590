/**
 * The hftbacktest recordings in shared/data parse completely through readTape + codecs: counts as in
 * the data set's source notes, `pu` continuity (within each file and across each day pair), snapshot alignment, the inferred
 * snapshot URL, and receive times that land next to the venue's `E` (proving the ns/µs unit detection).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mergeTapes } from '../../../src/venues/tape/index.js';
import { decodeRecording, isAligned, puGaps, recordedFile } from './recorded-data.js';

interface Expected {
  file: string;
  symbol: string;
  depthUpdate: number;
  trade: number;
  bookTicker: number;
  markPriceUpdate?: number;
  snapshots: number;
}

// Frame counts as the recorded data set lists them for each file.
const FILES: Expected[] = [
  { file: 'btcusdt_20240808.gz', symbol: 'BTCUSDT', depthUpdate: 6551, trade: 21313, bookTicker: 66089, snapshots: 1 },
  { file: 'ethusdt_20240808.gz', symbol: 'ETHUSDT', depthUpdate: 6586, trade: 14076, bookTicker: 53992, snapshots: 1 },
  { file: 'btcusdt_20240718.gz', symbol: 'BTCUSDT', depthUpdate: 3326, trade: 974, bookTicker: 7113, snapshots: 1 },
  { file: 'btcusdt_20240719.gz', symbol: 'BTCUSDT', depthUpdate: 5696, trade: 9727, bookTicker: 45147, snapshots: 0 },
  {
    file: 'btcusdt_20230404.dat.gz',
    symbol: 'BTCUSDT',
    depthUpdate: 4322,
    trade: 2197,
    bookTicker: 6765,
    markPriceUpdate: 99,
    snapshots: 1,
  },
  {
    file: 'btcusdt_20230405.dat.gz',
    symbol: 'BTCUSDT',
    depthUpdate: 11788,
    trade: 10738,
    bookTicker: 37440,
    markPriceUpdate: 415,
    snapshots: 0,
  },
];

for (const expected of FILES) {
  test(`hftbacktest ${expected.file}: every line decodes, counts match the data set's source notes, pu contiguous`, async (t) => {
    const path = recordedFile(t, `hftbacktest/usdm/${expected.file}`);
    if (!path) return;
    const d = await decodeRecording(path, true);
    assert.equal(d.stats.format, 'hftbacktest');
    assert.equal(d.stats.gzip, true);
    assert.equal(d.stats.skipped, 0);
    assert.equal(d.stats.truncatedTail, false);
    assert.equal(d.undecoded.length, 0, 'every frame is a market event');
    assert.deepEqual(d.counts, {
      depthUpdate: expected.depthUpdate,
      trade: expected.trade,
      bookTicker: expected.bookTicker,
      ...(expected.markPriceUpdate === undefined ? {} : { markPriceUpdate: expected.markPriceUpdate }),
      ...(expected.snapshots === 0 ? {} : { depthSnapshot: expected.snapshots }),
    });
    assert.deepEqual([...d.depth.keys()], [expected.symbol]);
    assert.deepEqual(puGaps(d.depth.get(expected.symbol) ?? []), [], 'pu equals the previous u throughout');

    for (const snapshot of d.snapshots) {
      assert.equal(snapshot.symbol, expected.symbol);
      assert.ok(isAligned(snapshot, d.depth.get(expected.symbol) ?? []), 'U <= lastUpdateId <= u for one diff');
      assert.equal(snapshot.bids.length, 1000);
    }
    const rest = d.frames.filter((f) => f.kind === 'rest');
    assert.deepEqual(
      rest.map((f) => f.url),
      Array(expected.snapshots).fill(`/fapi/v1/depth?symbol=${expected.symbol}&limit=1000`),
    );

    // Receive time vs exchange time: within seconds only if the ns/µs unit was read right.
    let worstLagMs = 0;
    for (const frame of d.frames) {
      if (frame.kind === 'ws')
        worstLagMs = Math.max(worstLagMs, Math.abs(frame.recvTsMs - (frame.data as { E: number }).E));
    }
    assert.ok(worstLagMs < 10_000, `receive time ${worstLagMs} ms away from E: wrong timestamp unit`);
  });
}

for (const [first, second] of [
  ['btcusdt_20240718.gz', 'btcusdt_20240719.gz'],
  ['btcusdt_20230404.dat.gz', 'btcusdt_20230405.dat.gz'],
] as const) {
  test(`hftbacktest ${first} + ${second}: mergeTapes gives one contiguous stream from the first day's snapshot`, async (t) => {
    const a = recordedFile(t, `hftbacktest/usdm/${first}`);
    const b = a && recordedFile(t, `hftbacktest/usdm/${second}`);
    if (!a || !b) return;
    const d = await decodeRecording(mergeTapes([b, a]), true);
    const depth = d.depth.get('BTCUSDT') ?? [];
    assert.equal(
      depth.length,
      FILES.filter((f) => f.file === first || f.file === second).reduce((n, f) => n + f.depthUpdate, 0),
    );
    assert.deepEqual(puGaps(depth), [], 'the second file continues the first (pu = previous u)');
    let backwards = 0;
    for (let i = 1; i < d.frames.length; i++) {
      if ((d.frames[i] as { recvTsMs: number }).recvTsMs < (d.frames[i - 1] as { recvTsMs: number }).recvTsMs)
        backwards++;
    }
    assert.equal(backwards, 0, 'merged frames are in receive-time order');
    assert.equal(d.frames[0]?.source, a, 'the earlier day comes first whatever the argument order');
    const snapshot = d.snapshots[0];
    assert.ok(snapshot && isAligned(snapshot, depth));
  });
}
