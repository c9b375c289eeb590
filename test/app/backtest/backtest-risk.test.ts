/**
 * The backtest's account-wide risk hands each symbol risk's current kill-switch state when it joins: a symbol
 * whose tape starts after the session was armed (the second of two tapes) trades like the first, instead of
 * having every order refused EXEC_KILL_SWITCH as it did before this was fixed.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_RISK_PARAMS } from '../../../src/actors/risk/risk-params.js';
import { BacktestRisk, type RiskClient } from '../../../src/app/backtest/backtest-risk.js';
import { KNOWN_FILTERS } from '../../../src/app/backtest/venue-filters.js';
import type { KillSwitchEvent } from '../../../src/schema/internal-messages.js';

function client(): RiskClient & { kills: KillSwitchEvent[] } {
  const kills: KillSwitchEvent[] = [];
  return { kills, onApproved: () => {}, onCancelAll: () => {}, onKillSwitch: (e) => kills.push(e) };
}

test('a symbol joining after the session was armed starts from the armed state', () => {
  const risk = new BacktestRisk({ ...DEFAULT_RISK_PARAMS });
  const btc = client();
  const eth = client();
  risk.join('BTCUSDT', btc, KNOWN_FILTERS.BTCUSDT!, 1_000);
  assert.equal(btc.kills.at(-1)?.engaged, false, 'the first symbol opened and armed the session');
  risk.join('ETHUSDT', eth, KNOWN_FILTERS.ETHUSDT!, 5_000);
  assert.equal(eth.kills.length, 1, 'the late symbol was told the kill-switch state once');
  assert.equal(eth.kills[0]?.engaged, false, 'and that state is armed');
});
