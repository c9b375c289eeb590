/**
 * The admin socket's wire protocol (docs/contract.md, admin socket protocol): one JSON object per line each way. This module only parses and
 * validates a request line into a typed `AdminRequest` or an `AdminError`, and shapes replies; it does no I/O,
 * so every malformed-input path is unit-testable without a socket.
 */
import type { ErrorCode } from '../../schema/errors.js';
import { SYMBOL_PATTERN } from '../../schema/config/symbol-pattern.js';

export const DEFAULT_MAX_LINE_BYTES = 64 * 1024;
/** Free-text fields end up in logs and replies; bound them so one request cannot flood either. */
export const MAX_TEXT_LENGTH = 512;

const SYMBOL_RE = new RegExp(SYMBOL_PATTERN);
const ACTOR_RE = /^(supervisor|ingest|risk|execution|gateway|symbol\/[A-Z0-9]{2,20})$/;

/** A request id is echoed as-is; the client picks it. JSON scalars only, so an echo cannot be large. */
export type AdminId = number | string | null;

export type AdminCommand = 'status' | 'kill' | 'arm' | 'actors' | 'restart' | 'symbols' | 'config';
export const ADMIN_COMMANDS: readonly AdminCommand[] = [
  'status',
  'kill',
  'arm',
  'actors',
  'restart',
  'symbols',
  'config',
];

export type AdminRequest =
  | { id: AdminId; cmd: 'status' }
  | { id: AdminId; cmd: 'actors' }
  | { id: AdminId; cmd: 'kill'; reason: string; symbol?: string | undefined }
  | { id: AdminId; cmd: 'arm'; reason: string; symbol?: string | undefined }
  | { id: AdminId; cmd: 'restart'; actor: string }
  | { id: AdminId; cmd: 'symbols'; add?: string[] | undefined; remove?: string[] | undefined }
  | { id: AdminId; cmd: 'config'; get?: boolean | undefined; set?: Record<string, unknown> | undefined };

export interface AdminErrorBody {
  code: ErrorCode;
  message: string;
}

export type AdminReply =
  | ({ id: AdminId; ok: true } & Record<string, unknown>)
  | { id: AdminId; ok: false; error: AdminErrorBody };

/** A line that cannot become a request; `id` is kept when the line got far enough to have one. */
export interface AdminParseError {
  id: AdminId;
  error: AdminErrorBody;
}

export type ParseResult = { ok: true; request: AdminRequest } | { ok: false; failure: AdminParseError };

function fail(id: AdminId, code: ErrorCode, message: string): ParseResult {
  return { ok: false, failure: { id, error: { code, message } } };
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Fields each command accepts besides `id` and `cmd`; anything else is refused so a typo is not ignored. */
const ALLOWED_FIELDS: Record<AdminCommand, readonly string[]> = {
  status: [],
  actors: [],
  kill: ['reason', 'symbol'],
  arm: ['reason', 'symbol'],
  restart: ['actor'],
  symbols: ['add', 'remove'],
  config: ['get', 'set'],
};

function optionalText(obj: Record<string, unknown>, field: string): string | undefined | Error {
  const v = obj[field];
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || v.length > MAX_TEXT_LENGTH || /[\r\n]/.test(v)) {
    return new Error(`"${field}" must be a single-line string of at most ${MAX_TEXT_LENGTH} characters`);
  }
  return v;
}

function optionalSymbol(obj: Record<string, unknown>): string | undefined | Error {
  const v = obj.symbol;
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || !SYMBOL_RE.test(v.toUpperCase())) {
    return new Error('"symbol" must be a symbol like "BTCUSDT"');
  }
  return v.toUpperCase();
}

function symbolList(obj: Record<string, unknown>, field: string): string[] | undefined | Error {
  const v = obj[field];
  if (v === undefined) return undefined;
  if (!Array.isArray(v) || v.length === 0 || v.length > 1000) {
    return new Error(`"${field}" must be a non-empty array of symbols like ["XRPUSDT"]`);
  }
  const out: string[] = [];
  for (const s of v) {
    if (typeof s !== 'string' || !SYMBOL_RE.test(s.toUpperCase())) {
      return new Error(`"${field}" must hold symbols like "XRPUSDT" (got ${JSON.stringify(s)?.slice(0, 40)})`);
    }
    if (!out.includes(s.toUpperCase())) out.push(s.toUpperCase());
  }
  return out;
}

