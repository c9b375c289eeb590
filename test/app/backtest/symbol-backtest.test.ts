/**
 * The backtest composition against a trivial fake venue (fake-paper-venue.ts): every strategy signal reaches
 * the real risk core, every approved order leaves through the order core on the grid, fills come back to risk
 * and the ledger; out-of-order input is a counted warning, never silently reordered.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runBacktest } from '../../../src/app/backtest/run-backtest.js';
import { BacktestRisk } from '../../../src/app/backtest/backtest-risk.js';
import { SymbolBacktest } from '../../../src/app/backtest/symbol-backtest.js';
import { KNOWN_FILTERS } from '../../../src/app/backtest/venue-filters.js';
import { recordedFile } from '../../venues/tape/recorded-data.js';
import { tradingSettings } from './backtest-fixtures.js';
import { FakePaperVenue } from './fake-paper-venue.js';

test('BTCUSDT 2024-08-08 against a fake venue: signal → risk verdict → order on the grid → fill back to risk', async (t) => {
  const tape = recordedFile(t, 'hftbacktest/usdm/btcusdt_20240808.gz');
  if (!tape) return;
  const venues: FakePaperVenue[] = [];
  const r = await runBacktest({
    settings: tradingSettings([tape]),
    venue: () => {
      const v = new FakePaperVenue();
      venues.push(v);
      return v;
    },
  });
  const [btc] = r.symbols;
  assert.ok(btc);
  assert.equal(btc.symbol, 'BTCUSDT');
  assert.ok(btc.signals.length > 0, 'the trading config makes a strategy fire on this tape');
  const accepted = btc.signals.filter((s) => s.accepted);
  const placed = venues[0]!.placed;
  assert.equal(placed.length, accepted.length, 'one order per approved signal');
  for (const p of placed) {
    assert.match(p.price, /^\d+\.\d$/, 'price formatted on the 0.1 tick');
    assert.match(p.quantity, /^\d+\.\d{3}$/, 'quantity on the 0.001 step');
    assert.equal(p.timeInForce, 'GTC');
  }
  assert.equal(btc.fills.length, placed.length);
  for (const s of btc.signals.filter((x) => !x.accepted)) assert.match(String(s.riskCode), /^TL_RISK_/);
  const statuses = btc.orders.map((o) => o.status);
  assert.deepEqual(statuses.slice(0, 3), ['SENT', 'NEW', 'FILLED']);
  // Each symbol's snapshots are in seq order, with no hole.
  btc.hashes.forEach((h, i) => {
    assert.equal(h.seq, i + 1);
  });
});

test('out-of-order receive times are counted as a warning, and time never goes backwards', () => {
  const s = tradingSettings([]);
  const venue = new FakePaperVenue();
  const run = new SymbolBacktest('BTCUSDT', s, KNOWN_FILTERS.BTCUSDT!, venue, new BacktestRisk(s.riskParams));
  const trade = (t: number) => ({
    kind: 'trade' as const,
    symbol: 'BTCUSDT',
    eventTime: t,
    tradeTime: t,
    tradeId: t,
    price: 60_000,
    qty: 0.1,
    side: 'buy' as const,
    orderType: 'MARKET',
  });
  run.onInput(trade(1_000), 1_000);
  run.onInput(trade(985), 990); // received late on a clock never behind the venue's (recorder-clock.ts)
  run.onInput(trade(1_002), 1_005);
  run.finish();
  assert.deepEqual(run.recorder.result.warnings, { TL_BACKTEST_OUT_OF_ORDER: 1 });
  assert.equal(run.recorder.result.lastTs, 1_005);
  assert.equal(venue.markets, 3);
});

test('a receive clock far from the venue clock (a session recorded against sim --tape) is a counted warning', () => {
  const s = tradingSettings([]);
  const run = new SymbolBacktest(
    'BTCUSDT',
    s,
    KNOWN_FILTERS.BTCUSDT!,
    new FakePaperVenue(),
    new BacktestRisk(s.riskParams),
  );
  const trade = (t: number) => ({
    kind: 'trade' as const,
    symbol: 'BTCUSDT',
    eventTime: t,
    tradeTime: t,
    tradeId: t,
    price: 60_000,
    qty: 0.1,
    side: 'buy' as const,
    orderType: 'MARKET',
  });
  const twoYears = 2 * 365 * 86_400_000;
  run.onInput(trade(1_000), 1_000 + 1_270); // the recorded 1.27 s skew: fine
  run.onInput(trade(1_001), 1_001 + twoYears);
  run.onInput(trade(1_002), 1_002 + twoYears);
  run.finish();
  assert.deepEqual(run.recorder.result.warnings, { TL_BACKTEST_CLOCK_OFFSET: 1 });
});
