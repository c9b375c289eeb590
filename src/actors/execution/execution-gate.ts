/**
 * Execution's own gate, as data: the facts the venue session knows (keys, arming, clock, user stream,
 * reconciliation, outcomes in doubt, back-off) in, the first closed gate out as a code with a detail for people.
 * Callers branch on `code`, never on `detail`. Pure: the session fills the inputs, the backtest sets them open.
 */

export type ExecutionGateCode =
  | 'EXEC_DISABLED'
  | 'EXEC_NO_KEYS'
  | 'EXEC_HEDGE_MODE'
  | 'EXEC_KILL_SWITCH'
  | 'EXEC_NOT_RISK_LEADER'
  | 'EXEC_CLOCK_NOT_SYNCED'
  | 'EXEC_USER_STREAM_DOWN'
  | 'EXEC_NOT_RECONCILED'
  | 'EXEC_OUTCOME_UNKNOWN'
  | 'EXEC_BACKING_OFF'
  | 'EXEC_NO_FILTERS';

export interface GateBlock {
  code: ExecutionGateCode;
  detail: string;
}

export interface ExecutionGateInputs {
  executionEnabled: boolean;
  keys: boolean;
  /** The account is in hedge mode (dual position side), which we refuse to trade (position-mode.ts). */
  hedgeMode: boolean;
  /** Armed globally and the symbol not killed on its own. */
  armed: boolean;
  /** On a cluster node: this node holds the risk lease (docs/cluster-durability.md). Always true in one process. */
  riskLeader: boolean;
  clockSynced: boolean;
  userStreamLive: boolean;
  reconciled: boolean;
  /** Some order's outcome is UNKNOWN (a reconciliation is resolving it). */
  outcomeUnknown: boolean;
  /** Venue-imposed back-off left (429/418 Retry-After), ms; 0 when none. */
  backoffMs: number;
}

/** Undefined when an order may leave now; otherwise the first closed gate, in the order operators read them. */
export function checkExecutionGate(g: ExecutionGateInputs): GateBlock | undefined {
  if (!g.executionEnabled) return { code: 'EXEC_DISABLED', detail: 'EXECUTION_ENABLED is not true' };
  if (!g.keys) return { code: 'EXEC_NO_KEYS', detail: 'no API keys' };
  if (g.hedgeMode)
    return {
      code: 'EXEC_HEDGE_MODE',
      detail: 'TL_EXEC_HEDGE_MODE: the account is in hedge mode; switch it to one-way',
    };
  if (!g.armed) return { code: 'EXEC_KILL_SWITCH', detail: 'kill switch engaged' };
  // Fencing: approvals that reach an execution whose node lost (or never held) the risk lease do not leave.
  if (!g.riskLeader) return { code: 'EXEC_NOT_RISK_LEADER', detail: 'this node does not hold the risk lease' };
  if (!g.clockSynced) return { code: 'EXEC_CLOCK_NOT_SYNCED', detail: 'clock not synced' };
  if (!g.userStreamLive) return { code: 'EXEC_USER_STREAM_DOWN', detail: 'user stream not live' };
  if (!g.reconciled) return { code: 'EXEC_NOT_RECONCILED', detail: 'not reconciled' };
  if (g.outcomeUnknown) return { code: 'EXEC_OUTCOME_UNKNOWN', detail: 'an order outcome is UNKNOWN (reconciling)' };
  if (g.backoffMs > 0)
    return { code: 'EXEC_BACKING_OFF', detail: `rate limited by the venue: backing off ${g.backoffMs} ms` };
  return undefined;
}

/** The gate every check passes: the backtest's venue session is always connected, synced and reconciled. */
export const OPEN_GATE: Readonly<ExecutionGateInputs> = Object.freeze({
  executionEnabled: true,
  keys: true,
  hedgeMode: false,
  armed: true,
  riskLeader: true,
  clockSynced: true,
  userStreamLive: true,
  reconciled: true,
  outcomeUnknown: false,
  backoffMs: 0,
});
