/**
 * Why execution will not let an order leave right now, as data: `gate` names the closed gate (callers branch
 * on it, e.g. a kill that lands while an order is in flight cancels it), `detail` is the text for the journal
 * and the order's reason. Every block is `TL_EXEC_BLOCKED` on the wire.
 */
import type { Failure } from '../../schema/errors.js';

export type ExecutionGate =
  | 'disabled'
  | 'no-keys'
  | 'kill-switch'
  | 'clock'
  | 'user-stream'
  | 'not-reconciled'
  | 'unknown-outcome'
  | 'backoff';

export interface ExecutionBlock extends Failure<'TL_EXEC_BLOCKED'> {
  gate: ExecutionGate;
}

export function blockedBy(gate: ExecutionGate, detail: string): ExecutionBlock {
  return { code: 'TL_EXEC_BLOCKED', gate, detail };
}
