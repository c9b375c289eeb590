/**
 * HistoryStore, by hand-built messages: one point per second (the last snapshot of that second wins), a ring
 * bounded at 30 minutes, prints kept in order up to TRADES_KEPT, the minutes window, and unknown symbols empty.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { HistoryStore, TRADES_KEPT } from '../../../src/actors/gateway/history-store.js';
import type { ServerMessage } from '../../../src/actors/gateway/last-values.js';

function metrics(boundary: number, last: number | null): ServerMessage {
  return {
    type: 'metrics',
    symbol: 'BTCUSDT',
    boundary,
    price: { last, mid: last },
    cvd: { session: boundary / 1000 },
    obi: { value: 0.5 },
    deltaZ: { z: null },
    openInterest: { value: 10 },
    atr: { value: 1 },
    vwap: { vwap: 100, upper1: 101, lower1: 99, upper2: 102, lower2: 98 },
    funding: { fundingRate: 0.0001 },
  };
}

test('one point per second: the last snapshot of the second replaces the earlier ones', () => {
  const h = new HistoryStore();
  for (let t = 1_000; t < 4_000; t += 250) h.record(metrics(t, t / 10));
  const r = h.reply('BTCUSDT');
  assert.deepEqual(r.points.ts, [1_750, 2_750, 3_750]);
  assert.deepEqual(r.points.last, [175, 275, 375]);
  assert.deepEqual(r.points.deltaZ, [null, null, null], 'null stays null');
  assert.deepEqual(r.points.upper2, [102, 102, 102]);
  assert.equal(r.from, 1_750);
});

test('the ring keeps 30 minutes of points and the minutes window cuts by exchange time', () => {
  const h = new HistoryStore();
  const seconds = 40 * 60;
  for (let s = 0; s < seconds; s++) h.record(metrics(s * 1000, 1));
  const all = h.reply('BTCUSDT');
  assert.equal(all.points.ts.length, 30 * 60);
  assert.equal(all.points.ts[0], (seconds - 30 * 60) * 1000);
  const five = h.reply('BTCUSDT', 5);
  assert.equal(five.points.ts.length, 5 * 60 + 1, 'points at or after newest − 5 min');
  assert.equal(five.points.ts.at(-1), (seconds - 1) * 1000);
});

test('prints are kept in order up to TRADES_KEPT; omitted adds up; other kinds are listed', () => {
  const h = new HistoryStore();
  const n = TRADES_KEPT + 10;
  for (let i = 0; i < n; i += 5) {
    const ts = [0, 1, 2, 3, 4].map((k) => i + k);
    h.record({
      type: 'trades',
      symbol: 'BTCUSDT',
      ts,
      price: ts,
      qty: ts.map(() => 1),
      side: ts.map(() => -1),
      omitted: 1,
    });
  }
  h.record(metrics(n, 1));
  h.record({ type: 'signal', symbol: 'BTCUSDT', ts: n, decisionId: 'd1' });
  h.record({ type: 'order', symbol: 'BTCUSDT', ts: n, clientOrderId: 'c1' });
  h.record({ type: 'liquidation', symbol: 'BTCUSDT', ts: n });
  h.record({ type: 'order', symbol: 'ETHUSDT', ts: n, clientOrderId: 'c2' });
  const r = h.reply('BTCUSDT');
  assert.equal(r.trades.ts.length, TRADES_KEPT);
  assert.equal(r.trades.ts[0], 10, 'the oldest prints made room');
  assert.equal(r.trades.ts.at(-1), n - 1);
  assert.equal(r.trades.omitted, n / 5);
  assert.equal(r.signals.length, 1);
  assert.equal(r.orders.length, 1);
  assert.equal(r.liquidations.length, 1);
  const empty = h.reply('SOLUSDT');
  assert.deepEqual([empty.points.ts, empty.trades.ts, empty.orders], [[], [], []]);
});
