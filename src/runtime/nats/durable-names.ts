/**
 * The names of the durable cluster state in JetStream (docs/cluster-durability.md): the order approval and
 * journal streams, the leader-lease and REST-budget KV buckets, tape streams. One place, so permissions
 * (nats-credentials.ts), producers and consumers cannot disagree on a subject.
 */

/** Approved orders, risk leader → execution; message id = decisionId (JetStream dedup). */
export const APPROVAL_STREAM = 'TAPELINE_APPROVALS';
export const APPROVAL_SUBJECT = 'tapeline.approvals';
/** Execution's durable pull consumer on the approval stream (one execution host works it at a time). */
export const APPROVAL_CONSUMER = 'execution';

/** The replicated write-ahead journal: attempts, outcomes, fills, reconciliations. */
export const JOURNAL_STREAM = 'TAPELINE_JOURNAL';
export const JOURNAL_SUBJECT_PREFIX = 'tapeline.journal';

/** Leader leases (key `risk`, `execution`), TTL ≥ 15 s. */
export const LEASE_BUCKET = 'tapeline-leases';
/** The risk leader's lease key: its holder runs the cluster's one risk and one execution. */
export const RISK_LEASE_KEY = 'risk';
/** Shared REST weight counters per IP and minute. */
export const REST_BUDGET_BUCKET = 'tapeline-rest-weight';
/** The IP's shared 429/418 backoff (Retry-After, ban-until), one key per IP; kept up to 3 days (the longest ban). */
export const REST_BACKOFF_BUCKET = 'tapeline-rest-backoff';

/** Tape streams: `--record-stream NAME` writes subject `tapeline.tape.NAME`. */
export const TAPE_SUBJECT_PREFIX = 'tapeline.tape';

/** JetStream dedup window: longer than any retry of one publish (a failover is 5–8 s). */
export const DEDUP_WINDOW_MS = 10 * 60_000;

/** KV keys and subject tokens allow [A-Za-z0-9_-]; anything else becomes '_'. */
export function subjectToken(text: string): string {
  return text.replace(/[^A-Za-z0-9_-]/g, '_');
}
