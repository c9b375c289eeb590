/**
 * One record of the execution journal: the file `executions.jsonl` on every host and, on a cluster node, the
 * replicated journal stream (docs/cluster-durability.md). One definition, so the two cannot drift apart.
 */
export interface JournalRecord {
  ts: number;
  // 'fill': one execution (compare-live reads them; in the cluster's replicated journal risk rebuilds exposure from them).
  kind:
    | 'attempt'
    | 'outcome'
    // The order ended (filled, cancelled, expired, rejected): a new risk leader counts open orders from these.
    | 'closed'
    | 'cancel'
    | 'cancel-all'
    | 'modify'
    | 'expired'
    | 'reconcile'
    | 'refused'
    | 'duplicate'
    | 'fill';
  clientOrderId?: string;
  decisionId?: string;
  symbol?: string;
  [key: string]: unknown;
}
