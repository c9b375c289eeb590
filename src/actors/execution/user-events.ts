/**
 * User-stream events → the order state machine: ORDER_TRADE_UPDATE moves an order (a TRADE produces the fill
 * for risk, an AMENDMENT new price and quantity, an expiry the coded reason from `er`), TRADE_LITE moves it
 * sooner (fast fill notice), ACCOUNT_UPDATE sets positions. Each trade counts once (trade-dedupe.ts): whichever
 * of TRADE_LITE / ORDER_TRADE_UPDATE comes first moves the order and the position; the fill report for risk
 * goes once, from ORDER_TRADE_UPDATE, because only it carries commission and realized PnL (the daily-loss stop
 * counts them). Pure translation; returns what changed for the caller to send.
 */
import type { FillReport } from '../../schema/order-messages.js';
import { type ExpiryReason, expiryReason } from './expiry-reason.js';
import type { OrderTracker, TrackedOrder } from './order-tracker.js';
import { toTrackedStatus } from './order-tracker.js';
import type { TradeDedupe } from './trade-dedupe.js';

export interface EventOutcome {
  order: TrackedOrder | undefined;
  changed: boolean;
  fill: FillReport | undefined;
  /** The order expired at the venue: why (`er`), for the journal. */
  expiry?: ExpiryReason;
}

const NONE: EventOutcome = { order: undefined, changed: false, fill: undefined };

/** Quantities are venue decimals: sums are kept on a 1e-9 grid so a cumulative `z` never looks smaller. */
function onGrid(x: number): number {
  return Math.round(x * 1e9) / 1e9;
}

export function applyUserEvent(
  event: Record<string, unknown>,
  tracker: OrderTracker,
  positions: Map<string, number>,
  trades: TradeDedupe,
): EventOutcome {
  if (event.e === 'ACCOUNT_UPDATE') {
    const p = ((event.a as { P?: Array<{ s: string; pa: string }> } | undefined)?.P ?? []) as Array<{
      s: string;
      pa: string;
    }>;
    for (const x of p) positions.set(x.s, Number(x.pa));
    return NONE;
  }
  if (event.e === 'TRADE_LITE') return applyTradeLite(event, tracker, positions, trades);
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
  const expiry = next === 'EXPIRED' ? expiryReason(o.er, o.V) : undefined;
  let changed = next !== undefined && tracker.transition(t, next, filled, Number(o.ap), expiry?.reason);
  if (o.x === 'AMENDMENT' && (t.price !== Number(o.p) || t.quantity !== Number(o.q))) {
    t.price = Number(o.p);
    t.quantity = Number(o.q);
    changed = true;
  }
  let fill: FillReport | undefined;
  if (o.x === 'TRADE' && Number(o.l) > 0) {
    // Without a trade id (a venue that sends none) nothing can be matched: the event counts on its own.
    const hasId = o.t !== undefined && o.t !== 0;
    const seen = hasId ? trades.get(symbol, o.t) : 0;
    if (seen !== 2) {
      if (hasId) trades.mark(symbol, o.t, 2);
      const qty = Number(o.l);
      // After a TRADE_LITE of the same trade the position already moved: report it, do not move it again.
      const pos = seen === 1 ? (positions.get(symbol) ?? 0) : move(positions, symbol, t.side, qty);
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
  }
  return expiry && changed ? { order: t, changed, fill, expiry } : { order: t, changed, fill };
}

/** TRADE_LITE: the fill notice ahead of ORDER_TRADE_UPDATE; moves a known order's fill and the position. */
function applyTradeLite(
  e: Record<string, unknown>,
  tracker: OrderTracker,
  positions: Map<string, number>,
  trades: TradeDedupe,
): EventOutcome {
  const symbol = String(e.s);
  const t = tracker.get(String(e.c));
  // An unknown order waits for its ORDER_TRADE_UPDATE (which tracks it); a trade seen already counts once.
  if (!t || e.t === undefined || trades.get(symbol, e.t) !== 0) return NONE;
  const qty = Number(e.l);
  if (!(qty > 0)) return NONE;
  trades.mark(symbol, e.t, 1);
  if (t.orderId === null && typeof e.i === 'number') t.orderId = e.i;
  const filled = onGrid(t.filled + qty);
  const avg = (t.avgPrice * t.filled + Number(e.L) * qty) / filled;
  const next = filled >= onGrid(t.quantity) ? 'FILLED' : 'PARTIALLY_FILLED';
  const changed = tracker.transition(t, next, filled, avg);
  move(positions, symbol, t.side, qty);
  return { order: t, changed, fill: undefined };
}

function move(positions: Map<string, number>, symbol: string, side: 'BUY' | 'SELL', qty: number): number {
  const pos = onGrid((positions.get(symbol) ?? 0) + (side === 'BUY' ? qty : -qty));
  positions.set(symbol, pos);
  return pos;
}
