/**
 * The JSON Schema (draft 2020-12) document of the client contract, as served at /api/schema: every server
 * message under `$defs`, `oneOf` for "any server message" and "any client op", and `schemaVersion`.
 */
import type { TSchema } from '@sinclair/typebox';
import {
  ErrorMessage,
  Hello,
  OrderMessage,
  PingOp,
  Pong,
  RiskMessage,
  SCHEMA_VERSION,
  SignalMessage,
  SignalVerdict,
  SubscribeOp,
  Subscribed,
} from './client-messages.js';
import { HistoryMessage, HistoryOp } from './history-messages.js';
import { KillSwitchEvent } from './internal-messages.js';
import { LiquidationMessage, MetricsMessage, TradesMessage } from './metrics-message.js';

/** Everything the server may send to a client. */
export const SERVER_MESSAGES = [
  Hello,
  ErrorMessage,
  Pong,
  Subscribed,
  MetricsMessage,
  LiquidationMessage,
  TradesMessage,
  HistoryMessage,
  SignalMessage,
  SignalVerdict,
  OrderMessage,
  RiskMessage,
  KillSwitchEvent,
] as const;
/** Everything a client may send. */
export const CLIENT_OPS = [SubscribeOp, PingOp, HistoryOp] as const;

function defName(schema: TSchema, fallback: string): string {
  const id = schema.$id;
  if (typeof id === 'string') return id;
  const type = (schema as { properties?: { type?: { const?: unknown } } }).properties?.type?.const;
  return typeof type === 'string' ? type : fallback;
}

/** Strips `$id` from a definition so refs resolve through `$defs` of the one document. */
function plain(schema: TSchema): Record<string, unknown> {
  const { $id: _id, ...rest } = JSON.parse(JSON.stringify(schema)) as Record<string, unknown>;
  return rest;
}

export function schemaDocument(): Record<string, unknown> {
  const defs: Record<string, unknown> = {};
  const server: Array<{ $ref: string }> = [];
  const client: Array<{ $ref: string }> = [];
  SERVER_MESSAGES.forEach((s, i) => {
    const name = `server.${defName(s, `message${i}`)}`;
    defs[name] = plain(s);
    server.push({ $ref: `#/$defs/${name}` });
  });
  CLIENT_OPS.forEach((s, i) => {
    const name = `client.${defName(s, `op${i}`)}`;
    defs[name] = plain(s);
    client.push({ $ref: `#/$defs/${name}` });
  });
  defs.serverMessage = { oneOf: server };
  defs.clientOp = { oneOf: client };
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'https://tapeline.local/api/schema',
    title: 'Tapeline client messages',
    schemaVersion: SCHEMA_VERSION,
    $defs: defs,
    oneOf: [{ $ref: '#/$defs/serverMessage' }, { $ref: '#/$defs/clientOp' }],
  };
}
