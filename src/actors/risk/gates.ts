/**
 * The four gates of docs/contract.md, safety invariant 1, per symbol: EXECUTION_ENABLED, kill switch (global or the symbol's), keys,
 * and readiness (the symbol actor's book in sync, backfill done, data fresh — and execution's clock synced,
 * user stream live, positions reconciled). Missing knowledge is a closed gate: no snapshot, no trading.
 */
import type { ExecutionStatus, SymbolReadiness } from '../../schema/order-messages.js';
import { RISK_CODES, type RiskRefusal, refuse } from './checks/risk-check.js';

export interface GateInputs {
  executionEnabled: boolean;
  keys: boolean;
  killSwitchBlocks: boolean;
  readiness: SymbolReadiness | undefined;
  execution: ExecutionStatus | undefined;
  now: number;
  readinessMaxAgeMs: number;
}

/** What is not ready, empty when everything is (for the refusal detail and the status). */
export function readinessProblems(g: GateInputs): string[] {
  const out: string[] = [];
  const r = g.readiness;
  if (!r) out.push('no readiness from the symbol actor');
  else {
    if (!r.bookInSync) out.push('book not in sync');
    if (!r.backfillDone) out.push('backfill not done');
    if (!r.dataFresh) out.push('data stale');
    if (g.now - r.ts > g.readinessMaxAgeMs) out.push(`readiness ${g.now - r.ts} ms old`);
  }
  const e = g.execution;
  if (!e) out.push('no status from execution');
  else {
    if (!e.clockSynced) out.push('clock not synced');
    if (!e.userStreamLive) out.push('user stream not live');
    if (!e.positionsReconciled) out.push('positions not reconciled');
    if (!e.keys) out.push('execution has no keys');
  }
  return out;
}

export function checkGates(g: GateInputs): RiskRefusal | undefined {
  if (!g.executionEnabled) return refuse(RISK_CODES.executionDisabled, 'EXECUTION_ENABLED is not true');
  if (g.killSwitchBlocks) return refuse(RISK_CODES.killSwitch, 'kill switch engaged');
  if (!g.keys) return refuse(RISK_CODES.noKeys, 'no API key pair configured');
  const problems = readinessProblems(g);
  if (problems.length > 0) return refuse(RISK_CODES.notReady, problems.join('; '));
  return undefined;
}