/** Parses one line (without its newline). Never throws. */
export function parseAdminRequest(line: string): ParseResult {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (err) {
    return fail(null, 'TL_ADMIN_BAD_REQUEST', `malformed JSON: ${(err as Error).message.replace(/\s+/g, ' ')}`);
  }
  if (!isPlainObject(value)) {
    return fail(null, 'TL_ADMIN_BAD_REQUEST', 'a request must be a JSON object like {"id":1,"cmd":"status"}');
  }
  const rawId = value.id;
  const idOk = rawId === undefined || rawId === null || typeof rawId === 'string' || Number.isFinite(rawId);
  const id: AdminId = idOk && rawId !== undefined ? (rawId as AdminId) : null;
  if (!idOk || (typeof rawId === 'string' && rawId.length > 128)) {
    return fail(null, 'TL_ADMIN_BAD_REQUEST', '"id" must be a number, a string of at most 128 characters, or null');
  }
  const cmd = value.cmd;
  if (typeof cmd !== 'string') {
    return fail(id, 'TL_ADMIN_BAD_REQUEST', `"cmd" must be a string, one of: ${ADMIN_COMMANDS.join(', ')}`);
  }
  if (!(ADMIN_COMMANDS as readonly string[]).includes(cmd)) {
    return fail(
      id,
      'TL_ADMIN_UNKNOWN_COMMAND',
      `unknown command ${JSON.stringify(cmd.slice(0, 40))}; known: ${ADMIN_COMMANDS.join(', ')}`,
    );
  }
  const command = cmd as AdminCommand;
  const allowed = ALLOWED_FIELDS[command];
  for (const key of Object.keys(value)) {
    if (key !== 'id' && key !== 'cmd' && !allowed.includes(key)) {
      const accepts = allowed.length > 0 ? `accepts only: ${allowed.join(', ')}` : 'takes no fields';
      return fail(id, 'TL_ADMIN_BAD_REQUEST', `"${command}" ${accepts} (got ${JSON.stringify(key.slice(0, 40))})`);
    }
  }
  return parseFields(id, command, value);
}

function parseFields(id: AdminId, cmd: AdminCommand, obj: Record<string, unknown>): ParseResult {
  const bad = (e: Error) => fail(id, 'TL_ADMIN_BAD_REQUEST', `${cmd}: ${e.message}`);
  switch (cmd) {
    case 'status':
    case 'actors':
      return { ok: true, request: { id, cmd } };
    case 'kill':
    case 'arm': {
      const reason = optionalText(obj, 'reason');
      if (reason instanceof Error) return bad(reason);
      const symbol = optionalSymbol(obj);
      if (symbol instanceof Error) return bad(symbol);
      const request = { id, cmd, reason: reason ?? `admin ${cmd}`, ...(symbol ? { symbol } : {}) };
      return { ok: true, request };
    }
    case 'restart': {
      const actor = obj.actor;
      if (typeof actor !== 'string' || !ACTOR_RE.test(actor)) {
        return bad(new Error('"actor" must name an actor like "symbol/BTCUSDT", "ingest", "risk"'));
      }
      return { ok: true, request: { id, cmd, actor } };
    }
    case 'symbols': {
      const add = symbolList(obj, 'add');
      if (add instanceof Error) return bad(add);
      const remove = symbolList(obj, 'remove');
      if (remove instanceof Error) return bad(remove);
      if (!add && !remove) return bad(new Error('give "add" or "remove", e.g. {"cmd":"symbols","add":["XRPUSDT"]}'));
      return { ok: true, request: { id, cmd, add, remove } };
    }
    case 'config': {
      if (obj.get !== undefined && typeof obj.get !== 'boolean') return bad(new Error('"get" must be true'));
      if (obj.set !== undefined && !isPlainObject(obj.set)) return bad(new Error('"set" must be an object of K: V'));
      if (obj.get === undefined && obj.set === undefined) return bad(new Error('give "get":true or "set":{...}'));
      return { ok: true, request: { id, cmd, get: obj.get as boolean | undefined, set: obj.set as never } };
    }
  }
}

export function okReply(id: AdminId, fields: Record<string, unknown>): AdminReply {
  // id and ok first and never overwritten by a field of the same name.
  return { ...fields, id, ok: true } as AdminReply;
}

export function errorReply(id: AdminId, code: ErrorCode, message: string): AdminReply {
  return { id, ok: false, error: { code, message } };
}

/** Serializes a reply as one line; key order puts id and ok first for humans reading the socket. */
export function encodeReply(reply: AdminReply): string {
  const { id, ok, ...rest } = reply as Record<string, unknown>;
  return `${JSON.stringify({ id, ok, ...rest })}\n`;
}
