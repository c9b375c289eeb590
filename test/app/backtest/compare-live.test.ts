/**
 * `--compare-live`: the live journal's orders against the backtest's, per decision (hand-made records), and a
 * data dir that is not a recorded session is a coded bad-input error.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { JournalRecord } from '../../../src/actors/execution/execution-journal.js';
import { compareLive, recordedSession } from '../../../src/app/backtest/compare-live.js';
import type { BacktestRecords } from '../../../src/app/backtest/merge-results.js';
import type { FillRecord, OrderRecord } from '../../../src/app/backtest/report/records.js';
import { runCli } from '../../app/cli/fixtures/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'tl-compare-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const order = (
  decisionId: string,
  status: OrderRecord['status'],
  price: number,
  executedQty: number,
  ts: number,
): OrderRecord => ({
  type: 'order',
  ts,
  symbol: 'BTCUSDT',
  clientOrderId: `c-${decisionId}`,
  decisionId,
  strategy: 'sweepFade',
  side: 'BUY',
  price,
  qty: 0.01,
  timeInForce: 'GTX',
  status,
  executedQty,
  code: 0,
  reason: '',
});

const fill = (decisionId: string, price: number, qty: number, ts: number): FillRecord => ({
  type: 'fill',
  ts,
  symbol: 'BTCUSDT',
  side: 'BUY',
  price,
  qty,
  liquidity: 'maker',
  fee: 0,
  realizedPnl: 0,
  clientOrderId: `c-${decisionId}`,
  decisionId,
  strategy: 'sweepFade',
  queueAhead: 1,
  latencyMs: 5,
});

test('per decision: both sides, live only, backtest only; fills and price differences from the records', () => {
  const journal: JournalRecord[] = [
    {
      ts: 1,
      kind: 'attempt',
      clientOrderId: 'c-a',
      decisionId: 'a',
      symbol: 'BTCUSDT',
      side: 'BUY',
      price: '60000.0',
      quantity: '0.010',
    },
    { ts: 2, kind: 'outcome', clientOrderId: 'c-a', decisionId: 'a', symbol: 'BTCUSDT', outcome: 'accepted' },
    {
      ts: 3,
      kind: 'attempt',
      clientOrderId: 'c-b',
      decisionId: 'b',
      symbol: 'BTCUSDT',
      side: 'BUY',
      price: '60001.0',
      quantity: '0.010',
    },
    { ts: 4, kind: 'cancel', clientOrderId: 'c-b', decisionId: 'b', symbol: 'BTCUSDT', why: 'TTL expired' },
    // The live fills, as the execution actor journals them (kind fill).
    {
      ts: 6,
      kind: 'fill',
      clientOrderId: 'c-a',
      decisionId: 'a',
      symbol: 'BTCUSDT',
      price: 60_000,
      qty: 0.01,
      liquidity: 'maker',
      fee: 0.12,
    },
    {
      ts: 4,
      kind: 'fill',
      clientOrderId: 'c-b',
      decisionId: 'b',
      symbol: 'BTCUSDT',
      price: 60_001,
      qty: 0.002,
      liquidity: 'maker',
      fee: 0.024,
    },
  ];
  const records = {
    orders: [
      order('a', 'SENT', 60_000, 0, 1),
      order('a', 'PARTIALLY_FILLED', 60_000, 0.004, 5),
      order('a', 'FILLED', 60_000, 0.01, 9),
      order('c', 'SENT', 60_002, 0, 7),
    ],
    fills: [fill('a', 60_000, 0.004, 5), fill('a', 59_990, 0.006, 9), fill('c', 60_002, 0.01, 8)],
  } as unknown as BacktestRecords;
  const { rows, totals } = compareLive(journal, records);
  assert.deepEqual(
    rows.map((r) => [r.decisionId, r.match]),
    [
      ['a', 'both'],
      ['b', 'live-only'],
      ['c', 'backtest-only'],
    ],
  );
  const a = rows[0]!;
  assert.equal(a.live?.outcome, 'accepted');
  assert.equal(a.backtest?.status, 'FILLED');
  assert.equal(a.backtest?.fills, 2);
  assert.equal(a.backtest?.firstFillTs, 5);
  assert.ok(Math.abs((a.backtest?.avgFillPrice ?? 0) - 59_994) < 1e-9, 'quantity-weighted average fill price');
  assert.equal(a.priceDiff, 0);
  assert.equal(rows[1]!.live?.cancelled, true);
  assert.equal(a.live?.fills, 1);
  assert.equal(a.live?.firstFillTs, 6);
  assert.equal(a.fillMatch, 'both');
  assert.equal(a.fillTimeDiffMs, -1, 'the backtest filled 1 ms before live');
  assert.ok(Math.abs((a.fillPriceDiff ?? 0) - -6) < 1e-9, 'backtest average 59994 against live 60000');
  assert.equal(rows[1]!.fillMatch, 'missed', 'live filled b, the backtest never sent it');
  assert.equal(rows[2]!.fillMatch, 'extra', 'the backtest filled c, live never sent it');
  assert.equal(rows[2]!.fillTimeDiffMs, null);
  const { liveFilledQty, backtestFilledQty, liveFees, backtestFees, ...counts } = totals;
  assert.deepEqual(counts, {
    decisions: 3,
    both: 1,
    liveOnly: 1,
    backtestOnly: 1,
    samePrice: 1,
    liveFills: 2,
    backtestFills: 3,
    bothFilled: 1,
    missedFills: 1,
    extraFills: 1,
  });
  assert.ok(Math.abs(liveFilledQty - 0.012) < 1e-12);
  assert.ok(Math.abs(backtestFilledQty - 0.02) < 1e-12);
  assert.ok(Math.abs(liveFees - 0.144) < 1e-12);
  assert.equal(backtestFees, 0);
});

test('a data dir without tapes and executions.jsonl: TL_BACKTEST_NO_SESSION, exit 2', async () => {
  assert.throws(() => recordedSession(dir), { code: 'TL_BACKTEST_NO_SESSION' });
  mkdirSync(join(dir, 'tapes'));
  mkdirSync(join(dir, 'logs'));
  writeFileSync(join(dir, 'logs', 'executions.jsonl'), '');
  assert.throws(() => recordedSession(dir), { code: 'TL_BACKTEST_NO_SESSION' });
  const r = await runCli(['backtest', '--compare-live', join(dir, 'nothing-here'), '--out', join(dir, 'out')]);
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /^tapeline: TL_BACKTEST_NO_SESSION: /);
  const both = await runCli(['backtest', 'x.gz', '--compare-live', dir]);
  assert.equal(both.code, 2);
  assert.match(both.stderr, /TL_CLI_USAGE: --compare-live takes the tapes of its session/);
});
