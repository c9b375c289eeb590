/**
 * The REST dispatcher: decodes a market-data response by its request URL (path and query), which is how
 * tapes record REST replies. Endpoints that carry no market event (exchangeInfo, time, ...) return null.
 * Not on the hot path (one call per poll), so it may parse the URL with `URL`.
 */
import { decodeDepthSnapshot } from './depth-snapshot.js';
import type { RestEvent } from './events.js';
import { codecError } from './fields.js';
import { decodeKlineRows } from './kline.js';
import { decodeOpenInterestHist } from './open-interest-hist.js';
import { decodeOpenInterest } from './open-interest.js';

/** Base for path-only URLs such as `/fapi/v1/depth?symbol=BTCUSDT` (the form hftbacktest snapshots get). */
const RELATIVE_BASE = 'http://venue.invalid';

function queryParam(params: URLSearchParams, name: string, url: string): string {
  const value = params.get(name);
  if (value === null || value.length === 0)
    throw codecError('rest', `url ?${name}`, 'a query parameter', value ?? undefined, url);
  return value;
}

/** `asOfMs` (response or receive time) only matters for klines: it marks the still-open last candle. */
export function decodeRest(url: string, payload: unknown, asOfMs?: number): RestEvent[] | null {
  const parsed = new URL(url, RELATIVE_BASE);
  const path = parsed.pathname;
  if (path.endsWith('/fapi/v1/depth')) {
    return [decodeDepthSnapshot(payload, queryParam(parsed.searchParams, 'symbol', url).toUpperCase(), url)];
  }
  if (path.endsWith('/fapi/v1/klines')) {
    const symbol = queryParam(parsed.searchParams, 'symbol', url).toUpperCase();
    return decodeKlineRows(payload, symbol, queryParam(parsed.searchParams, 'interval', url), asOfMs, url);
  }
  if (path.endsWith('/fapi/v1/openInterest')) return [decodeOpenInterest(payload, url)];
  if (path.endsWith('/futures/data/openInterestHist')) return decodeOpenInterestHist(payload, url);
  return null;
}
