/** Builds a RiskCore with every gate open (or as told) and a recording sink, for the risk unit tests. */
import { RiskCore, type DecisionRecord } from '../../../src/actors/risk/risk-core.js';
import { parseRiskParams } from '../../../src/actors/risk/risk-params.js';
import type { OrderIntent } from '../../../src/schema/internal-messages.js';
import type { ExecutionStatus, SymbolFilters, SymbolReadiness } from '../../../src/schema/order-messages.js';

export const T0 = 1_700_000_000_000;

export function filters(symbol = 'BTCUSDT'): SymbolFilters {
  return {
    type: 'symbol-filters',
    symbol,
    tickSize: 0.1,
    stepSize: 0.001,
    minQty: 0.001,
    maxQty: 1000,
    minNotional: 100,
    multiplierUp: 1.15,
    multiplierDown: 0.85,
  };
}

export function readiness(symbol = 'BTCUSDT', ts = T0, over: Partial<SymbolReadiness> = {}): SymbolReadiness {
  return {
    type: 'symbol-readiness',
    symbol,
    ts,
    bookInSync: true,
    backfillDone: true,
    dataFresh: true,
    markPrice: 60_000,
    ...over,
  };
}

export function execStatus(over: Partial<ExecutionStatus> = {}): ExecutionStatus {
  return {
    type: 'execution-status',
    ts: T0,
    keys: true,
    clockSynced: true,
    userStreamLive: true,
    positionsReconciled: true,
    positions: {},
    openOrders: {},
    ...over,
  };
}

let n = 0;
export function intent(over: Partial<OrderIntent> = {}): OrderIntent {
  return {
    type: 'intent',
    symbol: 'BTCUSDT',
    ts: T0,
    decisionId: `d-${++n}`,
    side: 'BUY',
    price: 59_990,
    quantity: 0.002,
    reason: 'test',
    ...over,
  };
}

export interface Harness {
  core: RiskCore;
  approved: unknown[];
  published: unknown[];
  records: DecisionRecord[];
}

export function openCore(
  opts: { params?: Record<string, unknown>; executionEnabled?: boolean; keys?: boolean; arm?: boolean } = {},
): Harness {
  const h: Harness = { core: undefined as unknown as RiskCore, approved: [], published: [], records: [] };
  h.core = new RiskCore(
    {
      params: parseRiskParams({ cooldownAfterOrderMs: 0, rampStart: 1, rampMax: 1, ...opts.params }),
      executionEnabled: opts.executionEnabled ?? true,
      keys: opts.keys ?? true,
      now: T0,
      startReason: 'engaged at start',
    },
    {
      approved: (m: unknown) => h.approved.push(m),
      publish: (m: unknown) => h.published.push(m),
      record: (r: DecisionRecord) => h.records.push(r),
    },
  );
  h.core.onExecution(filters(), T0);
  h.core.onExecution(filters('ETHUSDT'), T0);
  h.core.onExecution(execStatus(), T0);
  h.core.onReadiness(readiness());
  h.core.onReadiness(readiness('ETHUSDT', T0, { markPrice: 3000 }));
  if (opts.arm !== false && (opts.executionEnabled ?? true)) h.core.arm('test', undefined, T0);
  h.approved.length = 0;
  return h;
}

export function approvedOrders(
  h: Harness,
): Array<{ type: string; quantity: number; price: number; decisionId: string }> {
  return h.approved.filter((m) => (m as { type: string }).type === 'approved-order') as never;
}

export function lastCode(h: Harness): string | undefined {
  return [...h.records].reverse().find((r) => r.kind === 'decision')?.code;
}
