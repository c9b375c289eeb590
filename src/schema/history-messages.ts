/**
 * The `history` op and its reply (docs/contract.md, WS protocol): a client that connects (or switches symbol)
 * asks for one symbol's recent past, kept in the gateway's memory: one point per second of snapshots for up to
 * 30 minutes, the latest prints, liquidations, signals and orders. Columnar like `trades`.
 */
import { type Static, Type } from '@sinclair/typebox';
import { OrderMessage, SignalMessage, SignalVerdict } from './client-messages.js';
import { LiquidationMessage, TradeColumns } from './metrics-message.js';

/** The longest history the gateway keeps and a client may ask for, minutes. */
export const HISTORY_MAX_MINUTES = 30;

export const HistoryOp = Type.Object(
  {
    op: Type.Literal('history'),
    symbol: Type.String({ maxLength: 32 }),
    /** How far back, minutes (default and maximum HISTORY_MAX_MINUTES). */
    minutes: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: HISTORY_MAX_MINUTES })),
  },
  { $id: 'history-op', additionalProperties: false },
);
export type HistoryOp = Static<typeof HistoryOp>;

const Col = Type.Array(Type.Union([Type.Number(), Type.Null()]));

/** One point per second (the last snapshot of that second), columnar; null where the snapshot had null. */
export const HistoryPoints = Type.Object(
  {
    /** Snapshot boundary, ms. */
    ts: Type.Array(Type.Number()),
    last: Col,
    mid: Col,
    vwap: Col,
    upper1: Col,
    lower1: Col,
    upper2: Col,
    lower2: Col,
    cvd: Col,
    obi: Col,
    deltaZ: Col,
    openInterest: Col,
    fundingRate: Col,
    atr: Col,
  },
  { additionalProperties: false },
);
export type HistoryPoints = Static<typeof HistoryPoints>;

export const HistoryMessage = Type.Object(
  {
    type: Type.Literal('history'),
    symbol: Type.String(),
    /** Oldest point kept, ms (points older than the request were left out). */
    from: Type.Number(),
    points: HistoryPoints,
    /** The latest prints the gateway holds, in the `trades` message's shape. */
    trades: TradeColumns,
    liquidations: Type.Array(LiquidationMessage),
    signals: Type.Array(Type.Union([SignalMessage, SignalVerdict])),
    orders: Type.Array(OrderMessage),
  },
  { $id: 'history', additionalProperties: false },
);
export type HistoryMessage = Static<typeof HistoryMessage>;
