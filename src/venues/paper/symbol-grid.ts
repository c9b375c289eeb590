/**
 * One symbol's price and quantity grid (the venue's PRICE_FILTER tickSize and LOT_SIZE stepSize): order strings
 * are checked like the venue checks them (more decimals than the symbol's precision → -1111, within precision
 * but off the grid → -4014 price / -4023 quantity) and the book and queues work in integer ticks and lots.
 */
import { fromNumber, ONE, parseDecimal, SCALE, toFixed } from './fixed-decimal.js';

export interface PaperSymbolSpec {
  /** PRICE_FILTER tickSize as exchangeInfo prints it ("0.10"), or as a number (0.1, read as its shortest decimal). */
  tickSize: string | number;
  /** LOT_SIZE stepSize ("0.001" or 0.001). */
  stepSize: string | number;
  /** exchangeInfo pricePrecision / quantityPrecision; default: the decimals of tickSize / stepSize as printed. */
  pricePrecision?: number;
  quantityPrecision?: number;
  /** MIN_NOTIONAL notional (quote); orders below it are rejected -4164. Default: no check. */
  minNotional?: string | number;
}

/** A spec from our parsed exchangeInfo filters (src/schema/order-messages.ts SymbolFilters). */
export function specFromFilters(f: { tickSize: number; stepSize: number; minNotional: number }): PaperSymbolSpec {
  return { tickSize: f.tickSize, stepSize: f.stepSize, minNotional: f.minNotional };
}

function decimalString(v: string | number): string {
  return typeof v === 'number' ? toFixed(fromNumber(v), SCALE).replace(/\.?0+$/, '') : v;
}

export interface VenueReject {
  code: number;
  msg: string;
}

function decimalsOf(s: string): number {
  const dot = s.indexOf('.');
  return dot < 0 ? 0 : s.length - dot - 1;
}

const WIRE_DECIMAL = /^\d+(\.\d+)?$/;

export class SymbolGrid {
  readonly tickSize: number;
  readonly stepSize: number;
  /** Scaled (10^-18) grid steps, for exact notional arithmetic. */
  readonly tickScaled: bigint;
  readonly stepScaled: bigint;
  readonly priceDecimals: number;
  readonly qtyDecimals: number;
  readonly minNotional: bigint;

  constructor(
    readonly symbol: string,
    spec: PaperSymbolSpec,
  ) {
    const tickStr = decimalString(spec.tickSize);
    const stepStr = decimalString(spec.stepSize);
    const tick = parseDecimal(tickStr);
    const step = parseDecimal(stepStr);
    if (tick === undefined || tick <= 0n || step === undefined || step <= 0n) {
      throw new RangeError(
        `${symbol}: tickSize '${spec.tickSize}' and stepSize '${spec.stepSize}' must be positive decimals`,
      );
    }
    this.tickScaled = tick;
    this.stepScaled = step;
    this.tickSize = Number(tickStr);
    this.stepSize = Number(stepStr);
    this.priceDecimals = spec.pricePrecision ?? decimalsOf(tickStr);
    this.qtyDecimals = spec.quantityPrecision ?? decimalsOf(stepStr);
    this.minNotional = spec.minNotional === undefined ? 0n : (parseDecimal(decimalString(spec.minNotional)) ?? 0n);
  }

  /** Ticks of a LIMIT price string, or the venue's rejection. */
  parsePrice(s: string): number | VenueReject {
    return this.parse(s, 'price', this.tickScaled, this.priceDecimals, -4014, 'Price not increased by tick size.');
  }

  /** Lots of a quantity string, or the venue's rejection. */
  parseQty(s: string): number | VenueReject {
    return this.parse(s, 'quantity', this.stepScaled, this.qtyDecimals, -4023, 'Qty not increased by step size.');
  }

  /** Nearest tick of a market-data price (parsed float from the codec). */
  ticksOf(price: number): number {
    return Math.round(price / this.tickSize);
  }

  /** Lots of a market-data quantity; fractional lots are kept (queue estimates are real-valued). */
  lotsOf(qty: number): number {
    return Math.round(qty / this.stepSize);
  }

  priceString(ticks: number): string {
    return (ticks * this.tickSize).toFixed(this.priceDecimals);
  }

  qtyString(lots: number): string {
    return (lots * this.stepSize).toFixed(this.qtyDecimals);
  }

  /** Exact price of `ticks` (scaled). */
  price(ticks: number): bigint {
    return BigInt(ticks) * this.tickScaled;
  }

  /** Exact quantity of `lots` (scaled). */
  qty(lots: number): bigint {
    return BigInt(lots) * this.stepScaled;
  }

  /** Exact notional of `lots` at `ticks` (scaled). */
  notional(ticks: number, lots: number): bigint {
    return (BigInt(ticks) * this.tickScaled * BigInt(lots) * this.stepScaled) / ONE;
  }

  /** Exact scaled value of a market price (the codec's float, read as its shortest decimal). */
  exactPrice(price: number): bigint {
    return fromNumber(price);
  }

  private parse(
    s: string,
    name: string,
    step: bigint,
    precision: number,
    offGrid: number,
    offGridMsg: string,
  ): number | VenueReject {
    if (!WIRE_DECIMAL.test(s))
      return { code: -1102, msg: `Mandatory parameter '${name}' was not sent, was empty/null, or malformed.` };
    const trimmed = s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s;
    if (decimalsOf(trimmed) > precision)
      return { code: -1111, msg: 'Precision is over the maximum defined for this asset.' };
    const v = parseDecimal(s) as bigint;
    if (v % step !== 0n) return { code: offGrid, msg: offGridMsg };
    return Number(v / step);
  }
}
