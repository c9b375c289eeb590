/**
 * Shared settings for the backtest tests: the config that makes the strategies trade on the short recorded
 * tapes (defaults need 15 one-minute bars and a sized order above BTCUSDT's 100 USDT minimum notional).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseRiskParams } from '../../../src/actors/risk/risk-params.js';
import { resolveStrategyParams } from '../../../src/actors/symbol/strategy/strategy-params.js';
import { DEFAULT_SYMBOL_PARAMS } from '../../../src/actors/symbol/symbol-params.js';
import type { BacktestSettings } from '../../../src/app/backtest/backtest-options.js';
import { DEFAULT_SNAPSHOT_INTERVAL_MS } from '../../../src/schema/config/config-schema.js';

export const TRADING_CONFIG = {
  strategies: {
    sweepFade: { rangeBars: 3, burstZ: 2, minLevels: 2, cooldownMs: 5000, quantity: 0.01 },
    imbalanceBreakout: {
      rangeBars: 3,
      minOiChangePct: -100,
      minPersistMs: 500,
      flowZ: 1,
      obiThreshold: 0.2,
      cooldownMs: 5000,
      quantity: 0.01,
    },
  },
  risk: {
    maxOrderNotional: 2000,
    rampStart: 1,
    rampMax: 1,
    cooldownAfterOrderMs: 1000,
    orderTtlMs: 10000,
    timeInForce: 'GTC',
  },
};

/** The config as a file (for the CLI), in a fresh temp dir that also holds the outputs. */
export function configFile(): { dir: string; config: string } {
  const dir = mkdtempSync(join(tmpdir(), 'tl-backtest-'));
  const config = join(dir, 'config.json');
  writeFileSync(config, JSON.stringify(TRADING_CONFIG));
  return { dir, config };
}

export function tradingSettings(tapes: string[], over: Partial<BacktestSettings> = {}): BacktestSettings {
  return {
    tapes,
    symbolParams: { ...DEFAULT_SYMBOL_PARAMS, snapshotIntervalMs: DEFAULT_SNAPSHOT_INTERVAL_MS },
    strategyParams: resolveStrategyParams(TRADING_CONFIG.strategies),
    riskParams: parseRiskParams(TRADING_CONFIG.risk),
    latency: { kind: 'constant', ms: 5 },
    queue: 'risk-averse',
    makerFeeBps: 2,
    takerFeeBps: 5,
    balance: 10_000,
    from: 0,
    to: Number.MAX_SAFE_INTEGER,
    ...over,
  };
}
