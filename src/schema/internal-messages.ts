/**
 * Messages exchanged between actors over the data channels. Each is a TypeBox schema, so the same definition
 * gives the TypeScript type, a validator for tests, and the msgpackr shared structure (its key order), see
 * `shared-structures.ts`. Build objects with keys in the schema's order to hit the shared structure.
 */
import { type Static, Type } from '@sinclair/typebox';
import { ReadinessSnapshot } from './order-messages.js';

/** A venue market event routed by ingest to one symbol actor (the payload shape is the codec's event). */
export const MarketEnvelope = Type.Object({
  type: Type.Literal('market'),
  symbol: Type.String(),
  /** Local receive time (ms, wall clock) of the frame that carried it: feed-lag telemetry only, never state. */
  recvTs: Type.Number(),
  /** Ingest's per-symbol sequence number: gaps in it mean the channel dropped frames. */
  seq: Type.Integer(),
  event: Type.Unknown(),
});
export type MarketEnvelope = Static<typeof MarketEnvelope>;

/** A trading intent from a symbol actor's strategy to risk. Never dropped. */
export const OrderIntent = Type.Object({
  type: Type.Literal('intent'),
  symbol: Type.String(),
  ts: Type.Number(),
  decisionId: Type.String(),
  side: Type.Union([Type.Literal('BUY'), Type.Literal('SELL')]),
  price: Type.Number(),
  quantity: Type.Number(),
  reason: Type.String(),
  /** The symbol's readiness as the intent left; risk's readiness gate judges the symbol by it. */
  readiness: Type.Optional(ReadinessSnapshot),
});
export type OrderIntent = Static<typeof OrderIntent>;

/** Risk → execution: cancel every open order (one symbol, or all when symbol is empty). Never dropped. */
export const CancelAllCommand = Type.Object({
  type: Type.Literal('cancel-all'),
  symbol: Type.String(),
  reason: Type.String(),
  ts: Type.Number(),
});
export type CancelAllCommand = Static<typeof CancelAllCommand>;

/** Kill-switch changes published by risk (to execution and the gateway). */
export const KillSwitchEvent = Type.Object({
  type: Type.Literal('kill-switch'),
  engaged: Type.Boolean(),
  symbol: Type.String(),
  reason: Type.String(),
  ts: Type.Number(),
});
export type KillSwitchEvent = Static<typeof KillSwitchEvent>;

/** Every internal message schema, in the order their shared structures are numbered. Append only. */
export const INTERNAL_MESSAGES = [MarketEnvelope, OrderIntent, CancelAllCommand, KillSwitchEvent] as const;

export type InternalMessage = MarketEnvelope | OrderIntent | CancelAllCommand | KillSwitchEvent;
