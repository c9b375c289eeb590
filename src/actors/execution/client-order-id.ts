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

/** True for ids this function made (orders we placed, as opposed to manual ones found at reconciliation). */
export function isOurClientOrderId(id: string): boolean {
  return id.startsWith(PREFIX) && id.length === PREFIX.length + 32;
}
