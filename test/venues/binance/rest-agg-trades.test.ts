/** REST aggTrades rows decode like the stream: `nq` (quantity without RPI fills) present only when sent. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeRestAggTrades } from '../../../src/venues/binance/rest-agg-trades.js';

test('rows with and without nq', () => {
  const rows = [
    { a: 2, p: '0.01633102', q: '4.70443515', nq: '4.5', f: 27782, l: 27782, T: 1498793709154, m: false },
    { a: 1, p: '0.01633102', q: '4.70443515', f: 27781, l: 27781, T: 1498793709153, m: true },
  ];
  const [older, newer] = decodeRestAggTrades(rows, 'BNBUSDT');
  assert.deepEqual([older?.aggTradeId, older?.side, 'nonRpiQty' in (older ?? {})], [1, 'sell', false]);
  assert.deepEqual(
    [newer?.aggTradeId, newer?.qty, newer?.nonRpiQty, newer?.eventTime],
    [2, 4.70443515, 4.5, 1498793709154],
  );
});
