/**
 * A full backtest of the recorded BTCUSDT 2024-08-08 tape with the real paper venue, whose summary.json is
 * checked against a recomputation from its own fills.jsonl, funding.jsonl and signals.jsonl, written here
 * independently of the report module (average-entry position keeping, realized on reductions, open position
 * marked at the last mid).
 */
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { runAndWrite } from '../../../src/app/backtest/backtest-main.js';
import type { FillRecord, FundingRecord, SignalRecord, Summary } from '../../../src/app/backtest/report/records.js';
import { recordedFile } from '../../venues/tape/recorded-data.js';
import { configFile, tradingSettings } from './backtest-fixtures.js';

const { dir } = configFile();
after(() => rmSync(dir, { recursive: true, force: true }));

function lines<T>(path: string): T[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => JSON.parse(l) as T);
}

const close = (actual: number, expected: number, what: string) =>
  assert.ok(Math.abs(actual - expected) < 1e-6, `${what}: summary ${actual}, recomputed ${expected}`);

test('BTCUSDT 2024-08-08: summary.json equals a recomputation from its own fills', async (t) => {
  const tape = recordedFile(t, 'hftbacktest/usdm/btcusdt_20240808.gz');
  if (!tape) return;
  const out = join(dir, 'out');
  const { records } = await runAndWrite(tradingSettings([tape]), {}, 1, out);
  const fills = lines<FillRecord>(join(out, 'fills.jsonl'));
  const funding = lines<FundingRecord>(join(out, 'funding.jsonl'));
  const signals = lines<SignalRecord>(join(out, 'signals.jsonl'));
  const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as Summary;
  assert.ok(fills.length > 0, 'the run filled at least one order');

  let position = 0;
  let entry = 0;
  let realized = 0;
  let fees = 0;
  let volume = 0;
  let maker = 0;
  for (const f of fills) {
    const signed = f.side === 'BUY' ? f.qty : -f.qty;
    fees += f.fee;
    volume += f.price * f.qty;
    if (f.liquidity === 'maker') maker++;
    if (position === 0 || Math.sign(position) === Math.sign(signed)) {
      entry = (entry * Math.abs(position) + f.price * f.qty) / Math.abs(position + signed);
      position += signed;
      continue;
    }
    const closed = Math.min(Math.abs(signed), Math.abs(position));
    realized += closed * (f.price - entry) * Math.sign(position);
    const rest = Math.abs(signed) - closed;
    position += signed;
    if (Math.abs(position) < 1e-12) position = 0;
    if (rest > 1e-12) entry = f.price;
  }
  const fundingSum = funding.reduce((a, f) => a + f.amount, 0);
  const mark = records.lastMid.BTCUSDT ?? 0;
  const unrealized = position === 0 ? 0 : position * (mark - entry);
  const gross = realized + unrealized;
  const s = summary.total;
  close(s.fees, fees, 'fees');
  close(s.funding, fundingSum, 'funding');
  close(s.grossPnl, gross, 'grossPnl (realized + open position at the last mid)');
  close(s.netPnl, gross - fees + fundingSum, 'netPnl = grossPnl - fees + funding');
  close(s.volume, volume, 'volume');
  assert.equal(s.fills, fills.length);
  assert.equal(s.makerFills, maker);
  assert.equal(s.takerFills, fills.length - maker);
  close(
    fills.reduce((a, f) => a + f.realizedPnl, 0),
    realized,
    "the venue's rp against our own realized PnL",
  );
  const refused: Record<string, number> = {};
  for (const x of signals) if (!x.accepted) refused[String(x.riskCode)] = (refused[String(x.riskCode)] ?? 0) + 1;
  assert.equal(summary.signals.total, signals.length);
  assert.deepEqual(summary.signals.refusedByCode, refused);
  if (position !== 0) {
    assert.equal(summary.openPositions.length, 1);
    close(summary.openPositions[0]!.qty, position, 'open quantity');
    close(summary.openPositions[0]!.markPrice, mark, 'mark = last mid');
  }
  t.diagnostic(`fills ${fills.length}, gross ${gross.toFixed(4)}, fees ${fees.toFixed(4)}, net ${s.netPnl}`);
});
