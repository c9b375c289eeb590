/**
 * Parsers for the single values an operator types (ports, symbol lists, booleans, hosts, socket paths),
 * shared by `run`, `sim` and `admin`. Each takes the field's user-facing name (`--port`, `TAPELINE_PORT`,
 * `port in ./x.json`) so every failure is one `TL_CONFIG_INVALID` line that names where the bad value came from.
 */
import { isIP } from 'node:net';
import { TapelineError } from '../errors.js';
import { SYMBOL_PATTERN } from './symbol-pattern.js';

/** sun_path is 108 bytes on Linux including the terminating NUL, so 107 usable bytes. */
export const MAX_UNIX_SOCKET_PATH_BYTES = 107;

const SYMBOL_RE = new RegExp(SYMBOL_PATTERN);
const HOSTNAME_RE =
  /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

/** Renders a bad value for a message: JSON-quoted, one line, short. Never call it with a secret. */
export function shown(value: unknown): string {
  let text: string;
  try {
    text = value === undefined ? 'nothing' : (JSON.stringify(value) ?? String(value));
  } catch {
    // A value JSON cannot encode (a BigInt, a cycle) is still worth naming by its type.
    text = `a ${typeof value}`;
  }
  text = text.replace(/[\r\n]+/g, ' ');
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

export function configError(field: string, requirement: string, value: unknown, where = ''): TapelineError {
  return new TapelineError('TL_CONFIG_INVALID', `${field} ${requirement} (got ${shown(value)})${where}`);
}

/** An integer in [min, max], from a flag/env string or an already-numeric value. */
export function parseIntegerField(field: string, raw: unknown, min: number, max: number): number {
  const text = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw.trim() : '';
  const n = /^-?\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    throw configError(field, `must be an integer from ${min} to ${max}`, raw);
  }
  return n;
}

export function parsePort(field: string, raw: unknown): number {
  return parseIntegerField(field, raw, 0, 65535);
}

/** A positive finite number (e.g. a replay speed), bounded so a typo cannot mean "forever". */
export function parsePositiveNumber(field: string, raw: unknown, max: number): number {
  const text = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw.trim() : '';
  const n = /^\d+(\.\d+)?$|^\.\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isFinite(n) || n <= 0 || n > max) {
    throw configError(field, `must be a number greater than 0 and at most ${max}`, raw);
  }
  return n;
}

/**
 * A symbol list: `BTCUSDT,ethusdt` or an array of them. Uppercased (the venue is case-insensitive on input but
 * reports uppercase), validated against SYMBOL_PATTERN, de-duplicated keeping the first occurrence's order.
 */
export function parseSymbols(field: string, raw: string | readonly string[]): string[] {
  const parts = typeof raw === 'string' ? raw.split(',') : [...raw];
  const out: string[] = [];
  for (const part of parts) {
    if (typeof part !== 'string') throw configError(field, 'must list symbols as strings', part);
    const symbol = part.trim().toUpperCase();
    if (symbol === '') continue;
    if (!SYMBOL_RE.test(symbol)) {
      throw configError(field, 'must list symbols of 2-20 letters or digits, like BTCUSDT', part);
    }
    if (!out.includes(symbol)) out.push(symbol);
  }
  if (out.length === 0) throw configError(field, 'must list at least one symbol, like BTCUSDT,ETHUSDT', raw);
  if (out.length > 1000) throw configError(field, 'must list at most 1000 symbols', `${out.length} symbols`);
  return out;
}

/** `true` / `false` only: a typo in a safety switch must stop the start, never silently mean either. */
export function parseStrictBoolean(field: string, raw: string): boolean {
  if (raw === 'true') return true;
  if (raw === 'false') return false;
  throw configError(field, 'must be "true" or "false"', raw);
}

export function parseHost(field: string, raw: unknown): string {
  if (typeof raw !== 'string' || (isIP(raw) === 0 && !HOSTNAME_RE.test(raw))) {
    throw configError(field, 'must be an IP address or a host name, like 127.0.0.1', raw);
  }
  return raw;
}

/** A Unix socket path must fit sun_path; the kernel would otherwise fail the bind with a vaguer error. */
export function checkSocketPath(field: string, path: string): string {
  const bytes = Buffer.byteLength(path);
  if (bytes > MAX_UNIX_SOCKET_PATH_BYTES) {
    throw new TapelineError(
      'TL_CONFIG_INVALID',
      `${field} gives an admin socket path of ${bytes} bytes, over the ${MAX_UNIX_SOCKET_PATH_BYTES}-byte Unix limit ` +
        `(${shown(path)}); use a shorter --data-dir or --admin-socket`,
    );
  }
  return path;
}

/** Reads an env var, treating empty as unset (`VAR= cmd` is how shells unset a value for one command). */
export function envValue(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value === '' ? undefined : value;
}
