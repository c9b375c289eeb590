/**
 * Parses and validates one client frame into an op (docs/contract.md, HTTP endpoints and WS protocol): JSON text on any connection, msgpack binary on a
 * msgpack connection. Every failure is a stable `TL_WS_*` code with a message naming the field, and never closes
 * the connection: the caller answers with an `error` message.
 */
import { TypeCompiler } from '@sinclair/typebox/compiler';
import type { Packr } from 'msgpackr';
import { PingOp, SubscribeOp } from '../../schema/client-messages.js';
import { HistoryOp } from '../../schema/history-messages.js';
import { type ErrorCode, errorMessage, type Failure } from '../../schema/errors.js';
import type { WireFormat } from './topics.js';

/** Ops are small; anything bigger is a mistake or abuse (uWS closes above `maxPayloadLength`, we answer below it). */
export const MAX_OP_BYTES = 4096;

export type ClientOp = SubscribeOp | PingOp | HistoryOp;
export type OpResult = { ok: true; op: ClientOp } | ({ ok: false } & Failure);

const checkSubscribe = TypeCompiler.Compile(SubscribeOp);
const checkPing = TypeCompiler.Compile(PingOp);
const checkHistory = TypeCompiler.Compile(HistoryOp);
const decoder = new TextDecoder('utf-8', { fatal: true });

function fail(code: ErrorCode, detail: string): OpResult {
  return { ok: false, code, detail };
}

function decodeFrame(
  data: ArrayBuffer,
  isBinary: boolean,
  format: WireFormat,
  packr: Packr,
): { value: unknown } | OpResult {
  if (isBinary) {
    if (format !== 'msgpack')
      return fail(
        'TL_WS_BINARY_ON_JSON',
        'binary frames are accepted only on /ws?format=msgpack; send ops as JSON text',
      );
    try {
      return { value: packr.unpack(new Uint8Array(data)) };
    } catch (err) {
      return fail('TL_WS_BAD_MSGPACK', `op is not valid msgpack: ${errorMessage(err)}`);
    }
  }
  let text: string;
  try {
    text = decoder.decode(data);
  } catch {
    return fail('TL_WS_BAD_JSON', 'op is not valid UTF-8 text');
  }
  try {
    return { value: JSON.parse(text) as unknown };
  } catch (err) {
    return fail('TL_WS_BAD_JSON', `op is not valid JSON: ${errorMessage(err)}`);
  }
}

function firstError(errors: Iterable<{ path: string; message: string }>): string {
  for (const e of errors) return `${e.path || '/'}: ${e.message}`;
  return 'does not match the schema';
}

export function parseOp(data: ArrayBuffer, isBinary: boolean, format: WireFormat, packr: Packr): OpResult {
  if (data.byteLength > MAX_OP_BYTES)
    return fail('TL_WS_OP_TOO_LARGE', `op is ${data.byteLength} bytes; the limit is ${MAX_OP_BYTES}`);
  const decoded = decodeFrame(data, isBinary, format, packr);
  if (!('value' in decoded)) return decoded;
  const value = decoded.value;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return fail('TL_WS_BAD_OP', 'an op is an object with an "op" field, e.g. {"op":"ping","id":1}');
  }
  const op = (value as { op?: unknown }).op;
  switch (op) {
    case 'subscribe':
    case 'unsubscribe':
      if (checkSubscribe.Check(value)) return { ok: true, op: value };
      return fail(
        'TL_WS_BAD_OP',
        `${op}: ${firstError(checkSubscribe.Errors(value))} (expected {"op":"${op}","symbols":[..],"channels":[..]})`,
      );
    case 'ping':
      if (checkPing.Check(value)) return { ok: true, op: value };
      return fail('TL_WS_BAD_OP', `ping: ${firstError(checkPing.Errors(value))} (expected {"op":"ping","id":N})`);
    case 'history':
      if (checkHistory.Check(value)) return { ok: true, op: value };
      return fail(
        'TL_WS_BAD_OP',
        `history: ${firstError(checkHistory.Errors(value))} (expected {"op":"history","symbol":"BTCUSDT","minutes":30})`,
      );
    default:
      return fail(
        'TL_WS_UNKNOWN_OP',
        `unknown op ${JSON.stringify(op)?.slice(0, 40) ?? 'undefined'}; known: subscribe, unsubscribe, ping, history`,
      );
  }
}
