/**
 * What the venue knows about a contract: grid (tickSize, stepSize), limits and the market's typical scale.
 * The majors use their real filters; any other symbol gets a stable, plausible spec derived from its name.
 */
import { decimalsOf } from './decimal.js';
import { hash32 } from './rng.js';

export interface SymbolSpec {
  symbol: string;
  baseAsset: string;
  quoteAsset: string;
  tickSizeStr: string;
  stepSizeStr: string;
  tickSize: number;
  stepSize: number;
  priceDecimals: number;
  qtyDecimals: number;
  /** Price the synthetic market starts at. */
  startPrice: number;
  minQtyStr: string;
  maxQtyStr: string;
  marketMaxQtyStr: string;
  minNotional: number;
  /** Median size of a market order, in step units. */
  typicalUnits: number;
  onboardDate: number;
}

interface Known {
  tick: string;
  step: string;
  price: number;
  maxQty: string;
  marketMaxQty: string;
  notional: number;
  onboard: number;
}

const KNOWN: Record<string, Known> = {
  BTCUSDT: {
    tick: '0.10',
    step: '0.001',
    price: 61800,
    maxQty: '1000',
    marketMaxQty: '120',
    notional: 100,
    onboard: 1569398400000,
  },
  ETHUSDT: {
    tick: '0.01',
    step: '0.001',
    price: 2650,
    maxQty: '10000',
    marketMaxQty: '2000',
    notional: 20,
    onboard: 1569398400000,
  },
  SOLUSDT: {
    tick: '0.0100',
    step: '1',
    price: 145,
    maxQty: '1000000',
    marketMaxQty: '5000',
    notional: 5,
    onboard: 1600300800000,
  },
  BNBUSDT: {
    tick: '0.010',
    step: '0.01',
    price: 520,
    maxQty: '100000',
    marketMaxQty: '2000',
    notional: 5,
    onboard: 1581465600000,
  },
  XRPUSDT: {
    tick: '0.0001',
    step: '0.1',
    price: 0.58,
    maxQty: '10000000',
    marketMaxQty: '2000000',
    notional: 5,
    onboard: 1578009600000,
  },
};

const QUOTES = ['USDT', 'USDC'];

function splitSymbol(symbol: string): { base: string; quote: string } {
  for (const q of QUOTES) {
    if (symbol.endsWith(q) && symbol.length > q.length) return { base: symbol.slice(0, -q.length), quote: q };
  }
  return { base: symbol, quote: 'USDT' };
}

function build(symbol: string, k: Known): SymbolSpec {
  const { base, quote } = splitSymbol(symbol);
  const tickSize = Number(k.tick);
  const stepSize = Number(k.step);
  // A typical market order is worth ~2000 USDT, at least one step.
  const typicalUnits = Math.max(1, Math.round(2000 / k.price / stepSize));
  return {
    symbol,
    baseAsset: base,
    quoteAsset: quote,
    tickSizeStr: k.tick,
    stepSizeStr: k.step,
    tickSize,
    stepSize,
    priceDecimals: decimalsOf(k.tick),
    qtyDecimals: decimalsOf(k.step),
    startPrice: Math.round(k.price / tickSize) * tickSize,
    minQtyStr: k.step,
    maxQtyStr: k.maxQty,
    marketMaxQtyStr: k.marketMaxQty,
    minNotional: k.notional,
    typicalUnits,
    onboardDate: k.onboard,
  };
}

/** A stable spec for any name: a price between 0.01 and 5000 with ~5 significant digits on the tick. */
function derive(symbol: string): Known {
  const h = hash32(symbol);
  const exponent = (h % 6) - 2; // 10^-2 .. 10^3
  const mantissa = 1 + ((h >>> 8) % 900) / 100; // 1.00 .. 9.99
  const price = mantissa * 10 ** exponent;
  const tickExp = exponent - 4;
  const tick = tickExp >= 0 ? '1' : (10 ** tickExp).toFixed(-tickExp);
  const stepExp = Math.min(3, Math.max(-3, 1 - exponent));
  const step = stepExp >= 0 ? String(10 ** stepExp) : (10 ** stepExp).toFixed(-stepExp);
  return { tick, step, price, maxQty: '10000000', marketMaxQty: '1000000', notional: 5, onboard: 1640995200000 };
}

export function symbolSpec(symbol: string): SymbolSpec {
  return build(symbol, KNOWN[symbol] ?? derive(symbol));
}
