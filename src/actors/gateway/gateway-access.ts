/**
 * Who may read the gateway (docs/contract.md, Gateway access). Pure: the exposure rule (beyond loopback only
 * with a read token) and the read-token check on a request's headers. A token is presented as
 * `Authorization: Bearer …`, the `tapeline_token` cookie (set by `GET /?token=…`, how a browser gets in), or a WS
 * subprotocol `tapeline.bearer.…` beside `tapeline`. The kill switch keeps its own admin token (kill-switch-auth.ts).
 */
import { isIP } from 'node:net';
import type { GatewayAccess } from '../../schema/config/config-schema.js';
import type { Failure } from '../../schema/errors.js';
import { checkBearer, tokenMatches } from './kill-switch-auth.js';

export const TOKEN_COOKIE = 'tapeline_token';
/** The subprotocol a browser client offers beside the token one; the server answers with it. */
export const WS_PROTOCOL = 'tapeline';
export const WS_TOKEN_PREFIX = 'tapeline.bearer.';

/** 127.0.0.0/8, ::1 and `localhost`: what only this machine can reach. */
export function isLoopback(host: string): boolean {
  if (host === 'localhost' || host === '::1' || host === '[::1]') return true;
  return isIP(host) === 4 && host.startsWith('127.');
}

/**
 * The refusal to start exposed: a gateway bound beyond loopback must have a read token (TLS alone would serve
 * everyone, encrypted). Undefined when it may start; a token without TLS starts, with a warning (warnings()).
 */
export function exposureFailure(host: string, access: GatewayAccess | undefined): Failure | undefined {
  if (isLoopback(host) || access?.readToken) return undefined;
  return {
    code: 'TL_GATEWAY_EXPOSED_NO_TOKEN',
    detail:
      `the gateway would listen on ${host}, beyond loopback, and serve anyone: set TAPELINE_READ_TOKEN ` +
      '(and TAPELINE_TLS_CERT / TAPELINE_TLS_KEY), or bind --host 127.0.0.1',
  };
}

/** What to warn about at start (the caller logs each line). */
export function exposureWarnings(host: string, access: GatewayAccess | undefined): string[] {
  if (isLoopback(host) || access?.tls) return [];
  return [`gateway on ${host} without TLS: the read token and the data cross the network in clear text`];
}

function cookieToken(cookie: string): string | undefined {
  for (const part of cookie.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === TOKEN_COOKIE) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

function protocolToken(protocols: string): string | undefined {
  for (const p of protocols.split(',')) {
    const t = p.trim();
    if (t.startsWith(WS_TOKEN_PREFIX)) return t.slice(WS_TOKEN_PREFIX.length);
  }
  return undefined;
}

export interface ReadHeaders {
  authorization: string;
  cookie: string;
  /** `sec-websocket-protocol` (empty on plain HTTP). */
  protocols: string;
}

/** True when no read token is configured, or one of the three places presents it. */
export function mayRead(headers: ReadHeaders, readToken: string | undefined): boolean {
  if (!readToken) return true;
  if (headers.authorization && checkBearer(headers.authorization, readToken) === 'ok') return true;
  const fromCookie = headers.cookie ? cookieToken(headers.cookie) : undefined;
  if (fromCookie !== undefined && tokenMatches(fromCookie, readToken)) return true;
  const fromProtocol = headers.protocols ? protocolToken(headers.protocols) : undefined;
  return fromProtocol !== undefined && tokenMatches(fromProtocol, readToken);
}

/** The `set-cookie` value after a good `/?token=`: HttpOnly, same-site only, Secure under TLS. */
export function tokenCookie(token: string, secure: boolean): string {
  return `${TOKEN_COOKIE}=${encodeURIComponent(token)}; Path=/; HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}`;
}
