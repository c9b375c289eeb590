/**
 * A small backtest's records with every figure worked out by hand (see summary.test.ts): two BTCUSDT round
 * trips of sweepFade (the second opened by a fill through zero), one ETHUSDT position of imbalanceBreakout left
 * open and paying funding, three signals, five equity points.
 */
import type {
  EquityPoint,
  FillRecord,
  FundingRecord,
  SignalRecord,
} from '../../../../src/app/backtest/report/records.js';
import type { SummaryInput } from '../../../../src/app/backtest/report/summary.js';

function fill(
  ts: number,
  symbol: string,
  strategy: string,
  side: 'BUY' | 'SELL',
  price: number,
  qty: number,
  liquidity: 'maker' | 'taker',
  fee: number,
): FillRecord {
  return {
    type: 'fill',
    ts,
    symbol,
    side,
    price,
    qty,
    liquidity,
    fee,
    realizedPnl: 0,
    clientOrderId: `c${ts}`,
    decisionId: `${symbol}:${strategy}:${ts}`,
    strategy,
    queueAhead: 0,
    latencyMs: 10,
  };
}

function signal(ts: number, accepted: boolean, riskCode: string | null): SignalRecord {
  return {
    type: 'signal',
    ts,
    symbol: 'BTCUSDT',
    strategy: 'sweepFade',
    decisionId: `BTCUSDT:sweepFade:${ts}`,
    side: 'BUY',
    entry: 60000,
    invalidation: 59900,
    target: 60200,
    strength: 0.5,
    quantity: 0.01,
    reason: 'test',
    accepted,
    riskCode,
    riskDetail: riskCode ? 'detail' : '',
  };
}

function equity(ts: number, value: number): EquityPoint {
  return { type: 'equity', ts, equity: value, realized: 0, unrealized: 0, fees: 0, funding: 0, positions: {} };
}

export const FILLS: FillRecord[] = [
  fill(60_000, 'BTCUSDT', 'sweepFade', 'BUY', 60000.1, 0.01, 'maker', 0.1200002),
  fill(120_000, 'BTCUSDT', 'sweepFade', 'SELL', 60010.5, 0.004, 'taker', 0.120021),
  fill(180_000, 'BTCUSDT', 'sweepFade', 'SELL', 59990, 0.01, 'taker', 0.29995),
  fill(240_000, 'BTCUSDT', 'sweepFade', 'BUY', 59980, 0.004, 'maker', 0.047984),
  fill(300_000, 'ETHUSDT', 'imbalanceBreakout', 'BUY', 2500.05, 0.5, 'taker', 0.6250125),
];

export const FUNDING: FundingRecord[] = [
  { type: 'funding', ts: 480_000, symbol: 'ETHUSDT', amount: -0.12525, markPrice: 2505, fundingRate: 0.0001 },
];

export const SIGNALS: SignalRecord[] = [
  signal(1, true, null),
  signal(2, false, 'TL_RISK_COOLDOWN'),
  signal(3, false, 'TL_RISK_COOLDOWN'),
  signal(4, false, 'TL_RISK_PRICE_BAND'),
];

export const EQUITY: EquityPoint[] = [
  equity(0, 10000),
  equity(60_000, 10001.5),
  equity(120_000, 9999),
  equity(180_000, 10002),
  equity(240_000, 10000.5),
];

export const INPUT: SummaryInput = {
  fills: FILLS,
  funding: FUNDING,
  signals: SIGNALS,
  equity: EQUITY,
  balance: 10_000,
  from: 0,
  to: 600_000,
  lastMid: { BTCUSDT: 59985.05, ETHUSDT: 2510 },
  excludedMs: { ETHUSDT: 0, BTCUSDT: 1500 },
};
