/**
 * Signed REST endpoints: orders (single, batch, modify, test), conditional (algo) orders, cancels, queries,
 * positions, account, the countdownCancelAll dead-man switch, leverage and listen keys. Every handler checks the key (and, when
 * signed, the signature and recvWindow) before it touches the account.
 */
import { fmt8 } from '../market/decimal.js';
import type { SymbolMarket } from '../market/symbol-market.js';
import { DEFAULT_LEVERAGE, MAINT_MARGIN_RATE } from '../matching/account.js';
import type { Exchange } from '../matching/exchange.js';
import { orderJson } from '../matching/user-order.js';
import type { ListenKeys } from './listen-keys.js';
import type { OrderEntry } from './order-desk.js';
import { mandatory, ok, optionalInt, type RestHandler, type RestRequest, VenueError } from './rest-types.js';
import { checkApiKey, checkSigned } from './signature.js';

export interface TradingDeps {
  exchange: Exchange;
  desk: OrderEntry;
  listenKeys: ListenKeys;
  apiKey: string;
  apiSecret: string;
  /** Venue time (with skew) for recvWindow checks and order times. */
  now(): number;
}

/** Paths whose requests are trading requests (logged in `/_sim/state` orderLog). */
export const TRADING_PATHS = new Set([
  '/fapi/v1/order',
  '/fapi/v1/allOpenOrders',
  '/fapi/v1/countdownCancelAll',
  '/fapi/v1/leverage',
  '/fapi/v1/marginType',
  '/fapi/v1/batchOrders',
  '/fapi/v1/algoOrder',
  '/fapi/v1/algoOpenOrders',
  '/fapi/v1/multiAssetsMargin',
]);

