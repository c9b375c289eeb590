/**
 * summary(): every figure checked against values computed by hand in exact decimals (fixture-records.ts).
 * BTCUSDT cash: −600.001 + 240.042 + 599.9 − 239.92 = 0.021, flat at the end. ETHUSDT: −1250.025 + 0.5 × 2510
 * (last mid) = 4.975. Fees 0.5879552 + 0.6250125 = 1.2129677; funding −0.12525.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { drawdown, sharpe, summarize } from '../../../../src/app/backtest/report/summary.js';
import { EQUITY, FILLS, INPUT } from './fixture-records.js';

test('gross, fees, funding and net in exact decimals, with the open position marked at the last mid', () => {
  const s = summarize(INPUT);
  assert.equal(s.total.grossPnl, 4.996);
  assert.equal(s.total.fees, 1.2129677);
  assert.equal(s.total.funding, -0.12525);
  assert.equal(s.total.netPnl, 3.6577823); // 4.996 − 1.2129677 − 0.12525
  assert.equal(s.total.volume, 2929.888);
  assert.deepEqual(s.openPositions, [
    {
      symbol: 'ETHUSDT',
      strategy: 'imbalanceBreakout',
      qty: 0.5,
      entryPrice: 2500.05,
      markPrice: 2510,
      unrealized: 4.975,
    },
  ]);
  assert.match(s.marking, /last mid \(ETHUSDT at 2510\)/);
});

test('round trips: a fill through zero closes one trip (its fee split by quantity) and opens the next', () => {
  const s = summarize(INPUT);
  // Trip 1: cash −600.001 + 240.042 + 0.006 × 59990; fees 0.1200002 + 0.120021 + 0.29995 × 0.6 → −0.4389912.
  // Trip 2: cash 0.004 × 59990 − 239.92 = 0.04; fees 0.29995 × 0.4 + 0.047984 → −0.127964.
  assert.equal(s.total.trades, 2);
  assert.equal(s.total.winRate, 0);
  assert.equal(s.total.avgWin, 0);
  assert.equal(s.total.avgLoss, -0.2834776);
  assert.equal(s.perSymbol.BTCUSDT?.grossPnl, 0.021);
  assert.equal(s.perSymbol.BTCUSDT?.netPnl, -0.5669552);
  assert.equal(s.perSymbol.BTCUSDT?.trades, 2);
  assert.equal(s.perStrategy.imbalanceBreakout?.trades, 0, 'an open position is not a trade yet');
  assert.equal(
    s.perStrategy.imbalanceBreakout?.funding,
    -0.12525,
    'funding follows the strategy that holds the position',
  );
  assert.equal(s.perStrategy.sweepFade?.funding, 0);
  assert.deepEqual([s.total.fills, s.total.makerFills, s.total.takerFills], [5, 2, 3]);
});

test('a winning trip counts in winRate and avgWin', () => {
  const s = summarize({
    ...INPUT,
    fills: [
      ...FILLS.slice(0, 4),
      { ...(FILLS[0] as (typeof FILLS)[0]), ts: 250_000, price: 59000 },
      { ...(FILLS[1] as (typeof FILLS)[0]), ts: 260_000, qty: 0.01, price: 59100, fee: 0 },
    ],
  });
  // Trip 3: buy 0.01 @ 59000 (fee 0.1200002), sell 0.01 @ 59100 (fee 0): 1 − 0.1200002 = 0.8799998.
  assert.equal(s.total.trades, 3);
  assert.equal(s.total.winRate, 1 / 3);
  assert.equal(s.total.avgWin, 0.8799998);
});

test('exposure is the share of the run with a position open, per slice', () => {
  const s = summarize(INPUT);
  // BTCUSDT open 60 s → 240 s, ETHUSDT 300 s → end (600 s).
  assert.equal(s.perSymbol.BTCUSDT?.exposure, 0.3);
  assert.equal(s.perSymbol.ETHUSDT?.exposure, 0.5);
  assert.equal(s.total.exposure, 0.8);
});

test('signals refused by risk are counted by reason code; excluded time and warnings are carried', () => {
  const s = summarize(INPUT);
  assert.deepEqual(s.signals, {
    total: 4,
    accepted: 1,
    refused: 3,
    refusedByCode: { TL_RISK_COOLDOWN: 2, TL_RISK_PRICE_BAND: 1 },
  });
  assert.deepEqual(Object.keys(s.excludedMs), ['BTCUSDT', 'ETHUSDT'], 'keys sorted for byte-identical output');
  assert.equal(s.excludedMs.BTCUSDT, 1500);
});

test('drawdown and Sharpe on the equity points', () => {
  // Peak 10001.5, trough 9999: 2.5.
  assert.deepEqual(drawdown(EQUITY), { abs: 2.5, pct: 2.5 / 10001.5 });
  // Minute returns (e-4): 1.5, −2.5, 3, −1.5; mean 0.125; sample variance 19.6875/3 = 6.5625.
  const expected = (0.125 / Math.sqrt(6.5625)) * Math.sqrt(525_600);
  assert.ok(Math.abs(sharpe(EQUITY, 10_000) - expected) < 1e-9, `${sharpe(EQUITY, 10_000)} vs ${expected}`);
  assert.equal(sharpe(EQUITY.slice(0, 2), 10_000), 0, 'one return: no Sharpe');
  const s = summarize(INPUT);
  assert.equal(s.total.maxDrawdown, 2.5);
  assert.match(s.total.sharpeSampling, /60 s/);
});

test('a position with no mid at the end is marked at its last fill and counted as a warning', () => {
  const s = summarize({ ...INPUT, lastMid: { BTCUSDT: 1 } });
  assert.equal(s.openPositions[0]?.markPrice, 2500.05);
  assert.equal(s.warnings.TL_BACKTEST_NO_MARK, 1);
});

test('the same records give byte-identical summaries', () => {
  assert.equal(JSON.stringify(summarize(INPUT)), JSON.stringify(summarize(INPUT)));
});
