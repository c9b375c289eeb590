/**
 * Backtest risk scope (issue 15): account-wide by default, as live: one RiskCore across every symbol, so a
 * limit such as maxOpenOrders spans BTC and ETH together; `riskScope: 'symbol'` gives each symbol its own,
 * and is what --workers above 1 needs (account scope with 2 workers is a usage error); two account-scope runs
 * give the same records. On the recorded
 * BTCUSDT and ETHUSDT 2024-08-08 tapes (../shared/data; skips visibly without them).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseRiskParams } from '../../../src/actors/risk/risk-params.js';
import { backtestRecords } from '../../../src/app/backtest/backtest-main.js';
import type { BacktestRecords } from '../../../src/app/backtest/merge-results.js';
import { recordedFile } from '../../venues/tape/recorded-data.js';
import { TRADING_CONFIG, tradingSettings } from './backtest-fixtures.js';

/** The most orders open at once across symbols, from the order records in time order. */
function maxOpenAcrossSymbols(r: BacktestRecords): number {
  const open = new Set<string>();
  let max = 0;
  for (const o of [...r.orders].sort((a, b) => a.ts - b.ts)) {
    if (o.status === 'NEW' || o.status === 'PARTIALLY_FILLED' || o.status === 'SENT') open.add(o.clientOrderId);
    else if (o.status !== 'CANCEL_SENT') open.delete(o.clientOrderId);
    max = Math.max(max, open.size);
  }
  return max;
}

test('account-wide risk limits span symbols; per-symbol scope does not; account scope runs in one thread', async (t) => {
  const btc = recordedFile(t, 'hftbacktest/usdm/btcusdt_20240808.gz');
  const eth = btc && recordedFile(t, 'hftbacktest/usdm/ethusdt_20240808.gz');
  if (!btc || !eth) return;
  const riskParams = parseRiskParams({ ...TRADING_CONFIG.risk, maxOpenOrders: 1, orderTtlMs: 60_000 });
  const account = await backtestRecords(tradingSettings([btc, eth], { riskParams }), {}, 1);
  const perSymbol = await backtestRecords(tradingSettings([btc, eth], { riskParams, riskScope: 'symbol' }), {}, 1);
  const refusedOpen = (r: BacktestRecords): number =>
    r.signals.filter((s) => s.riskCode === 'TL_RISK_OPEN_ORDERS').length;
  t.diagnostic(
    `account: ${account.orders.length} order records, max open ${maxOpenAcrossSymbols(account)}, ${refusedOpen(account)} refused TL_RISK_OPEN_ORDERS; ` +
      `per symbol: max open ${maxOpenAcrossSymbols(perSymbol)}, ${refusedOpen(perSymbol)} refused`,
  );
  assert.ok(account.orders.length > 0, 'the account-wide run traded');
  for (const r of [account, perSymbol]) {
    const killed = r.orders.filter((o) => o.reason === 'EXEC_KILL_SWITCH');
    assert.equal(killed.length, 0, `orders refused by an engaged kill switch: ${JSON.stringify(killed[0])}`);
  }
  assert.ok(maxOpenAcrossSymbols(account) <= 1, 'one open order across BTC and ETH together');
  assert.ok(maxOpenAcrossSymbols(perSymbol) > 1, 'per symbol, each symbol has its own maxOpenOrders');
  assert.ok(refusedOpen(account) > refusedOpen(perSymbol));
  await assert.rejects(backtestRecords(tradingSettings([btc, eth]), {}, 2), { code: 'TL_CLI_USAGE' });
  // Account scope is deterministic too: a second run gives the same records.
  const again = await backtestRecords(tradingSettings([btc, eth], { riskParams }), {}, 1);
  assert.equal(JSON.stringify(again), JSON.stringify(account));
});
