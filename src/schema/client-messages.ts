/**
 * Messages between the gateway and WS clients (DESIGN A3), as TypeBox schemas: the JSON Schema served at
 * /api/schema and the TypeScript types of the gateway come from these same definitions. Server messages
 * carry `type`; client ops carry `op`. Grows with the telemetry, strategy and execution issues.
 */
import { type Static, Type } from '@sinclair/typebox';
import { KillSwitchEvent, SymbolStats } from './internal-messages.js';
import { MetricsMessage } from './metrics-message.js';

/** Semver of the client contract; bump minor for additions, major for anything a client could trip on. */
export const SCHEMA_VERSION = '0.1.0';

export const CHANNELS = ['metrics', 'signals', 'orders', 'risk'] as const;
export const Channel = Type.Union(CHANNELS.map((c) => Type.Literal(c)));

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
    code: Type.String(),
    message: Type.String(),
  },
  { $id: 'error', additionalProperties: false },
);

export const Pong = Type.Object(
  { type: Type.Literal('pong'), id: Type.Union([Type.Integer(), Type.String()]), ts: Type.Number() },
  { $id: 'pong', additionalProperties: false },
);

export const SubscribeOp = Type.Object(
  {
    op: Type.Union([Type.Literal('subscribe'), Type.Literal('unsubscribe')]),
    symbols: Type.Array(Type.String(), { maxItems: 1000 }),
    channels: Type.Array(Channel, { maxItems: CHANNELS.length }),
  },
  { $id: 'subscribe', additionalProperties: false },
);

export const PingOp = Type.Object(
  { op: Type.Literal('ping'), id: Type.Union([Type.Integer(), Type.String({ maxLength: 64 })]) },
  { $id: 'ping', additionalProperties: false },
);

/** Everything the server may send to a client. */
export const SERVER_MESSAGES = [Hello, ErrorMessage, Pong, MetricsMessage, SymbolStats, KillSwitchEvent] as const;
/** Everything a client may send. */
export const CLIENT_OPS = [SubscribeOp, PingOp] as const;
