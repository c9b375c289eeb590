/**
 * What the symbol actor sends for a strategy signal: the client `signal` message (gateway → `signals`), the
 * `OrderIntent` for risk, and the decisions.jsonl records (signals and near misses). Pure mapping; the key order
 * follows each schema so msgpackr hits the shared structure.
 */
import type { SignalMessage } from '../../../schema/client-messages.js';
import type { OrderIntent } from '../../../schema/internal-messages.js';
import type { NearMiss, StrategySignal } from './strategy-output.js';

/**
 * The `signal` message. `accepted` is null: the symbol actor sends it as it sends the intent, before risk has
 * decided; risk publishes its `signal-verdict` with the same decisionId (and logs it to decisions.jsonl).
 */
export function signalMessage(s: StrategySignal): SignalMessage {
  return {
    type: 'signal',
    symbol: s.symbol,
    ts: s.ts,
    strategy: s.strategy,
    side: s.side,
    strength: s.strength,
    reason: s.reason,
    metrics: { ...s.metrics, entry: s.entry, invalidation: s.invalidation, target: s.target, setupStart: s.setupStart },
    accepted: null,
    decisionId: s.decisionId,
  };
}

export function orderIntent(s: StrategySignal): OrderIntent {
  return {
    type: 'intent',
    symbol: s.symbol,
    ts: s.ts,
    decisionId: s.decisionId,
    side: s.side,
    price: s.entry,
    quantity: s.quantity,
    reason: `${s.strategy}: ${s.reason}`,
  };
}

/** One decisions.jsonl line per signal: everything needed to answer "why did it trade?". */
export function signalRecord(s: StrategySignal): Record<string, unknown> {
  return {
    type: 'signal',
    symbol: s.symbol,
    strategy: s.strategy,
    ts: s.ts,
    decisionId: s.decisionId,
    setupStart: s.setupStart,
    side: s.side,
    entry: s.entry,
    invalidation: s.invalidation,
    target: s.target,
    strength: s.strength,
    quantity: s.quantity,
    reason: s.reason,
    values: s.metrics,
  };
}

/** The near miss as logged: "why didn't it trade?" (`failed` names the conditions). */
export function nearMissRecord(n: NearMiss): Record<string, unknown> {
  return {
    type: n.type,
    symbol: n.symbol,
    strategy: n.strategy,
    ts: n.ts,
    setupStart: n.setupStart,
    failed: n.failed,
    values: n.values,
  };
}
