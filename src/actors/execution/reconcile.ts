/**
 * Reconciliation (issue 7): at start, after every user-stream reconnect and after an UNKNOWN outcome, read
 * the venue's open orders, open conditional (algo) orders and positions back before anything new is sent.
 * Orders we track that are neither open nor terminal are queried one by one by clientOrderId; "does not exist"
 * (-2013) means the request never took effect — the order is closed as REJECTED, and never resent. A hedge-mode
 * account fails it with TL_EXEC_HEDGE_MODE (position-mode.ts).
 */
import type { VenueAlgoOrder } from './algo-orders.js';
import { isTerminal, type OrderTracker, type TrackedStatus, toTrackedStatus } from './order-tracker.js';
import { oneWayPositions, type PositionRow } from './position-mode.js';
import type { SignedRest } from '../../venues/binance/signed-rest.js';
import { VenueError } from '../../venues/binance/venue-error.js';

interface VenueOrder {
  symbol: string;
  clientOrderId: string;
  orderId: number;
  status: string;
  side: 'BUY' | 'SELL';
  price: string;
  origQty: string;
  executedQty: string;
  avgPrice?: string;
}

export interface ReconcileResult {
  positions: Record<string, number>;
  /** Orders whose state this reconciliation changed. */
  changed: string[];
  /** Open orders at the venue that we did not place (manual ones): tracked, so kill cancels them too. */
  foreign: number;
  /** Conditional orders open at the venue (never ours: reported, and cancelled by a kill). */
  algos: VenueAlgoOrder[];
}

export async function reconcile(
  rest: SignedRest,
  tracker: OrderTracker,
  symbols: readonly string[],
): Promise<ReconcileResult> {
  const open = (await rest.signed('GET', '/fapi/v1/openOrders', {})) as VenueOrder[];
  const algos = (await rest.signed('GET', '/fapi/v1/openAlgoOrders', {}, 40)) as VenueAlgoOrder[];
  const risk = (await rest.signed('GET', '/fapi/v2/positionRisk', {}, 5)) as PositionRow[];
  const positions = oneWayPositions(risk, symbols);
  const changed: string[] = [];
  let foreign = 0;
  const seen = new Set<string>();
  for (const v of open) {
    seen.add(v.clientOrderId);
    let t = tracker.get(v.clientOrderId);
    if (!t) {
      foreign++;
      t = tracker.add({
        clientOrderId: v.clientOrderId,
        decisionId: '',
        symbol: v.symbol,
        side: v.side,
        price: Number(v.price),
        quantity: Number(v.origQty),
        timeInForce: 'GTC',
        ttlMs: 0,
      });
    }
    if (applyVenue(tracker, t.clientOrderId, v)) changed.push(t.clientOrderId);
  }
  for (const t of tracker.live()) {
    if (seen.has(t.clientOrderId)) continue;
    // Not open at the venue: filled, cancelled, expired — or never arrived. Ask.
    try {
      const v = (await rest.signed('GET', '/fapi/v1/order', {
        symbol: t.symbol,
        origClientOrderId: t.clientOrderId,
      })) as VenueOrder;
      if (applyVenue(tracker, t.clientOrderId, v)) changed.push(t.clientOrderId);
    } catch (err) {
      if (err instanceof VenueError && err.venueCode === -2013) {
        if (tracker.transition(t, 'REJECTED', t.filled, 0, 'not found at the venue on reconciliation (never executed)'))
          changed.push(t.clientOrderId);
      } else throw err;
    }
  }
  return { positions, changed, foreign, algos };
}

function applyVenue(tracker: OrderTracker, clientOrderId: string, v: VenueOrder): boolean {
  const t = tracker.get(clientOrderId);
  const next: TrackedStatus | undefined = toTrackedStatus(v.status);
  if (!t || !next) return false;
  if (t.orderId === null) t.orderId = v.orderId;
  if (t.acceptedAt === 0 && !isTerminal(next)) t.acceptedAt = Date.now();
  // A modify whose reply was lost: the venue's price and quantity are the truth.
  let amended = false;
  if (!isTerminal(t.status) && (t.price !== Number(v.price) || t.quantity !== Number(v.origQty))) {
    t.price = Number(v.price);
    t.quantity = Number(v.origQty);
    amended = true;
  }
  return tracker.transition(t, next, Number(v.executedQty), Number(v.avgPrice ?? 0), 'reconciled') || amended;
}
