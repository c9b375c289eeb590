/**
 * The tape mode's view of an order: the `o` object of its last ORDER_TRADE_UPDATE (what the paper venue
 * last said about it), rendered in the venue's REST order shape for place, cancel and query answers.
 */
export interface VenueOrderView {
  s: string;
  c: string;
  S: 'BUY' | 'SELL';
  f: string;
  q: string;
  p: string;
  ap: string;
  x: string;
  X: string;
  i: number;
  z: string;
  updateTime: number;
}

export function orderBody(v: VenueOrderView): Record<string, unknown> {
  const cumQuote = Number(v.ap) * Number(v.z);
  return {
    orderId: v.i,
    symbol: v.s,
    status: v.X,
    clientOrderId: v.c,
    price: v.p,
    avgPrice: v.ap,
    origQty: v.q,
    executedQty: v.z,
    cumQty: v.z,
    cumQuote: cumQuote.toFixed(8),
    timeInForce: v.f,
    type: 'LIMIT',
    reduceOnly: false,
    closePosition: false,
    side: v.S,
    positionSide: 'BOTH',
    stopPrice: '0',
    workingType: 'CONTRACT_PRICE',
    priceProtect: false,
    origType: 'LIMIT',
    priceMatch: 'NONE',
    selfTradePreventionMode: 'EXPIRE_MAKER',
    goodTillDate: 0,
    updateTime: v.updateTime,
  };
}
