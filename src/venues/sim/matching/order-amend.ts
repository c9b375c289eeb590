/**
 * `PUT /fapi/v1/order` (and `order.modify`): what a LIMIT order becomes when its price or quantity is amended,
 * checked with the same filters as a new order. The venue's rules: only open LIMIT orders, the side must match,
 * an unchanged order is -5027; the caller cancels instead when the new quantity is not above what already
 * filled, or when a post-only order would now cross. Pure.
 */
import type { SymbolSpec } from '../market/symbol-spec.js';
import { VenueError } from '../server/rest-types.js';
import { checkPercentPrice, priceUnits, qtyUnits } from './order-request.js';
import type { UserOrder } from './user-order.js';

export interface Amendment {
  priceTick: number;
  units: number;
}

export function parseAmendment(params: URLSearchParams, o: UserOrder, spec: SymbolSpec, markPrice: number): Amendment {
  const side = params.get('side');
  if (side === null || side === '')
    throw new VenueError(400, -1102, "Mandatory parameter 'side' was not sent, was empty/null, or malformed.");
  if (side !== (o.buy ? 'BUY' : 'SELL')) throw new VenueError(400, -1117, 'Invalid side.');
  if (params.get('priceMatch') !== null && params.get('priceMatch') !== 'NONE') {
    throw new VenueError(400, -1102, "Mandatory parameter 'priceMatch' was not sent, was empty/null, or malformed.");
  }
  const priceRaw = params.get('price');
  const qtyRaw = params.get('quantity');
  if (priceRaw === null || priceRaw === '')
    throw new VenueError(400, -1102, "Mandatory parameter 'price' was not sent, was empty/null, or malformed.");
  if (qtyRaw === null || qtyRaw === '')
    throw new VenueError(400, -1102, "Mandatory parameter 'quantity' was not sent, was empty/null, or malformed.");
  if (o.type !== 'LIMIT') throw new VenueError(400, -4140, 'Invalid order type: only LIMIT orders can be modified.');
  const priceTick = priceUnits(priceRaw, spec);
  const units = qtyUnits(qtyRaw, spec);
  if (units <= 0) throw new VenueError(400, -4003, 'Quantity less than or equal to zero.');
  checkPercentPrice(priceTick, spec, markPrice);
  if (priceTick === o.priceTick && units === o.origUnits)
    throw new VenueError(400, -5027, 'No need to modify the order.');
  return { priceTick, units };
}
