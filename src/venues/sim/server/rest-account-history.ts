/**
 * Signed account-history and account-configuration queries: `userTrades`, `allOrders`, `income`,
 * `leverageBracket` (ccxt asks it inside fetchPositions) and `multiAssetsMargin` (read and set). Histories
 * come from the matching engine's ledger, newest `limit` unless a start is given, oldest first.
 */
import type { Exchange } from '../matching/exchange.js';
import { userTradeJson } from '../matching/fill-ledger.js';
import { orderJson } from '../matching/user-order.js';
import { mandatory, ok, optionalInt, type RestHandler, type RestRequest, VenueError } from './rest-types.js';
import { checkSigned } from './signature.js';

export interface HistoryDeps {
  exchange: Exchange;
  apiKey: string;
  apiSecret: string;
  now(): number;
}

/** Notional brackets of a major contract (USDT): cap, initial leverage, maintenance ratio, cum. */
const BRACKETS: ReadonlyArray<readonly [number, number, number]> = [
  [50_000, 125, 0.004],
  [600_000, 100, 0.005],
  [3_000_000, 75, 0.0065],
  [12_000_000, 50, 0.01],
  [70_000_000, 25, 0.02],
  [100_000_000, 20, 0.025],
  [230_000_000, 10, 0.05],
  [480_000_000, 5, 0.1],
  [600_000_000, 4, 0.125],
  [800_000_000, 3, 0.15],
  [1_200_000_000, 2, 0.25],
  [1_800_000_000, 1, 0.5],
];

function brackets(): Array<Record<string, number>> {
  let floor = 0;
  let cum = 0;
  let prevRate = 0;
  return BRACKETS.map(([cap, lev, rate], i) => {
    cum += floor * (rate - prevRate);
    prevRate = rate;
    const row = {
      bracket: i + 1,
      initialLeverage: lev,
      notionalCap: cap,
      notionalFloor: floor,
      maintMarginRatio: rate,
      cum: Math.round(cum * 100) / 100,
    };
    floor = cap;
    return row;
  });
}

/** Newest `limit` rows in [start, end], or the first `limit` from `start`. */
function window<T extends { time: number }>(
  rows: readonly T[],
  req: RestRequest,
  maxLimit: number,
  defLimit: number,
): T[] {
  const limit = Math.min(maxLimit, Math.max(1, optionalInt(req.params, 'limit') ?? defLimit));
  const start = optionalInt(req.params, 'startTime');
  const end = optionalInt(req.params, 'endTime');
  if (start !== undefined && end !== undefined && end - start > 7 * 86_400_000) {
    throw new VenueError(400, -1127, 'More than 7 days between startTime and endTime.');
  }
  const kept = rows.filter((r) => (start === undefined || r.time >= start) && (end === undefined || r.time <= end));
  return start !== undefined ? kept.slice(0, limit) : kept.slice(Math.max(0, kept.length - limit));
}

export function historyRoutes(d: HistoryDeps): Record<string, RestHandler> {
  const ex = d.exchange;
  let multiAssets = false;
  const signed =
    (weight: number, fn: (req: RestRequest) => unknown): RestHandler =>
    (req) => {
      checkSigned(req, d.apiKey, d.apiSecret, d.now());
      return ok(fn(req), weight);
    };
  return {
    'GET /fapi/v1/userTrades': signed(5, (req) => {
      const symbol = ex.market(mandatory(req.params, 'symbol')).symbol;
      const orderId = optionalInt(req.params, 'orderId');
      const fromId = optionalInt(req.params, 'fromId');
      const rows = ex.ledger.trades.filter(
        (t) =>
          t.symbol === symbol &&
          (orderId === undefined || t.orderId === orderId) &&
          (fromId === undefined || t.id >= fromId),
      );
      return window(rows, req, 1000, 500).map(userTradeJson);
    }),
    'GET /fapi/v1/allOrders': signed(5, (req) => {
      const symbol = ex.market(mandatory(req.params, 'symbol')).symbol;
      const fromId = optionalInt(req.params, 'orderId');
      const rows = [...ex.orders.values()].filter(
        (o) => o.symbol === symbol && (fromId === undefined || o.orderId >= fromId),
      );
      return window(rows, req, 1000, 500).map((o) => orderJson(o, true));
    }),
    'GET /fapi/v1/income': signed(30, (req) => {
      const symbol = req.params.get('symbol');
      const type = req.params.get('incomeType');
      const rows = ex.ledger.income.filter(
        (e) => (symbol === null || e.symbol === symbol.toUpperCase()) && (type === null || e.incomeType === type),
      );
      return window(rows, req, 1000, 100);
    }),
    'GET /fapi/v1/leverageBracket': signed(1, (req) => {
      const symbol = req.params.get('symbol');
      const row = (s: string): Record<string, unknown> => ({ symbol: s, notionalCoef: 1.0, brackets: brackets() });
      // With a symbol the venue answers the one object, without it the list.
      return symbol === null ? [...ex.markets.keys()].map(row) : row(ex.market(symbol).symbol);
    }),
    'GET /fapi/v1/multiAssetsMargin': signed(30, () => ({ multiAssetsMargin: multiAssets })),
    'POST /fapi/v1/multiAssetsMargin': signed(1, (req) => {
      const want = mandatory(req.params, 'multiAssetsMargin');
      if (want !== 'true' && want !== 'false')
        throw new VenueError(
          400,
          -1102,
          "Mandatory parameter 'multiAssetsMargin' was not sent, was empty/null, or malformed.",
        );
      if ((want === 'true') === multiAssets)
        throw new VenueError(
          400,
          -4171,
          'Adjusted asset mode is currently set and does not need to be adjusted repeatedly.',
        );
      multiAssets = want === 'true';
      return { code: 200, msg: 'success' };
    }),
  };
}
