/**
 * Internal messages of the order path (docs/contract.md, safety invariants): readiness from symbol actors, approved orders risk →
 * execution, and what execution reports back to risk on `execution-reports` (fills, order updates, its own readiness,
 * the venue's symbol filters). TypeBox schemas, like `internal-messages.ts`; every one carries `type`.
 */
import { type Static, Type } from '@sinclair/typebox';

const Side = Type.Union([Type.Literal('BUY'), Type.Literal('SELL')]);

/**
 * A symbol actor's readiness snapshot, taken as an intent leaves and carried on it as `readiness` (see
 * internal-messages.ts). `markPrice` is the symbol's mark/mid when the snapshot was taken.
 */
export const ReadinessSnapshot = Type.Object({
  /** Wall-clock ms the symbol actor took the snapshot (data freshness is judged against it). */
  ts: Type.Number(),
  bookInSync: Type.Boolean(),
  backfillDone: Type.Boolean(),
  /** Market data arrived recently enough (the symbol actor's own staleness verdict). */
  dataFresh: Type.Boolean(),
  markPrice: Type.Number(),
});
export type ReadinessSnapshot = Static<typeof ReadinessSnapshot>;

/** Risk's record of a symbol's readiness (gate 4): the snapshot of the symbol's last intent. */
export const SymbolReadiness = Type.Object({
  type: Type.Literal('symbol-readiness'),
  symbol: Type.String(),
  ...ReadinessSnapshot.properties,
});
export type SymbolReadiness = Static<typeof SymbolReadiness>;

/** Risk → execution: one approved LIMIT order. `decisionId` is the risk decision it came from. */
export const ApprovedOrder = Type.Object({
  type: Type.Literal('approved-order'),
  decisionId: Type.String(),
  symbol: Type.String(),
  side: Side,
  price: Type.Number(),
  quantity: Type.Number(),
  timeInForce: Type.Union([Type.Literal('GTX'), Type.Literal('GTC')]),
  /** Cancel the order when it is still open after this many ms (0 = no TTL). */
  ttlMs: Type.Integer({ minimum: 0 }),
  ts: Type.Number(),
});
export type ApprovedOrder = Static<typeof ApprovedOrder>;

/** Execution → risk: a fill (from the user stream), with the position it left. */
export const FillReport = Type.Object({
  type: Type.Literal('fill'),
  symbol: Type.String(),
  decisionId: Type.String(),
  clientOrderId: Type.String(),
  side: Side,
  quantity: Type.Number(),
  price: Type.Number(),
  /** Realized PnL of this fill in quote (venue's `rp`), commission excluded. */
  realizedPnl: Type.Number(),
  commission: Type.Number(),
  /** Signed position after the fill (base asset). */
  positionAmt: Type.Number(),
  ts: Type.Number(),
});
export type FillReport = Static<typeof FillReport>;

/** Execution → risk: an order changed state; risk keeps its open-order count from these. */
export const OrderUpdate = Type.Object({
  type: Type.Literal('order-update'),
  symbol: Type.String(),
  /** The risk decision the order came from ('' for orders found at reconciliation that we did not place). */
  decisionId: Type.String(),
  clientOrderId: Type.String(),
  /** NEW, PARTIALLY_FILLED, FILLED, CANCELED, EXPIRED, REJECTED or UNKNOWN (5xx/timeout, reconciling). */
  status: Type.String(),
  /** Open orders on this symbol after the change (execution's count, authoritative). */
  openOrders: Type.Integer({ minimum: 0 }),
  /** Remaining open notional on this symbol (quote). */
  openNotional: Type.Number(),
  reason: Type.String(),
  ts: Type.Number(),
});
export type OrderUpdate = Static<typeof OrderUpdate>;

/** Execution → risk: execution's half of the readiness gate, and the positions it reconciled. */
export const ExecutionStatus = Type.Object({
  type: Type.Literal('execution-status'),
  ts: Type.Number(),
  keys: Type.Boolean(),
  clockSynced: Type.Boolean(),
  userStreamLive: Type.Boolean(),
  positionsReconciled: Type.Boolean(),
  /** Signed position per symbol (base asset), as last reconciled or filled. */
  positions: Type.Record(Type.String(), Type.Number()),
  /** Open orders per symbol. */
  openOrders: Type.Record(Type.String(), Type.Integer({ minimum: 0 })),
});
export type ExecutionStatus = Static<typeof ExecutionStatus>;

/** Execution → risk: a symbol's exchangeInfo filters (min notional and precision checks). */
export const SymbolFilters = Type.Object({
  type: Type.Literal('symbol-filters'),
  symbol: Type.String(),
  tickSize: Type.Number({ exclusiveMinimum: 0 }),
  stepSize: Type.Number({ exclusiveMinimum: 0 }),
  minQty: Type.Number({ minimum: 0 }),
  maxQty: Type.Number({ exclusiveMinimum: 0 }),
  minNotional: Type.Number({ minimum: 0 }),
  /** PERCENT_PRICE multipliers around mark. */
  multiplierUp: Type.Number(),
  multiplierDown: Type.Number(),
});
export type SymbolFilters = Static<typeof SymbolFilters>;

export const ORDER_MESSAGES = [
  SymbolReadiness,
  ApprovedOrder,
  FillReport,
  OrderUpdate,
  ExecutionStatus,
  SymbolFilters,
] as const;

/** What execution sends risk on `execution-reports`. */
export type ExecutionToRisk = FillReport | OrderUpdate | ExecutionStatus | SymbolFilters;
