/**
 * The shape every pre-trade check shares: a pure function of the candidate order and risk's view, returning
 * undefined to pass or a refusal with a stable `TL_RISK_*` code and a detail naming the value and the limit.
 * Checks never mutate state and never read a clock: `now` comes in the context.
 */
import type { SymbolFilters } from '../../../schema/order-messages.js';
import type { Exposure } from '../exposure.js';
import type { RiskParams } from '../risk-params.js';

export const RISK_CODES = {
  executionDisabled: 'TL_RISK_GATE_EXECUTION_DISABLED',
  killSwitch: 'TL_RISK_GATE_KILL_SWITCH',
  noKeys: 'TL_RISK_GATE_NO_KEYS',
  notReady: 'TL_RISK_GATE_NOT_READY',
  invalidIntent: 'TL_RISK_INVALID_INTENT',
  orderNotional: 'TL_RISK_ORDER_NOTIONAL',
  positionNotional: 'TL_RISK_POSITION_NOTIONAL',
  grossNotional: 'TL_RISK_GROSS_NOTIONAL',
  openOrders: 'TL_RISK_OPEN_ORDERS',
  priceBand: 'TL_RISK_PRICE_BAND',
  orderRate: 'TL_RISK_ORDER_RATE',
  cooldown: 'TL_RISK_COOLDOWN',
  dailyLoss: 'TL_RISK_DAILY_LOSS',
  minNotional: 'TL_RISK_MIN_NOTIONAL',
  precision: 'TL_RISK_PRECISION',
  noFilters: 'TL_RISK_NO_FILTERS',
} as const;

export type RiskCode = (typeof RISK_CODES)[keyof typeof RISK_CODES];

export interface RiskRefusal {
  code: RiskCode;
  detail: string;
}

/** The order as risk would approve it: price and quantity already on the venue's grid. */
export interface OrderCandidate {
  symbol: string;
  side: 'BUY' | 'SELL';
  price: number;
  quantity: number;
  notional: number;
}

export interface CheckContext {
  params: RiskParams;
  exposure: Exposure;
  filters: SymbolFilters | undefined;
  now: number;
}

export type RiskCheck = (order: OrderCandidate, ctx: CheckContext) => RiskRefusal | undefined;

export function refuse(code: RiskCode, detail: string): RiskRefusal {
  return { code, detail };
}
