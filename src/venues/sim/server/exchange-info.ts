/**
 * `GET /fapi/v1/exchangeInfo`, shaped like the recorded real response (data/cryptofeed/BINANCE_FUTURES.0):
 * same top-level keys, same symbol fields and filter objects, from each symbol's spec.
 */
import type { SymbolMarket } from '../market/symbol-market.js';
import { ORDER_LIMIT_10S, ORDER_LIMIT_1M, WEIGHT_LIMIT_1M } from './rate-limiter.js';

function symbolJson(m: SymbolMarket): unknown {
  const s = m.spec;
  const price = s.startPrice;
  return {
    symbol: s.symbol,
    pair: s.symbol,
    contractType: 'PERPETUAL',
    deliveryDate: 4133404800000,
    onboardDate: s.onboardDate,
    status: 'TRADING',
    maintMarginPercent: '2.5000',
    requiredMarginPercent: '5.0000',
    baseAsset: s.baseAsset,
    quoteAsset: s.quoteAsset,
    marginAsset: s.quoteAsset,
    pricePrecision: s.priceDecimals,
    quantityPrecision: s.qtyDecimals,
    baseAssetPrecision: 8,
    quotePrecision: 8,
    underlyingType: 'COIN',
    underlyingSubType: [],
    settlePlan: 0,
    triggerProtect: '0.0500',
    liquidationFee: '0.012500',
    marketTakeBound: '0.05',
    maxMoveOrderLimit: 10000,
    filters: [
      {
        minPrice: (price / 100).toFixed(s.priceDecimals),
        maxPrice: (price * 100).toFixed(s.priceDecimals),
        filterType: 'PRICE_FILTER',
        tickSize: s.tickSizeStr,
      },
      { stepSize: s.stepSizeStr, filterType: 'LOT_SIZE', maxQty: s.maxQtyStr, minQty: s.minQtyStr },
      { stepSize: s.stepSizeStr, filterType: 'MARKET_LOT_SIZE', maxQty: s.marketMaxQtyStr, minQty: s.minQtyStr },
      { limit: 200, filterType: 'MAX_NUM_ORDERS' },
      { limit: 10, filterType: 'MAX_NUM_ALGO_ORDERS' },
      { notional: String(s.minNotional), filterType: 'MIN_NOTIONAL' },
      { multiplierDown: '0.8500', multiplierUp: '1.1500', multiplierDecimal: '4', filterType: 'PERCENT_PRICE' },
    ],
    orderTypes: ['LIMIT', 'MARKET', 'STOP', 'STOP_MARKET', 'TAKE_PROFIT', 'TAKE_PROFIT_MARKET', 'TRAILING_STOP_MARKET'],
    timeInForce: ['GTC', 'IOC', 'FOK', 'GTX', 'GTD'],
  };
}

export function exchangeInfoJson(markets: SymbolMarket[], serverTime: number): string {
  const assets = new Set(markets.map((m) => m.spec.quoteAsset));
  return JSON.stringify({
    timezone: 'UTC',
    serverTime,
    futuresType: 'U_MARGINED',
    rateLimits: [
      { rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: WEIGHT_LIMIT_1M },
      { rateLimitType: 'ORDERS', interval: 'MINUTE', intervalNum: 1, limit: ORDER_LIMIT_1M },
      { rateLimitType: 'ORDERS', interval: 'SECOND', intervalNum: 10, limit: ORDER_LIMIT_10S },
    ],
    exchangeFilters: [],
    assets: [...assets].map((a) => ({ asset: a, marginAvailable: true, autoAssetExchange: '-10000' })),
    symbols: markets.map(symbolJson),
  });
}
