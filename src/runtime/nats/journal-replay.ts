/**
 * What a new risk leader knows before it sends anything: the replicated order journal folded into positions,
 * open orders per symbol, the UTC day's realized PnL and every clientOrderId and decisionId ever attempted. Pure:
 * records in, state out (the leader then reconciles with the venue, whose positions and open orders replace these).
 */
import type { ClusterJournalRecord } from './order-journal-stream.js';

export interface JournalState {
  positions: Record<string, number>;
  /** Attempts with no terminal outcome yet, per symbol. */
  openOrders: Record<string, number>;
  /** Realized PnL minus fees of the fills journaled on the UTC day of `now` (risk's daily loss stop). */
  realizedToday: number;
  /** clientOrderId → its last record: never send these again. */
  known: Map<string, ClusterJournalRecord>;
  /** Decisions attempted (or refused) by any execution host: never approved again. */
  decisions: Set<string>;
  records: number;
}

const DAY_MS = 86_400_000;
const TERMINAL = new Set(['FILLED', 'CANCELED', 'EXPIRED', 'REJECTED', 'EXPIRED_IN_MATCH']);

export function replayJournal(records: readonly ClusterJournalRecord[], now = Date.now()): JournalState {
  const positions: Record<string, number> = {};
  const open = new Map<string, string>(); // clientOrderId → symbol
  const known = new Map<string, ClusterJournalRecord>();
  const decisions = new Set<string>();
  const today = Math.floor(now / DAY_MS);
  let realizedToday = 0;
  for (const r of records) {
    if (r.clientOrderId) known.set(r.clientOrderId, r);
    if (r.decisionId && (r.kind === 'attempt' || r.kind === 'refused')) decisions.add(r.decisionId);
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
        if (Math.floor(r.ts / DAY_MS) === today)
          realizedToday += Number(r.realizedPnl ?? 0) - Number(r.fee ?? r.commission ?? 0);
        break;
      case 'attempt':
        if (r.clientOrderId && r.symbol) open.set(r.clientOrderId, r.symbol);
        break;
      case 'outcome':
      case 'closed':
        // `closed`: execution saw the order end (user stream or reconciliation); `outcome`: the place reply.
        if (!r.clientOrderId) break;
        if ((typeof r.status === 'string' && TERMINAL.has(r.status)) || r.outcome === 'rejected')
          open.delete(r.clientOrderId);
        break;
      case 'expired':
        if (r.clientOrderId) open.delete(r.clientOrderId);
        break;
      default:
        break;
    }
  }
  const openOrders: Record<string, number> = {};
  for (const symbol of open.values()) openOrders[symbol] = (openOrders[symbol] ?? 0) + 1;
  return { positions, openOrders, realizedToday, known, decisions, records: records.length };
}
