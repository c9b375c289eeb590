/**
 * The pure ingest pipeline with crafted frames: book sync by docs/venue-binance.md, local order book (buffer, snapshot, stale
 * diffs, first-event rule, pu gap → bookReset and resync of that symbol only), aggTrade continuity (gap →
 * REST fill delivered in id order, duplicates dropped), control frames, backfill and malformed input.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { encodeControlFrame } from '../../../src/actors/ingest/control-frames.js';
import { aggTrade, aggUrl, bookTicker, depth, depthUrl, harness, restAggTrades, snapshot } from './frames.js';

test('book sync: diffs buffered, one snapshot asked, stale diffs dropped, first applied covers lastUpdateId', () => {
  const h = harness();
  h.pipeline.onWsFrame(depth('BTCUSDT', 90, 95, 80), 1);
  h.pipeline.onWsFrame(depth('BTCUSDT', 96, 99, 95), 2);
  h.pipeline.onWsFrame(depth('BTCUSDT', 100, 105, 99), 3);
  assert.deepEqual(h.requests, [{ kind: 'depthSnapshot', symbol: 'BTCUSDT' }], 'one request for three buffered diffs');
  assert.deepEqual(h.trace('BTCUSDT'), [], 'nothing forwarded before the snapshot');
  h.pipeline.onRestReply(depthUrl('BTCUSDT'), snapshot(102), 4);
  h.pipeline.onWsFrame(depth('BTCUSDT', 106, 110, 105), 5);
  assert.deepEqual(h.trace('BTCUSDT'), ['snap:102', 'diff:100-105', 'diff:106-110']);
  const health = h.pipeline.health('BTCUSDT')!;
  assert.equal(health.book.synced, true);
  assert.equal(health.book.staleDiffs, 2);
  assert.equal(health.book.gaps, 0);
  assert.equal(health.book.lastUpdateId, 110);
});

test('book sync: a snapshot older than the first buffered diff is discarded and another asked for', () => {
  const h = harness();
  h.pipeline.onWsFrame(depth('BTCUSDT', 200, 205, 190), 1);
  h.pipeline.onRestReply(depthUrl('BTCUSDT'), snapshot(150), 2); // U=200 > 150: diffs 151..199 never seen
  assert.equal(h.requests.length, 2);
  assert.deepEqual(h.trace('BTCUSDT'), []);
  h.pipeline.onWsFrame(depth('BTCUSDT', 206, 210, 205), 3);
  h.pipeline.onRestReply(depthUrl('BTCUSDT'), snapshot(207), 4);
  assert.deepEqual(h.trace('BTCUSDT'), ['snap:207', 'diff:206-210']);
  assert.equal(h.pipeline.health('BTCUSDT')!.book.staleSnapshots, 1);
});

test('book sync: a snapshot before any diff waits for the first diff that reaches it (recording order)', () => {
  const h = harness();
  h.pipeline.onRestReply(depthUrl('BTCUSDT'), snapshot(50), 1);
  h.pipeline.onWsFrame(depth('BTCUSDT', 40, 45, 30), 2);
  h.pipeline.onWsFrame(depth('BTCUSDT', 46, 52, 45), 3);
  assert.deepEqual(h.trace('BTCUSDT'), ['snap:50', 'diff:46-52']);
  assert.equal(h.requests.length, 0);
});

test('book sync: a pu gap resets and resyncs that symbol only, forwarding none of its depth meanwhile', () => {
  const h = harness();
  for (const s of ['BTCUSDT', 'ETHUSDT']) {
    h.pipeline.onWsFrame(depth(s, 10, 20, 5), 1);
    h.pipeline.onRestReply(depthUrl(s), snapshot(15), 2);
  }
  h.requests.length = 0;
  h.pipeline.onWsFrame(depth('BTCUSDT', 25, 30, 22), 3); // pu 22 != 20
  h.pipeline.onWsFrame(depth('ETHUSDT', 21, 30, 20), 3);
  h.pipeline.onWsFrame(depth('BTCUSDT', 31, 35, 30), 4);
  assert.deepEqual(h.requests, [{ kind: 'depthSnapshot', symbol: 'BTCUSDT' }]);
  assert.deepEqual(h.trace('BTCUSDT'), ['snap:15', 'diff:10-20', 'reset']);
  assert.deepEqual(h.trace('ETHUSDT'), ['snap:15', 'diff:10-20', 'diff:21-30'], 'the other symbol never notices');
  const reset = h.inputs.find((i) => i.kind === 'bookReset');
  assert.match((reset as { reason: string }).reason, /pu 22 != previous u 20/);
  h.pipeline.onRestReply(depthUrl('BTCUSDT'), snapshot(33), 5);
  assert.deepEqual(h.trace('BTCUSDT').slice(3), ['snap:33', 'diff:31-35']);
  const health = h.pipeline.health('BTCUSDT')!.book;
  assert.equal(health.gaps, 1);
  assert.equal(health.resyncs, 1);
  assert.equal(health.snapshots, 2);
  assert.equal(h.pipeline.health('ETHUSDT')!.book.gaps, 0);
});

test('book sync: a gap inside the buffered diffs is caught while draining', () => {
  const h = harness();
  h.pipeline.onWsFrame(depth('BTCUSDT', 10, 20, 5), 1);
  h.pipeline.onWsFrame(depth('BTCUSDT', 21, 25, 20), 1);
  h.pipeline.onWsFrame(depth('BTCUSDT', 30, 35, 28), 1);
  h.pipeline.onRestReply(depthUrl('BTCUSDT'), snapshot(15), 2);
  assert.deepEqual(h.trace('BTCUSDT'), ['snap:15', 'diff:10-20', 'diff:21-25', 'reset']);
  assert.equal(h.requests.length, 2);
});

test('book sync: duplicate diffs (an overlapping connection) are dropped, not treated as gaps', () => {
  const h = harness();
  h.pipeline.onWsFrame(depth('BTCUSDT', 10, 20, 5), 1);
  h.pipeline.onRestReply(depthUrl('BTCUSDT'), snapshot(15), 2);
  h.pipeline.onWsFrame(depth('BTCUSDT', 21, 25, 20), 3);
  h.pipeline.onWsFrame(depth('BTCUSDT', 21, 25, 20), 3);
  h.pipeline.onWsFrame(depth('BTCUSDT', 26, 30, 25), 4);
  assert.deepEqual(h.trace('BTCUSDT'), ['snap:15', 'diff:10-20', 'diff:21-25', 'diff:26-30']);
  assert.equal(h.pipeline.health('BTCUSDT')!.book.duplicateDiffs, 1);
});

test('reconnect control frame: books of the public route reset and resync; a market route reset nothing', () => {
  const h = harness();
  h.pipeline.onWsFrame(depth('BTCUSDT', 10, 20, 5), 1);
  h.pipeline.onRestReply(depthUrl('BTCUSDT'), snapshot(15), 2);
  h.pipeline.onWsFrame(encodeControlFrame('reconnect', ['BTCUSDT'], 'market'), 3);
  assert.deepEqual(h.trace('BTCUSDT'), ['snap:15', 'diff:10-20']);
  h.pipeline.onWsFrame(encodeControlFrame('reconnect', ['BTCUSDT'], 'public'), 3);
  assert.deepEqual(h.trace('BTCUSDT'), ['snap:15', 'diff:10-20', 'reset']);
  h.pipeline.onWsFrame(depth('BTCUSDT', 21, 25, 20), 4);
  assert.equal(h.requests.at(-1)?.kind, 'depthSnapshot');
  assert.equal(h.pipeline.health('BTCUSDT')!.book.resyncs, 1);
});

test('aggTrade: a jump asks for the missing range and delivers it in id order before the held trades', () => {
  const h = harness();
  h.pipeline.onWsFrame(aggTrade('BTCUSDT', 1), 1);
  h.pipeline.onWsFrame(aggTrade('BTCUSDT', 2), 1);
  h.pipeline.onWsFrame(aggTrade('BTCUSDT', 6), 2);
  h.pipeline.onWsFrame(aggTrade('BTCUSDT', 7), 2);
  h.pipeline.onWsFrame(aggTrade('ETHUSDT', 1), 2);
  assert.deepEqual(h.requests, [{ kind: 'aggTradesFrom', symbol: 'BTCUSDT', fromId: 3 }]);
  assert.deepEqual(h.trace('BTCUSDT'), ['trade:1', 'trade:2']);
  h.pipeline.onRestReply(aggUrl('BTCUSDT', 3), restAggTrades([3, 4, 5, 6, 7]), 3);
  h.pipeline.onWsFrame(aggTrade('BTCUSDT', 8), 4);
  assert.deepEqual(
    h.trace('BTCUSDT'),
    [1, 2, 3, 4, 5, 6, 7, 8].map((a) => `trade:${a}`),
  );
  assert.deepEqual(h.trace('ETHUSDT'), ['trade:1']);
  const t = h.pipeline.health('BTCUSDT')!.trades;
  assert.deepEqual([t.gaps, t.recovered, t.lost, t.duplicates, t.recovering], [1, 3, 0, 0, false]);
});

test('aggTrade: duplicates after a reconnect are dropped; an empty REST fill counts the hole as lost', () => {
  const h = harness();
  for (const a of [1, 2, 3, 2, 3]) h.pipeline.onWsFrame(aggTrade('BTCUSDT', a), 1);
  h.pipeline.onWsFrame(aggTrade('BTCUSDT', 10), 2);
  h.pipeline.onRestReply(aggUrl('BTCUSDT', 4), [], 3);
  assert.deepEqual(h.trace('BTCUSDT'), ['trade:1', 'trade:2', 'trade:3', 'trade:10']);
  const t = h.pipeline.health('BTCUSDT')!.trades;
  assert.deepEqual([t.duplicates, t.lost, t.recovering], [2, 6, false]);
});

test('aggTrade: the hold buffer is bounded', () => {
  const h = harness({ symbols: ['BTCUSDT'], backfill: false, maxHeldTrades: 3 });
  h.pipeline.onWsFrame(aggTrade('BTCUSDT', 1), 1);
  for (const a of [5, 6, 7, 8]) h.pipeline.onWsFrame(aggTrade('BTCUSDT', a), 1);
  assert.deepEqual(h.trace('BTCUSDT'), ['trade:1', 'trade:5', 'trade:6', 'trade:7', 'trade:8']);
  assert.equal(h.pipeline.health('BTCUSDT')!.trades.lost, 3);
});

test('bookTicker duplicates dropped; unknown symbols counted, or tracked with autoTrack', () => {
  const h = harness();
  h.pipeline.onWsFrame(bookTicker('BTCUSDT', 5), 1);
  h.pipeline.onWsFrame(bookTicker('BTCUSDT', 5), 1);
  h.pipeline.onWsFrame(bookTicker('BTCUSDT', 6), 1);
  h.pipeline.onWsFrame(bookTicker('XRPUSDT', 1), 1);
  assert.deepEqual(h.trace('BTCUSDT'), ['ticker:5', 'ticker:6']);
  assert.equal(h.pipeline.status().unroutable, 1);
  const auto = harness({ autoTrack: true, backfill: false });
  auto.pipeline.onWsFrame(bookTicker('XRPUSDT', 1), 1);
  assert.deepEqual(auto.trace('XRPUSDT'), ['backfillDone', 'ticker:1']);
});

test('control frames add and remove symbols; add asks for the backfill, backfillDone follows both parts', () => {
  const h = harness({
    symbols: ['BTCUSDT', 'ETHUSDT'],
    backfill: { klineInterval: '1m', klineLimit: 3, openInterestPeriod: '5m', openInterestLimit: 2 },
  });
  h.pipeline.onWsFrame(encodeControlFrame('addSymbol', ['SOLUSDT']), 1);
  assert.deepEqual(h.requests, [
    { kind: 'klines', symbol: 'SOLUSDT', interval: '1m', limit: 3 },
    { kind: 'openInterestHist', symbol: 'SOLUSDT', period: '5m', limit: 2 },
  ]);
  const row = (t: number) => [t, '1', '2', '0.5', '1.5', '10', t + 59_999, '15', 3, '5', '7', '0'];
  h.pipeline.onRestReply('http://x/fapi/v1/klines?symbol=SOLUSDT&interval=1m&limit=3', [row(0), row(60_000)], 200_000);
  const hist = [{ symbol: 'SOLUSDT', sumOpenInterest: '10', sumOpenInterestValue: '100', timestamp: 150_000 }];
  h.pipeline.onRestReply('http://x/futures/data/openInterestHist?symbol=SOLUSDT&period=5m&limit=2', hist, 200_001);
  assert.deepEqual(h.trace('SOLUSDT'), ['kline', 'kline', 'openInterestHist', 'backfillDone']);
  assert.equal(h.inputs.at(-1)?.eventTime, 150_000);
  h.pipeline.onRestReply(
    'http://x/fapi/v1/openInterest?symbol=SOLUSDT',
    { openInterest: '12', symbol: 'SOLUSDT', time: 5 },
    3,
  );
  assert.equal(h.trace('SOLUSDT').at(-1), 'openInterest');
  h.pipeline.onWsFrame(encodeControlFrame('removeSymbol', ['SOLUSDT']), 4);
  h.pipeline.onWsFrame(bookTicker('SOLUSDT', 1), 5);
  assert.equal(h.trace('SOLUSDT').length, 5);
  assert.deepEqual(h.pipeline.symbols(), ['BTCUSDT', 'ETHUSDT']);
});

test('malformed frames, codec errors and venue control replies are counted, never thrown', () => {
  const h = harness();
  h.pipeline.onWsFrame('{"stream":"btcusdt@depth@100ms","data":{"e":"depthUp', 1);
  h.pipeline.onWsFrame('{"stream":"btcusdt@aggTrade","data":{"e":"aggTrade","s":"BTCUSDT"}}', 1);
  h.pipeline.onWsFrame('{"result":null,"id":1}', 1);
  h.pipeline.onWsFrame('{"code":2,"msg":"Invalid request"}', 1);
  h.pipeline.onRestReply(depthUrl('BTCUSDT'), { nope: 1 }, 1);
  const s = h.pipeline.status();
  assert.deepEqual([s.malformed, s.controlReplies], [3, 2]);
  assert.deepEqual(
    h.issues.map((e) => e.code),
    ['TL_INGEST_MALFORMED_FRAME', 'TL_CODEC_INVALID', 'TL_VENUE_WS_ERROR', 'TL_CODEC_INVALID'],
  );
  assert.equal(h.inputs.length, 0);
});
