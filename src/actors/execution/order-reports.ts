/**
 * What one order's change tells the others: risk gets the symbol's authoritative open count and notional
 * (`order-update`), the gateway the order as clients see it (`order`). Pure; the engine sends both.
 */
import type { OrderMessage } from '../../schema/client-messages.js';
import type { OrderUpdate } from '../../schema/order-messages.js';
import type { OrderTracker, TrackedOrder } from './order-tracker.js';

export function orderUpdateFor(o: TrackedOrder, tracker: OrderTracker, now: number): OrderUpdate {
  return {
    type: 'order-update',
    symbol: o.symbol,
    decisionId: o.decisionId,
    clientOrderId: o.clientOrderId,
    status: o.status,
    openOrders: tracker.openCount(o.symbol),
    openNotional: tracker.openNotional(o.symbol),
    reason: o.reason,
    ts: now,
  };
}

/** A decision seen again (restart, replayed mailbox, redelivered approval): risk hears it was not sent again. */
export function duplicateUpdateFor(
  a: { symbol: string; decisionId: string },
  clientOrderId: string,
  tracker: OrderTracker,
  now: number,
): OrderUpdate {
  const { symbol, decisionId } = a;
  const open = { openOrders: tracker.openCount(symbol), openNotional: tracker.openNotional(symbol) };
  return { type: 'order-update', symbol, decisionId, clientOrderId, status: 'REJECTED', ...open, reason: DUP, ts: now };
}

const DUP = 'TL_EXEC_DUPLICATE_DECISION';

export function orderMessageFor(o: TrackedOrder, now: number): OrderMessage {
  return {
    type: 'order',
    symbol: o.symbol,
    ts: now,
    clientOrderId: o.clientOrderId,
    orderId: o.orderId,
    side: o.side,
    orderType: 'LIMIT',
    status: o.status,
    price: o.price,
    quantity: o.quantity,
    filledQuantity: o.filled,
    avgPrice: o.avgPrice > 0 ? o.avgPrice : null,
    ...(o.reason ? { reason: o.reason } : {}),
  };
}
