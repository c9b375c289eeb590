/**
 * The fold a new risk leader makes of the replicated journal (journal-replay.ts), on the records `tapeline run`'s
 * execution writes: positions from fills, open orders until `closed` (or a rejected outcome, or expiry), the UTC
 * day's realized PnL net of fees, and the decisions never to approve again (attempted or refused).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { replayJournal } from '../../../src/runtime/nats/journal-replay.js';
import type { ClusterJournalRecord } from '../../../src/runtime/nats/order-journal-stream.js';

const DAY = 86_400_000;
const NOW = 20_000 * DAY + 3_600_000;

test('journal replay: positions, open orders, realized PnL of the day, decisions', () => {
  const r = (ts: number, kind: ClusterJournalRecord['kind'], extra: Record<string, unknown>): ClusterJournalRecord => ({
    ts,
    kind,
    symbol: 'BTCUSDT',
    ...extra,
  });
  const records: ClusterJournalRecord[] = [
    r(NOW - DAY, 'fill', { clientOrderId: 'c0', positionAmt: 0.01, realizedPnl: 5, fee: 1, tradeId: 1 }),
    r(NOW - 10, 'reconcile', { positions: { BTCUSDT: 0.01 } }),
    r(NOW - 9, 'attempt', { clientOrderId: 'c1', decisionId: 'd1' }),
    r(NOW - 8, 'outcome', { clientOrderId: 'c1', outcome: 'accepted', orderId: 1 }),
    r(NOW - 7, 'fill', { clientOrderId: 'c1', positionAmt: 0.015, realizedPnl: 0, fee: 0.25, tradeId: 2 }),
    r(NOW - 6, 'fill', { clientOrderId: 'c1', positionAmt: 0.02, realizedPnl: 0, fee: 0.25, tradeId: 3 }),
    r(NOW - 5, 'closed', { clientOrderId: 'c1', decisionId: 'd1', status: 'FILLED' }),
    r(NOW - 4, 'attempt', { clientOrderId: 'c2', decisionId: 'd2' }),
    r(NOW - 4, 'attempt', { clientOrderId: 'c3', decisionId: 'd3' }),
    r(NOW - 3, 'outcome', { clientOrderId: 'c3', outcome: 'rejected', reason: '-2019' }),
    r(NOW - 3, 'attempt', { clientOrderId: 'c4', decisionId: 'd4', symbol: 'ETHUSDT' }),
    r(NOW - 2, 'fill', {
      clientOrderId: 'c4',
      symbol: 'ETHUSDT',
      positionAmt: 0,
      realizedPnl: -2,
      fee: 0.5,
      tradeId: 4,
    }),
    r(NOW - 1, 'refused', { clientOrderId: 'c5', decisionId: 'd5', code: 'TL_CLUSTER_STALE_LEADER' }),
  ];
  const s = replayJournal(records, NOW);
  assert.deepEqual(s.positions, { BTCUSDT: 0.02, ETHUSDT: 0 });
  assert.deepEqual(s.openOrders, { BTCUSDT: 1, ETHUSDT: 1 }, 'c2 and c4 still open; c1 closed, c3 rejected');
  assert.equal(s.realizedToday, -0.25 - 0.25 - 2 - 0.5, "yesterday's fill is not today's PnL");
  assert.deepEqual([...s.decisions].sort(), ['d1', 'd2', 'd3', 'd4', 'd5']);
  assert.ok(s.known.has('c5'), 'a refused approval is never sent later either');
  assert.equal(s.records, records.length);
});
