/**
 * User-stream events → the order state machine: ORDER_TRADE_UPDATE moves an order (and a TRADE produces a
 * fill for risk), ACCOUNT_UPDATE sets positions. Pure translation; returns what changed for the caller to send.
 */
import type { FillReport } from '../../schema/order-messages.js';
import type { OrderTracker, TrackedOrder } from './order-tracker.js';
import { toTrackedStatus } from './order-tracker.js';

export interface EventOutcome {
  order: TrackedOrder | undefined;
  changed: boolean;
  fill: FillReport | undefined;
}

const NONE: EventOutcome = { order: undefined, changed: false, fill: undefined };

export function applyUserEvent(
  event: Record<string, unknown>,
  tracker: OrderTracker,
  positions: Map<string, number>,
): EventOutcome {
  if (event.e === 'ACCOUNT_UPDATE') {
    const p = ((event.a as { P?: Array<{ s: string; pa: string }> } | undefined)?.P ?? []) as Array<{
      s: string;
      pa: string;
    }>;
    for (const x of p) positions.set(x.s, Number(x.pa));
    return NONE;
  }
  if (event.e !== 'ORDER_TRADE_UPDATE') return NONE;
  const o = event.o as Record<string, unknown>;
  const clientOrderId = String(o.c);
  const symbol = String(o.s);
  let t = tracker.get(clientOrderId);
  if (!t) {
    // An order we did not place (or placed before the journal began): tracked so kill can cancel it.
    t = tracker.add({
      clientOrderId,
      decisionId: '',
      symbol,
      side: o.S === 'SELL' ? 'SELL' : 'BUY',
      price: Number(o.p),
      quantity: Number(o.q),
      timeInForce: String(o.f),
      ttlMs: 0,
    });
  }
  if (t.orderId === null && typeof o.i === 'number') t.orderId = o.i;
  const next = toTrackedStatus(String(o.X));
  const filled = Number(o.z);
  const changed = next !== undefined && tracker.transition(t, next, filled, Number(o.ap));
  let fill: FillReport | undefined;
  if (o.x === 'TRADE' && Number(o.l) > 0) {
    const qty = Number(o.l);
    const pos = (positions.get(symbol) ?? 0) + (t.side === 'BUY' ? qty : -qty);
    positions.set(symbol, pos);
    fill = {
      type: 'fill',
      symbol,
      decisionId: t.decisionId,
      clientOrderId,
      side: t.side,
      quantity: qty,
      price: Number(o.L),
      realizedPnl: Number(o.rp),
      commission: Number(o.n),
      positionAmt: pos,
      ts: Number(event.E),
    };
  }
  return { order: t, changed, fill };
}
