/**
 * The deterministic `newClientOrderId` of docs/contract.md, safety invariant 4: a pure function of the risk decision id, so the same
 * decision always maps to the same id — a restart that sees the decision again finds it in executions.jsonl,
 * and the venue would refuse a duplicate of an open one (-4116). Fits the venue's `^[.A-Z:/a-z0-9_-]{1,36}$`.
 */
import { createHash } from 'node:crypto';

const PREFIX = 'tl-';

export function clientOrderIdFor(decisionId: string): string {
  return PREFIX + createHash('sha256').update(decisionId, 'utf8').digest('hex').slice(0, 32);
}
