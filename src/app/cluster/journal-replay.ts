/**
 * What a new risk leader knows before it sends anything: the replicated order journal folded into positions,
 * open orders per symbol and every clientOrderId ever attempted. Pure: records in, state out (the leader then
 * reconciles with the venue, whose answer replaces positions and open orders).
 */
import type { ClusterJournalRecord } from '../../runtime/nats/order-journal-stream.js';

export interface JournalState {
  positions: Record<string, number>;
  /** Attempts with no terminal outcome yet, per symbol. */
  openOrders: Record<string, number>;
  /** clientOrderId → its last record: never send these again. */
  known: Map<string, ClusterJournalRecord>;
  records: number;
}

const TERMINAL = new Set(['FILLED', 'CANCELED', 'EXPIRED', 'REJECTED']);

export function replayJournal(records: readonly ClusterJournalRecord[]): JournalState {
  const positions: Record<string, number> = {};
  const open = new Map<string, string>(); // clientOrderId → symbol
  const known = new Map<string, ClusterJournalRecord>();
  for (const r of records) {
    if (r.clientOrderId) known.set(r.clientOrderId, r);
    switch (r.kind) {
      case 'reconcile': {
        const p = r.positions as Record<string, number> | undefined;
        if (p) {
          for (const k of Object.keys(positions)) delete positions[k];
          Object.assign(positions, p);
        }
        break;
      }
      case 'fill':
        if (r.symbol && typeof r.positionAmt === 'number') positions[r.symbol] = r.positionAmt;
        if (r.clientOrderId && r.status === 'FILLED') open.delete(r.clientOrderId);
        break;
      case 'attempt':
        if (r.clientOrderId && r.symbol) open.set(r.clientOrderId, r.symbol);
        break;
      case 'outcome':
        if (r.clientOrderId && typeof r.status === 'string' && TERMINAL.has(r.status)) open.delete(r.clientOrderId);
        break;
      default:
        break;
    }
  }
  const openOrders: Record<string, number> = {};
  for (const symbol of open.values()) openOrders[symbol] = (openOrders[symbol] ?? 0) + 1;
  return { positions, openOrders, known, records: records.length };
}
