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
  /** Mean synthetic taker orders per second before regime, episode and self-excitation multipliers. */
  takerRate: number;
  onboardDate: number;
}

interface Known {
  tick: string;
  step: string;
  price: number;
  maxQty: string;
  marketMaxQty: string;
  notional: number;
  /** Median taker order, USDT, and the base taker rate (see SymbolSpec). */
  typicalQuote: number;
  takerRate: number;
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
    typicalQuote: 1200,
    takerRate: 2,
    onboard: 1569398400000,
  },
  ETHUSDT: {
    tick: '0.01',
    step: '0.001',
    price: 2650,
    maxQty: '10000',
    marketMaxQty: '2000',
    notional: 20,
    typicalQuote: 1200,
    takerRate: 2,
    onboard: 1569398400000,
  },
  SOLUSDT: {
    tick: '0.0100',
    step: '1',
    price: 145,
    maxQty: '1000000',
    marketMaxQty: '5000',
    notional: 5,
    typicalQuote: 1200,
    takerRate: 0.8,
    onboard: 1600300800000,
  },
  BNBUSDT: {
    tick: '0.010',
    step: '0.01',
    price: 520,
    maxQty: '100000',
    marketMaxQty: '2000',
    notional: 5,
    typicalQuote: 1200,
    takerRate: 0.8,
    onboard: 1581465600000,
  },
  XRPUSDT: {
    tick: '0.0001',
    step: '0.1',
    price: 0.58,
    maxQty: '10000000',
    marketMaxQty: '2000000',
    notional: 5,
    typicalQuote: 1200,
    takerRate: 0.8,
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
  // At least one step (the median taker order on the recorded BTC/ETH tapes is worth ~1.1k USDT).
  const typicalUnits = Math.max(1, Math.round(k.typicalQuote / k.price / stepSize));
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
    takerRate: k.takerRate,
    onboardDate: k.onboard,
  };
}

/**
 * A stable spec for any name, on the scale of the recorded alt contracts (exchangeInfo and depth snapshots in
 * the cryptofeed recordings, docs/market-calibration.md): a price between 0.01 and 10 000, a tick of 0.1–10 bp
 * of it (recorded 0.14–5.8 bp), a step worth 0.1–1 USDT (recorded 0.01–50, median ~0.5) and MIN_NOTIONAL 5
 * (every recorded USDT contract but the majors).
 */
function derive(symbol: string): Known {
  const h = hash32(symbol);
  const exponent = (h % 6) - 2; // 10^-2 .. 10^3
  const mantissa = 1 + ((h >>> 8) % 900) / 100; // 1.00 .. 9.99
  const price = mantissa * 10 ** exponent;
  const tickExp = exponent - 4 + ((h >>> 20) & 1);
  const tick = tickExp >= 0 ? '1' : (10 ** tickExp).toFixed(-tickExp);
  const stepExp = Math.min(3, Math.max(-4, -1 - exponent));
  const step = stepExp >= 0 ? String(10 ** stepExp) : (10 ** stepExp).toFixed(-stepExp);
  // Long-tail flow (recorded 2021 alts: ~0.8 taker orders/s, median ~180 USDT): thinner than the majors.
  return {
    tick,
    step,
    price,
    maxQty: '10000000',
    marketMaxQty: '1000000',
    notional: 5,
    typicalQuote: 300,
    takerRate: 0.25,
    onboard: 1640995200000,
  };
}

export function symbolSpec(symbol: string): SymbolSpec {
  return build(symbol, KNOWN[symbol] ?? derive(symbol));
}