export function tradingRoutes(d: TradingDeps): Record<string, RestHandler> {
  const signed =
    (weight: number, fn: (req: RestRequest) => unknown): RestHandler =>
    (req) => {
      checkSigned(req, d.apiKey, d.apiSecret, d.now());
      const body = fn(req);
      return ok(body, weight);
    };
  /** An order-entry request: counted against the ORDERS limits (`orders` entries), not the IP weight. */
  const ordered =
    (weight: number, fn: (req: RestRequest) => { body: unknown; orders: number }): RestHandler =>
    (req) => {
      checkSigned(req, d.apiKey, d.apiSecret, d.now());
      const { body, orders } = fn(req);
      return { ...ok(body, weight), orders };
    };
  const ex = d.exchange;
  const desk = d.desk;
  const mark = (m: SymbolMarket): number => ex.markPrice(m);
  const marks = (s: string): number => mark(ex.markets.get(s) as SymbolMarket);
  return {
    'POST /fapi/v1/order': ordered(0, (req) => ({ body: desk.place(req.params), orders: 1 })),
    'PUT /fapi/v1/order': ordered(0, (req) => ({ body: desk.modify(req.params), orders: 1 })),
    'POST /fapi/v1/order/test': signed(0, (req) => desk.test(req.params)),
    'DELETE /fapi/v1/order': signed(1, (req) => desk.cancel(req.params)),
    'GET /fapi/v1/order': signed(1, (req) => desk.status(req.params)),
    'POST /fapi/v1/batchOrders': ordered(5, (req) => {
      const entries = desk.batchEntries(req.params);
      return { body: desk.batchPlace(entries), orders: entries.length };
    }),
    'PUT /fapi/v1/batchOrders': ordered(5, (req) => {
      const entries = desk.batchEntries(req.params);
      return { body: desk.batchModify(entries), orders: entries.length };
    }),
    'DELETE /fapi/v1/batchOrders': signed(1, (req) => desk.batchCancel(req.params)),
    'POST /fapi/v1/algoOrder': ordered(0, (req) => ({ body: desk.algoPlace(req.params), orders: 1 })),
    'DELETE /fapi/v1/algoOrder': signed(1, (req) => desk.algoCancel(req.params)),
    'DELETE /fapi/v1/algoOpenOrders': signed(1, (req) => desk.algoCancelAll(req.params)),
    'GET /fapi/v1/algoOrder': signed(1, (req) => desk.algoStatus(req.params)),
    'GET /fapi/v1/openAlgoOrders': (req) => {
      checkSigned(req, d.apiKey, d.apiSecret, d.now());
      return ok(desk.openAlgos(req.params), req.params.get('symbol') === null ? 40 : 1);
    },
    'GET /fapi/v1/allAlgoOrders': signed(5, (req) => desk.allAlgos(req.params)),
    'DELETE /fapi/v1/allOpenOrders': signed(1, (req) => desk.cancelAll(req.params)),
    'GET /fapi/v1/openOrders': (req) => {
      checkSigned(req, d.apiKey, d.apiSecret, d.now());
      const symbol = req.params.get('symbol') ?? undefined;
      return ok(
        ex.openOrders(symbol).map((o) => orderJson(o, true)),
        symbol === undefined ? 40 : 1,
      );
    },
    'GET /fapi/v1/openOrder': signed(1, (req) => {
      const q = desk.status(req.params);
      if (q.status !== 'NEW' && q.status !== 'PARTIALLY_FILLED')
        throw new VenueError(400, -2013, 'Order does not exist.');
      return q;
    }),
    'POST /fapi/v1/countdownCancelAll': signed(10, (req) => {
      const m = ex.market(mandatory(req.params, 'symbol'));
      const ms = optionalInt(req.params, 'countdownTime');
      if (ms === undefined)
        throw new VenueError(
          400,
          -1102,
          "Mandatory parameter 'countdownTime' was not sent, was empty/null, or malformed.",
        );
      if (ms === 0) ex.countdowns.delete(m.symbol);
      else ex.countdowns.set(m.symbol, { deadline: d.now() + ms, ms });
      return { symbol: m.symbol, countdownTime: String(ms) };
    }),
    'POST /fapi/v1/leverage': signed(1, (req) => {
      const m = ex.market(mandatory(req.params, 'symbol'));
      const lev = optionalInt(req.params, 'leverage');
      if (lev === undefined || lev < 1 || lev > 125) throw new VenueError(400, -4028, 'Leverage is not valid.');
      ex.account.leverage.set(m.symbol, lev);
      return { leverage: lev, maxNotionalValue: String(Math.floor(50_000_000 / lev)), symbol: m.symbol };
    }),
    'POST /fapi/v1/marginType': signed(1, (req) => {
      ex.market(mandatory(req.params, 'symbol'));
      const t = mandatory(req.params, 'marginType');
      if (t === 'CROSSED') throw new VenueError(400, -4046, 'No need to change margin type.');
      throw new VenueError(400, -4047, 'Margin type cannot be changed if there exists position.');
    }),
    'GET /fapi/v1/positionSide/dual': signed(30, () => ({ dualSidePosition: false })),
    'POST /fapi/v1/positionSide/dual': signed(1, (req) => {
      if (mandatory(req.params, 'dualSidePosition') === 'false')
        throw new VenueError(400, -4059, 'No need to change position side.');
      throw new VenueError(400, -4068, 'The simulated venue supports one-way mode only.');
    }),
    'GET /fapi/v1/commissionRate': signed(20, (req) => ({
      symbol: ex.market(mandatory(req.params, 'symbol')).symbol,
      makerCommissionRate: '0.000200',
      takerCommissionRate: '0.000500',
    })),
    'GET /fapi/v2/positionRisk': signed(5, (req) => positions(ex, req).map((m) => positionV2(ex, m, mark(m)))),
    'GET /fapi/v3/positionRisk': signed(5, (req) =>
      positions(ex, req)
        .filter((m) => ex.account.position(m.symbol).amt !== 0)
        .map((m) => positionV3(ex, m, mark(m))),
    ),
    'GET /fapi/v2/account': signed(5, () => account(ex, marks, 2)),
    'GET /fapi/v3/account': signed(5, () => account(ex, marks, 3)),
    'GET /fapi/v2/balance': signed(5, () => [balance(ex, marks)]),
    'GET /fapi/v3/balance': signed(5, () => [balance(ex, marks)]),
    'POST /fapi/v1/listenKey': (req) => {
      checkApiKey(req, d.apiKey);
      return ok({ listenKey: d.listenKeys.create(d.now()) });
    },
    'PUT /fapi/v1/listenKey': (req) => {
      checkApiKey(req, d.apiKey);
      return ok({ listenKey: d.listenKeys.keepAlive(req.params.get('listenKey'), d.now()) });
    },
    'DELETE /fapi/v1/listenKey': (req) => {
      checkApiKey(req, d.apiKey);
      d.listenKeys.remove(req.params.get('listenKey'));
      return ok('{}');
    },
  };
}

function positions(ex: Exchange, req: RestRequest): SymbolMarket[] {
  const symbol = req.params.get('symbol');
  return symbol === null ? [...ex.markets.values()] : [ex.market(symbol)];
}

function positionV2(ex: Exchange, m: SymbolMarket, mark: number): Record<string, unknown> {
  const p = ex.account.position(m.symbol);
  const lev = ex.account.leverageOf(m.symbol);
  const pd = Math.max(5, m.spec.priceDecimals);
  return {
    symbol: m.symbol,
    positionAmt: p.amt.toFixed(m.spec.qtyDecimals),
    entryPrice: p.entry.toFixed(pd),
    breakEvenPrice: p.entry.toFixed(pd),
    markPrice: mark.toFixed(8),
    unRealizedProfit: fmt8(ex.account.unrealized(m.symbol, mark)),
    liquidationPrice: '0',
    leverage: String(lev),
    maxNotionalValue: String(Math.floor(50_000_000 / lev)),
    marginType: 'cross',
    isolatedMargin: '0.00000000',
    isAutoAddMargin: 'false',
    positionSide: 'BOTH',
    notional: fmt8(p.amt * mark),
    isolatedWallet: '0',
    updateTime: p.updateTime,
  };
}

