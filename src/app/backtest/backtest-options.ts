/**
 * What one backtest run is given, already validated: the parameters of the live config, the simulated
 * venue's settings and the time window. Plain data, so a piscina job carries it to a worker as is.
 */
import type { RiskParams } from '../../actors/risk/risk-params.js';
import type { StrategyParams } from '../../actors/symbol/strategy/strategy-params.js';
import type { SymbolParams } from '../../actors/symbol/symbol-params.js';
import type { QueueModel } from '../../venues/paper/paper-venue-api.js';
import type { RiskScope } from './backtest-risk.js';

/** `--latency MS|tape`: a constant both ways, or the tape's own feed latency (receive − event time, smoothed). */
export type LatencySetting = { kind: 'constant'; ms: number } | { kind: 'tape' };

/** The venue's standard (VIP 0, no BNB discount) USD-M fees: 0.02% maker, 0.05% taker. */
export const DEFAULT_FEES_BPS = Object.freeze({ maker: 2, taker: 5 });
export const DEFAULT_BALANCE_USDT = 10_000;
export const DEFAULT_LATENCY: LatencySetting = Object.freeze({ kind: 'constant', ms: 5 }) as LatencySetting;
/** Equity is sampled at most once per this much tape time, per symbol. */
export const EQUITY_SAMPLE_MS = 1_000;

export interface BacktestSettings {
  tapes: string[];
  symbolParams: SymbolParams;
  strategyParams: StrategyParams;
  riskParams: RiskParams;
  latency: LatencySetting;
  queue: QueueModel;
  makerFeeBps: number;
  takerFeeBps: number;
  balance: number;
  /**
   * 'account' (default): one set of risk limits across every symbol, as live; 'symbol': each symbol its own,
   * which `--workers` above 1 needs (backtest-risk.ts).
   */
  riskScope?: RiskScope;
  /** Exchange-time window: signals outside it are not traded; the tape is read up to `to`. */
  from: number;
  to: number;
}
