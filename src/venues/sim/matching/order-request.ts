/**
 * Parses and validates a `POST /fapi/v1/order` request against the symbol's filters, in the order the venue
 * checks them, and rejects with the venue's codes (-1102, -1116, -1115, -4014, -4023, -1111, -4015, -4120,
 * -4164, ...). Pure: the caller supplies the clock and the mark price.
 */
import { decimalsOf, toUnits } from '../market/decimal.js';
import type { SymbolSpec } from '../market/symbol-spec.js';
import { VenueError } from '../server/rest-types.js';
import type { TimeInForce } from './user-order.js';

export interface NewOrder {
  buy: boolean;
  type: 'LIMIT' | 'MARKET';
  tif: TimeInForce;
  priceTick: number;
  units: number;
  reduceOnly: boolean;
  clientOrderId: string | undefined;
  goodTillDate: number;
  respType: 'ACK' | 'RESULT';
  stpMode: string;
}

const CLIENT_ID = /^[.A-Z:/a-z0-9_-]{1,36}$/;
const CONDITIONAL = new Set(['STOP', 'STOP_MARKET', 'TAKE_PROFIT', 'TAKE_PROFIT_MARKET', 'TRAILING_STOP_MARKET']);
const STP = new Set(['NONE', 'EXPIRE_TAKER', 'EXPIRE_MAKER', 'EXPIRE_BOTH']);

function need(params: URLSearchParams, name: string): string {
  const v = params.get(name);
  if (v === null || v === '')
    throw new VenueError(400, -1102, `Mandatory parameter '${name}' was not sent, was empty/null, or malformed.`);
  return v;
}

function units(value: string, name: string, step: number, stepStr: string, tooFine: number, notOnGrid: string): number {
  if (!/^\d+(\.\d+)?$/.test(value))
    throw new VenueError(400, -1102, `Mandatory parameter '${name}' was not sent, was empty/null, or malformed.`);
  const dot = value.indexOf('.');
  const decimals = dot < 0 ? 0 : value.replace(/0+$/, '').length - dot - 1;
  if (decimals > Math.max(decimalsOf(stepStr), 0) && decimals > 8)
    throw new VenueError(400, -1111, 'Precision is over the maximum defined for this asset.');
  const n = toUnits(value, step, Math.max(decimalsOf(stepStr), decimals));
  if (n === undefined) throw new VenueError(400, tooFine, notOnGrid);
  return n;
}

export function parseNewOrder(params: URLSearchParams, spec: SymbolSpec, now: number, markPrice: number): NewOrder {
  const side = need(params, 'side');
  if (side !== 'BUY' && side !== 'SELL') throw new VenueError(400, -1117, 'Invalid side.');
  const type = need(params, 'type');
  if (CONDITIONAL.has(type)) {
    throw new VenueError(
      400,
      -4120,
      'Order type not supported for this endpoint. Please use the Algo Order API endpoints instead.',
    );
  }
  if (type !== 'LIMIT' && type !== 'MARKET') throw new VenueError(400, -1116, 'Invalid orderType.');
  const positionSide = params.get('positionSide') ?? 'BOTH';
  if (positionSide !== 'BOTH') throw new VenueError(400, -4061, "Order's position side does not match user's setting.");
  const qtyUnits = units(
    need(params, 'quantity'),
    'quantity',
    spec.stepSize,
    spec.stepSizeStr,
    -4023,
    'Qty not increased by step size.',
  );
  if (qtyUnits <= 0) throw new VenueError(400, -4003, 'Quantity less than or equal to zero.');
  const maxQty = Number(type === 'MARKET' ? spec.marketMaxQtyStr : spec.maxQtyStr) / spec.stepSize;
  if (qtyUnits > maxQty + 1e-9) throw new VenueError(400, -4005, 'Quantity greater than max quantity.');
  const reduceOnlyRaw = params.get('reduceOnly');
  if (reduceOnlyRaw !== null && reduceOnlyRaw !== 'true' && reduceOnlyRaw !== 'false') {
    throw new VenueError(400, -1102, "Mandatory parameter 'reduceOnly' was not sent, was empty/null, or malformed.");
  }
  const reduceOnly = reduceOnlyRaw === 'true';
  const clientOrderId = params.get('newClientOrderId') ?? undefined;
  if (clientOrderId !== undefined && !CLIENT_ID.test(clientOrderId))
    throw new VenueError(400, -4015, 'Client order id is not valid.');
  const respType = params.get('newOrderRespType') ?? 'ACK';
  if (respType !== 'ACK' && respType !== 'RESULT')
    throw new VenueError(
      400,
      -1102,
      "Mandatory parameter 'newOrderRespType' was not sent, was empty/null, or malformed.",
    );
  const stpMode = params.get('selfTradePreventionMode') ?? 'EXPIRE_MAKER';
  if (!STP.has(stpMode))
    throw new VenueError(
      400,
      -1102,
      "Mandatory parameter 'selfTradePreventionMode' was not sent, was empty/null, or malformed.",
    );

  let tif: TimeInForce = 'GTC';
  let priceTick = 0;
  let goodTillDate = 0;
  if (type === 'LIMIT') {
    const tifRaw = need(params, 'timeInForce');
    if (!['GTC', 'IOC', 'FOK', 'GTX', 'GTD'].includes(tifRaw)) throw new VenueError(400, -1115, 'Invalid timeInForce.');
    tif = tifRaw as TimeInForce;
    priceTick = units(
      need(params, 'price'),
      'price',
      spec.tickSize,
      spec.tickSizeStr,
      -4014,
      'Price not increased by tick size.',
    );
    if (priceTick <= 0) throw new VenueError(400, -4001, 'Price less than 0.');
    const p = priceTick * spec.tickSize;
    if (p > markPrice * 1.15)
      throw new VenueError(
        400,
        -4016,
        `Limit price can't be higher than ${(markPrice * 1.15).toFixed(spec.priceDecimals)}.`,
      );
    if (p < markPrice * 0.85)
      throw new VenueError(
        400,
        -4024,
        `Limit price can't be lower than ${(markPrice * 0.85).toFixed(spec.priceDecimals)}.`,
      );
    if (tif === 'GTD') {
      const gtd = Number(need(params, 'goodTillDate'));
      if (!Number.isInteger(gtd) || gtd <= now + 600_000 || gtd > 253402300799000) {
        throw new VenueError(
          400,
          -5040,
          'goodTillDate timestamp must be greater than the current time plus 600 seconds and smaller than 253402300799000',
        );
      }
      goodTillDate = gtd;
    }
  } else if (params.get('price') !== null || params.get('timeInForce') !== null) {
    // The venue ignores timeInForce on MARKET but refuses a price.
    if (params.get('price') !== null) throw new VenueError(400, -1106, "Parameter 'price' sent when not required.");
  }
  const notional = qtyUnits * spec.stepSize * (type === 'LIMIT' ? priceTick * spec.tickSize : markPrice);
  if (!reduceOnly && notional < spec.minNotional) {
    throw new VenueError(
      400,
      -4164,
      `Order's notional must be no smaller than ${spec.minNotional} (unless you choose reduce only).`,
    );
  }
  return {
    buy: side === 'BUY',
    type,
    tif,
    priceTick,
    units: qtyUnits,
    reduceOnly,
    clientOrderId,
    goodTillDate,
    respType,
    stpMode,
  };
}