function positionV3(ex: Exchange, m: SymbolMarket, mark: number): Record<string, unknown> {
  const p = ex.account.position(m.symbol);
  const lev = ex.account.leverageOf(m.symbol) || DEFAULT_LEVERAGE;
  const notional = p.amt * mark;
  const im = Math.abs(notional) / lev;
  return {
    symbol: m.symbol,
    positionSide: 'BOTH',
    positionAmt: p.amt.toFixed(m.spec.qtyDecimals),
    entryPrice: p.entry.toFixed(Math.max(5, m.spec.priceDecimals)),
    breakEvenPrice: p.entry.toFixed(Math.max(5, m.spec.priceDecimals)),
    markPrice: mark.toFixed(8),
    unRealizedProfit: fmt8(ex.account.unrealized(m.symbol, mark)),
    liquidationPrice: '0',
    isolatedMargin: '0',
    notional: fmt8(notional),
    marginAsset: 'USDT',
    isolatedWallet: '0',
    initialMargin: fmt8(im),
    maintMargin: fmt8(Math.abs(notional) * MAINT_MARGIN_RATE),
    positionInitialMargin: fmt8(im),
    openOrderInitialMargin: '0',
    adl: 0,
    bidNotional: '0',
    askNotional: '0',
    updateTime: p.updateTime,
  };
}

function totals(
  ex: Exchange,
  marks: (s: string) => number,
): { wallet: number; upnl: number; im: number; mm: number; available: number } {
  const t = ex.account.totals(marks);
  const wallet = ex.account.wallet;
  return {
    wallet,
    upnl: t.unrealized,
    im: t.positionMargin,
    mm: t.maintMargin,
    available: wallet + t.unrealized - t.positionMargin,
  };
}

function balance(ex: Exchange, marks: (s: string) => number): Record<string, unknown> {
  const t = totals(ex, marks);
  return {
    accountAlias: 'SgsR',
    asset: 'USDT',
    balance: fmt8(t.wallet),
    crossWalletBalance: fmt8(t.wallet),
    crossUnPnl: fmt8(t.upnl),
    availableBalance: fmt8(t.available),
    maxWithdrawAmount: fmt8(Math.max(0, t.available)),
    marginAvailable: true,
    updateTime: ex.account.updateTime,
  };
}

function account(ex: Exchange, marks: (s: string) => number, version: 2 | 3): Record<string, unknown> {
  const t = totals(ex, marks);
  const positionsList = [...ex.markets.values()]
    .filter((m) => version === 2 || ex.account.position(m.symbol).amt !== 0)
    .map((m) => {
      const p = ex.account.position(m.symbol);
      const mark = marks(m.symbol);
      const im = (Math.abs(p.amt) * mark) / ex.account.leverageOf(m.symbol);
      return {
        symbol: m.symbol,
        positionSide: 'BOTH',
        positionAmt: p.amt.toFixed(m.spec.qtyDecimals),
        unrealizedProfit: fmt8(ex.account.unrealized(m.symbol, mark)),
        isolatedMargin: '0',
        notional: fmt8(p.amt * mark),
        isolatedWallet: '0',
        initialMargin: fmt8(im),
        maintMargin: fmt8(Math.abs(p.amt) * mark * MAINT_MARGIN_RATE),
        ...(version === 2
          ? { leverage: String(ex.account.leverageOf(m.symbol)), isolated: false, entryPrice: p.entry.toFixed(5) }
          : {}),
        updateTime: p.updateTime,
      };
    });
  return {
    ...(version === 2
      ? { feeTier: 0, canTrade: true, canDeposit: true, canWithdraw: true, updateTime: 0, multiAssetsMargin: false }
      : {}),
    totalInitialMargin: fmt8(t.im),
    totalMaintMargin: fmt8(t.mm),
    totalWalletBalance: fmt8(t.wallet),
    totalUnrealizedProfit: fmt8(t.upnl),
    totalMarginBalance: fmt8(t.wallet + t.upnl),
    totalPositionInitialMargin: fmt8(t.im),
    totalOpenOrderInitialMargin: '0.00000000',
    totalCrossWalletBalance: fmt8(t.wallet),
    totalCrossUnPnl: fmt8(t.upnl),
    availableBalance: fmt8(t.available),
    maxWithdrawAmount: fmt8(Math.max(0, t.available)),
    assets: [
      {
        asset: 'USDT',
        walletBalance: fmt8(t.wallet),
        unrealizedProfit: fmt8(t.upnl),
        marginBalance: fmt8(t.wallet + t.upnl),
        maintMargin: fmt8(t.mm),
        initialMargin: fmt8(t.im),
        positionInitialMargin: fmt8(t.im),
        openOrderInitialMargin: '0.00000000',
        crossWalletBalance: fmt8(t.wallet),
        crossUnPnl: fmt8(t.upnl),
        availableBalance: fmt8(t.available),
        maxWithdrawAmount: fmt8(Math.max(0, t.available)),
        updateTime: ex.account.updateTime,
      },
    ],
    positions: positionsList,
  };
}
