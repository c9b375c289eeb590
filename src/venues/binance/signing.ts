/**
 * Binance request signing (docs/venue-binance.md, signing): HMAC-SHA256 keyed by the API secret over the query string
 * concatenated directly with the form body, lowercase hex, sent as the last parameter `signature`. The venue
 * verifies over the raw bytes it received, so the query is built once, in the caller's parameter order, and
 * signed exactly as it will be sent. The secret never enters an error message (docs/contract.md, safety invariant 5).
 */
import { createHmac, createPrivateKey, sign as edSign, timingSafeEqual } from 'node:crypto';
import { TapelineError } from '../../schema/errors.js';

export type QueryValue = string | number | boolean;

/** HMAC-SHA256 hex of `payload` (= raw query string + raw body, no separator). */
export function signQuery(secret: string, payload: string): string {
  return createHmac('sha256', secret).update(payload, 'utf8').digest('hex');
}

/** Signs a payload with the account's key; the key lives only in this closure. */
export type Signer = (payload: string) => string;

/** An Ed25519 key is given as its PEM private key; anything else is an HMAC secret. */
export function isEd25519Secret(secret: string): boolean {
  return secret.startsWith('-----BEGIN');
}

/**
 * The signer for an account key: HMAC-SHA256 lowercase hex for an HMAC secret, Ed25519 base64 for a PEM private
 * key (parsed once here; the venue accepts `session.logon` on the WebSocket API only with Ed25519 keys).
 */
export function signerFor(secret: string): Signer {
  if (!isEd25519Secret(secret)) return (payload) => signQuery(secret, payload);
  const key = createPrivateKey(secret);
  return (payload) => edSign(null, Buffer.from(payload, 'utf8'), key).toString('base64');
}

/**
 * Numbers must go out in plain decimal: `String(1e-7)` is "1e-7", which the venue rejects (-1111/-1102), so
 * exponent forms are refused here rather than signed and sent.
 */
function encodeValue(key: string, value: QueryValue): string {
  if (typeof value === 'number') {
    const s = String(value);
    if (!Number.isFinite(value) || s.includes('e')) {
      throw new TapelineError(
        'TL_CODEC_INVALID',
        `request parameter ${key}=${s} cannot be sent: pass it as a decimal string (plain notation, venue precision)`,
      );
    }
    return s;
  }
  return encodeURIComponent(typeof value === 'boolean' ? (value ? 'true' : 'false') : value);
}

/** `a=1&b=2` in insertion order, values percent-encoded; the exact string that is signed and sent. */
export function buildQuery(params: Readonly<Record<string, QueryValue>>): string {
  let out = '';
  for (const key of Object.keys(params)) {
    const value = params[key];
    if (value === undefined) continue;
    out += `${out.length === 0 ? '' : '&'}${encodeURIComponent(key)}=${encodeValue(key, value)}`;
  }
  return out;
}

/**
 * `params` (in order), then `recvWindow` when given, then `timestamp`, then `signature` — the order of
 * Binance's documented example. Returns the full query string to send (also usable as the form body).
 * `secret`: an HMAC secret, or a `Signer` (signerFor: HMAC or Ed25519); a base64 signature is percent-encoded.
 */
export function buildSignedQuery(
  params: Readonly<Record<string, QueryValue>>,
  secret: string | Signer,
  timestamp: number,
  recvWindow?: number,
): string {
  let query = buildQuery(params);
  const sep = query.length === 0 ? '' : '&';
  query +=
    recvWindow === undefined ? `${sep}timestamp=${timestamp}` : `${sep}recvWindow=${recvWindow}&timestamp=${timestamp}`;
  const signature = typeof secret === 'string' ? signQuery(secret, query) : encodeURIComponent(secret(query));
  return `${query}&signature=${signature}`;
}

/** Splits `signature=<hex>` out of a raw query or body; null when it has none. */
function splitSignature(raw: string): { unsigned: string; given: string } | null {
  const at = raw.lastIndexOf('signature=');
  if (at < 0 || (at > 0 && raw.charCodeAt(at - 1) !== 38) /* & */) return null;
  const end = raw.indexOf('&', at);
  const given = raw.slice(at + 10, end < 0 ? raw.length : end);
  const before = at === 0 ? '' : raw.slice(0, at - 1);
  const after = end < 0 ? '' : raw.slice(end + 1);
  return { unsigned: before.length > 0 && after.length > 0 ? `${before}&${after}` : before + after, given };
}

/**
 * Venue side (the simulator): checks `signature` (in the query, else in the body) over the raw received query
 * + raw body without it, in constant time. False for a missing or malformed signature.
 */
export function verifySignedRequest(secret: string, rawQuery: string, rawBody = ''): boolean {
  let payload: string;
  let given: string;
  const inQuery = splitSignature(rawQuery);
  if (inQuery) {
    payload = inQuery.unsigned + rawBody;
    given = inQuery.given;
  } else {
    const inBody = splitSignature(rawBody);
    if (!inBody) return false;
    payload = rawQuery + inBody.unsigned;
    given = inBody.given;
  }
  const expected = signQuery(secret, payload);
  if (given.length !== expected.length) return false;
  return timingSafeEqual(Buffer.from(given, 'latin1'), Buffer.from(expected, 'latin1'));
}
