/**
 * The journal's fill record: one per TRADE the user stream reports, tied to its order and decision, with
 * price, quantity, maker/taker, fee and the venue's time; written and read back like every other record.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ExecutionJournal, fillRecord } from '../../../src/actors/execution/execution-journal.js';
import type { FillReport } from '../../../src/schema/order-messages.js';

test('a fill is journaled with price, qty, liquidity, fee, clientOrderId and decisionId', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tl-journal-'));
  try {
    const fill: FillReport = {
      type: 'fill',
      symbol: 'BTCUSDT',
      decisionId: 'sf-1',
      clientOrderId: 'tl-abc',
      side: 'SELL',
      quantity: 0.002,
      price: 61_800.3,
      realizedPnl: 0.5,
      commission: 0.0247,
      positionAmt: -0.002,
      ts: 1_723_161_256_322,
    };
    const maker = fillRecord(fill, { e: 'ORDER_TRADE_UPDATE', o: { m: true, t: 42 } }, 1_000);
    assert.deepEqual(maker, {
      ts: 1_000,
      kind: 'fill',
      clientOrderId: 'tl-abc',
      decisionId: 'sf-1',
      symbol: 'BTCUSDT',
      side: 'SELL',
      price: 61_800.3,
      qty: 0.002,
      liquidity: 'maker',
      fee: 0.0247,
      realizedPnl: 0.5,
      tradeId: 42,
      venueTime: 1_723_161_256_322,
      positionAmt: -0.002,
    });
    assert.equal(fillRecord(fill, { o: { m: false } }, 1).liquidity, 'taker');
    const journal = new ExecutionJournal(dir, { audit: false });
    journal.write(maker);
    journal.close();
    const line = JSON.parse(readFileSync(join(dir, 'logs', 'executions.jsonl'), 'utf8').trim()) as Record<
      string,
      unknown
    >;
    assert.equal(line.kind, 'fill');
    assert.ok(new ExecutionJournal(dir, { audit: false }).attempted('tl-abc'), 'read back like every record');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
