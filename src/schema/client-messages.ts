/**
 * Messages between the gateway and WS clients (docs/contract.md, HTTP endpoints and WS protocol), as TypeBox schemas: the JSON Schema served at
 * /api/schema and the TypeScript types of the gateway come from these same definitions. Server messages
 * carry `type`; client ops carry `op`. Producers (symbol, risk, execution actors) build these shapes.
 */
import { type Static, Type } from '@sinclair/typebox';

/** Semver of the client contract; bump minor for additions, major for anything a client could trip on. */
export const SCHEMA_VERSION = '0.6.0';

export const CHANNELS = ['metrics', 'signals', 'orders', 'risk', 'trades'] as const;
export type ChannelName = (typeof CHANNELS)[number];
export const Channel = Type.Union(CHANNELS.map((c) => Type.Literal(c)));

const Side = Type.Union([Type.Literal('BUY'), Type.Literal('SELL')]);
const NullableNum = Type.Union([Type.Number(), Type.Null()]);

export const Hello = Type.Object(
  {
    type: Type.Literal('hello'),
    schemaVersion: Type.String(),
    symbols: Type.Array(Type.String()),
    channels: Type.Array(Channel),
  },
  { $id: 'hello', additionalProperties: false },
);
export type Hello = Static<typeof Hello>;

export const ErrorMessage = Type.Object(
  {
    type: Type.Literal('error'),
    /** Stable code (`TL_WS_...`): branch on it, never on the message. */
    code: Type.String(),
    message: Type.String(),
  },
  { $id: 'error', additionalProperties: false },
);
export type ErrorMessage = Static<typeof ErrorMessage>;

export const Pong = Type.Object(
  { type: Type.Literal('pong'), id: Type.Union([Type.Integer(), Type.String()]), ts: Type.Number() },
  { $id: 'pong', additionalProperties: false },
);
export type Pong = Static<typeof Pong>;

/** The acknowledgement of a subscribe/unsubscribe: the connection's whole subscription after the op. */
export const Subscribed = Type.Object(
  {
    type: Type.Literal('subscribed'),
    subscriptions: Type.Array(
      Type.Object({ symbol: Type.String(), channel: Channel }, { additionalProperties: false }),
    ),
  },
  { $id: 'subscribed', additionalProperties: false },
);
export type Subscribed = Static<typeof Subscribed>;

/** A strategy signal from a symbol actor: what it saw, why, and whether risk accepted it. */
export const SignalMessage = Type.Object(
  {
    type: Type.Literal('signal'),
    symbol: Type.String(),
    ts: Type.Number(),
    strategy: Type.String(),
    side: Side,
    strength: Type.Number(),
    reason: Type.String(),
    /** The metric values the strategy used (name → value). */
    metrics: Type.Record(Type.String(), Type.Union([Type.Number(), Type.String(), Type.Boolean(), Type.Null()])),
    /** null while risk has not decided (the symbol actor sends the signal with its intent); see `signal-verdict`. */
    accepted: Type.Union([Type.Boolean(), Type.Null()]),
    /** Why risk refused it (a `TL_RISK_...` code), when it did. */
    refusal: Type.Optional(Type.String()),
    decisionId: Type.Optional(Type.String()),
  },
  { $id: 'signal', additionalProperties: false },
);
export type SignalMessage = Static<typeof SignalMessage>;

/** Risk's decision on a signal's intent, matched to the `signal` by `decisionId` (channel `signals`). */
export const SignalVerdict = Type.Object(
  {
    type: Type.Literal('signal-verdict'),
    symbol: Type.String(),
    ts: Type.Number(),
    decisionId: Type.String(),
    accepted: Type.Boolean(),
    /** The `TL_RISK_...` code of the refusal, when refused. */
    refusal: Type.Optional(Type.String()),
  },
  { $id: 'signal-verdict', additionalProperties: false },
);
export type SignalVerdict = Static<typeof SignalVerdict>;

/** PENDING: journaled, request in flight. UNKNOWN: a 5xx or timeout left the outcome open until reconciled. */
export const ORDER_STATUSES = [
  'PENDING',
  'UNKNOWN',
  'NEW',
  'PARTIALLY_FILLED',
  'FILLED',
  'CANCELED',
  'REJECTED',
  'EXPIRED',
] as const;

/** Every order state change seen by execution. */
export const OrderMessage = Type.Object(
  {
    type: Type.Literal('order'),
    symbol: Type.String(),
    ts: Type.Number(),
    clientOrderId: Type.String(),
    orderId: Type.Union([Type.Integer(), Type.String(), Type.Null()]),
    side: Side,
    orderType: Type.String(),
    status: Type.Union(ORDER_STATUSES.map((s) => Type.Literal(s))),
    price: NullableNum,
    quantity: Type.Number(),
    filledQuantity: Type.Number(),
    avgPrice: NullableNum,
    /** Venue error or cancel reason, when there is one. */
    reason: Type.Optional(Type.String()),
  },
  { $id: 'order', additionalProperties: false },
);
export type OrderMessage = Static<typeof OrderMessage>;

const KillSwitchEntry = Type.Object(
  { engaged: Type.Boolean(), reason: Type.String(), since: Type.Number() },
  { additionalProperties: false },
);

/** The risk actor's view: gates, kill switch, budgets and cooldowns. Global (no `symbol`). */
export const RiskMessage = Type.Object(
  {
    type: Type.Literal('risk'),
    ts: Type.Number(),
    killSwitch: Type.Object(
      {
        engaged: Type.Boolean(),
        reason: Type.String(),
        since: Type.Number(),
        symbols: Type.Record(Type.String(), KillSwitchEntry),
      },
      { additionalProperties: false },
    ),
    gates: Type.Object(
      { executionEnabled: Type.Boolean(), keys: Type.Boolean(), ready: Type.Boolean() },
      { additionalProperties: Type.Boolean() },
    ),
    /** Budget name → used and limit (notional, order count, loss...). */
    budgets: Type.Record(
      Type.String(),
      Type.Object({ used: Type.Number(), limit: Type.Number() }, { additionalProperties: false }),
    ),
    /** Cooldown key (symbol or strategy) → until (ms) and why. */
    cooldowns: Type.Record(
      Type.String(),
      Type.Object({ until: Type.Number(), reason: Type.String() }, { additionalProperties: false }),
    ),
  },
  { $id: 'risk', additionalProperties: false },
);
export type RiskMessage = Static<typeof RiskMessage>;

export const SubscribeOp = Type.Object(
  {
    op: Type.Union([Type.Literal('subscribe'), Type.Literal('unsubscribe')]),
    /** Symbols, or `"*"` for every symbol the gateway knows. */
    symbols: Type.Array(Type.String({ maxLength: 32 }), { minItems: 1, maxItems: 1000 }),
    channels: Type.Array(Channel, { minItems: 1, maxItems: CHANNELS.length }),
  },
  { $id: 'subscribe', additionalProperties: false },
);
export type SubscribeOp = Static<typeof SubscribeOp>;

export const PingOp = Type.Object(
  { op: Type.Literal('ping'), id: Type.Union([Type.Integer(), Type.String({ maxLength: 64 })]) },
  { $id: 'ping', additionalProperties: false },
);
export type PingOp = Static<typeof PingOp>;
