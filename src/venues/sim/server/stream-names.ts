/**
 * Parses stream names into what they carry and which route serves them (docs/venue-binance.md, market streams): `/public` has
 * depth, bookTicker and trade; `/market` has aggTrade, markPrice, kline, forceOrder, ticker and miniTicker.
 * Names the sim does not produce (continuousKline, contractInfo, ...) are accepted and stay silent.
 */
import { isKlineInterval, type KlineInterval } from '../market/klines.js';

export type Route = 'public' | 'market' | 'private';

export type StreamKind =
  | { kind: 'aggTrade' }
  | { kind: 'trade' }
  | { kind: 'depth'; cadence: number }
  | { kind: 'partialDepth'; cadence: number; levels: number }
  | { kind: 'bookTicker' }
  | { kind: 'markPrice'; every1s: boolean }
  | { kind: 'forceOrder' }
  | { kind: 'kline'; interval: KlineInterval }
  | { kind: 'ticker' }
  | { kind: 'miniTicker' }
  | { kind: 'silent' };

export interface ParsedStream {
  /** The canonical name (lowercase symbol, venue casing of the event part): topic and envelope name. */
  name: string;
  /** Uppercase symbol, or '*' for the `!...` all-market streams. */
  symbol: string;
  route: Route;
  stream: StreamKind;
}

/** Depth cadence index (see DEPTH_CADENCES_MS) by suffix; plain `@depth` is 250 ms. */
const CADENCE: Record<string, number> = { '0ms': 0, '100ms': 1, '250ms': 2, '500ms': 3 };

export function parseStream(raw: string): ParsedStream | undefined {
  const name = raw.trim();
  if (name.length === 0 || name.length > 200) return undefined;
  if (name.startsWith('!')) return parseAllMarket(name);
  const at = name.indexOf('@');
  if (at <= 0) return undefined;
  const symbol = name.slice(0, at).toUpperCase();
  if (!/^[A-Z0-9_]+$/.test(symbol)) return undefined;
  const rest = name.slice(at + 1);
  const lower = rest.toLowerCase();
  const sym = symbol.toLowerCase();
  const mk = (canon: string, route: Route, stream: StreamKind): ParsedStream => ({
    name: `${sym}@${canon}`,
    symbol,
    route,
    stream,
  });
  if (lower === 'aggtrade') return mk('aggTrade', 'market', { kind: 'aggTrade' });
  if (lower === 'trade') return mk('trade', 'public', { kind: 'trade' });
  if (lower === 'bookticker') return mk('bookTicker', 'public', { kind: 'bookTicker' });
  if (lower === 'forceorder') return mk('forceOrder', 'market', { kind: 'forceOrder' });
  if (lower === 'markprice') return mk('markPrice', 'market', { kind: 'markPrice', every1s: false });
  if (lower === 'markprice@1s') return mk('markPrice@1s', 'market', { kind: 'markPrice', every1s: true });
  const depth = /^depth(5|10|20)?(?:@(0ms|100ms|250ms|500ms))?$/.exec(lower);
  if (depth) {
    const speed = depth[2];
    const cadence = speed === undefined ? 2 : (CADENCE[speed] as number);
    if (depth[1] === undefined) return mk(lower, 'public', { kind: 'depth', cadence });
    // Partial depth comes at 100, 250 (default) or 500 ms.
    if (cadence === 0) return undefined;
    return mk(lower, 'public', { kind: 'partialDepth', cadence, levels: Number(depth[1]) });
  }
  const kline = /^kline_([0-9]+[mhdwM])$/.exec(rest);
  if (kline && isKlineInterval(kline[1] as string)) {
    return mk(`kline_${kline[1]}`, 'market', { kind: 'kline', interval: kline[1] as KlineInterval });
  }
  if (lower === 'ticker') return mk('ticker', 'market', { kind: 'ticker' });
  if (lower === 'miniticker') return mk('miniTicker', 'market', { kind: 'miniTicker' });
  if (/^(continuouskline_.+|indexprice(@1s)?|compositeindex|assetindex)$/.test(lower)) {
    return mk(rest, 'market', { kind: 'silent' });
  }
  if (lower === 'rpidepth@500ms') return mk(rest, 'public', { kind: 'silent' });
  return undefined;
}

function parseAllMarket(name: string): ParsedStream | undefined {
  const lower = name.toLowerCase();
  if (lower === '!bookticker')
    return { name: '!bookTicker', symbol: '*', route: 'public', stream: { kind: 'bookTicker' } };
  if (lower === '!forceorder@arr')
    return { name: '!forceOrder@arr', symbol: '*', route: 'market', stream: { kind: 'forceOrder' } };
  if (lower === '!markprice@arr')
    return { name: '!markPrice@arr', symbol: '*', route: 'market', stream: { kind: 'markPrice', every1s: false } };
  if (lower === '!markprice@arr@1s')
    return { name: '!markPrice@arr@1s', symbol: '*', route: 'market', stream: { kind: 'markPrice', every1s: true } };
  if (lower === '!ticker@arr') return { name: '!ticker@arr', symbol: '*', route: 'market', stream: { kind: 'ticker' } };
  if (lower === '!miniticker@arr')
    return { name: '!miniTicker@arr', symbol: '*', route: 'market', stream: { kind: 'miniTicker' } };
  if (/^!(contractinfo|assetindex@arr)$/.test(lower)) {
    return { name, symbol: '*', route: 'market', stream: { kind: 'silent' } };
  }
  return undefined;
}

/** Which route a WS path belongs to; anything unrouted behaves as `/public` (the venue's silent failure). */
export function routeOfPath(path: string): Route {
  if (path.startsWith('/market/') || path === '/market') return 'market';
  if (path.startsWith('/private/') || path === '/private') return 'private';
  return 'public';
}
