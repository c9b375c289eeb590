/**
 * Every NATS subject and KV bucket name a Tapeline cluster uses, in one place, so nodes agree by construction and
 * two clusters on one NATS (different `cluster` names) never hear each other. Subjects are `tl.<cluster>.…`;
 * symbols and topics are tokens, so a symbol may not contain `.`, `*`, `>` or spaces (Binance symbols never do).
 */
import { TapelineError } from '../../schema/errors.js';

const TOKEN = /^[A-Za-z0-9_-]+$/;

function token(kind: string, value: string): string {
  if (!TOKEN.test(value)) {
    throw new TapelineError(
      'TL_CLUSTER_BAD_ROLES',
      `${kind} "${value}" cannot be part of a NATS subject: use letters, digits, _ and - only`,
    );
  }
  return value;
}

export interface ClusterSubjects {
  readonly cluster: string;
  /** A ring frame of `topic` about `symbol` (or `-` for a cluster-wide topic such as risk or orders). */
  frame(topic: string, symbol?: string): string;
  /** Wildcard for every frame of one topic (a gateway-only node subscribes to `telemetry`, `risk`, `orders`). */
  frames(topic: string): string;
  /** The kill switch broadcast: engage on every node at once (the KV key is the durable copy). */
  readonly kill: string;
  /** Risk's heartbeat: every node engages its kill switch when the newest one is older than 1 s. */
  readonly riskHeartbeat: string;
  /** Request/reply: a publishing node answers with the last frame of every channel it publishes. */
  readonly lastValues: string;
  /** Request/reply to one node (e.g. `admin status` asks each node for its cluster view). */
  node(nodeId: string, verb: string): string;
  /** KV buckets (names may not contain dots). */
  readonly nodesBucket: string;
  readonly ownersBucket: string;
  readonly controlBucket: string;
}

/** The key in `controlBucket` that holds the cluster kill switch (`engaged` or `armed`, with who and why). */
export const KILL_SWITCH_KEY = 'kill-switch';

/** Token for cluster-wide frames that belong to no symbol. */
export const NO_SYMBOL = '-';

export function clusterSubjects(cluster = 'default'): ClusterSubjects {
  const c = token('cluster name', cluster);
  const root = `tl.${c}`;
  return {
    cluster: c,
    frame: (topic, symbol) => `${root}.frame.${topic}.${symbol ?? NO_SYMBOL}`,
    frames: (topic) => `${root}.frame.${topic}.*`,
    kill: `${root}.kill`,
    riskHeartbeat: `${root}.risk.heartbeat`,
    lastValues: `${root}.last-values`,
    node: (nodeId, verb) => `${root}.node.${token('node name', nodeId)}.${verb}`,
    nodesBucket: `tl_${c}_nodes`,
    ownersBucket: `tl_${c}_owners`,
    controlBucket: `tl_${c}_control`,
  };
}

/** Validates a node name (`--node`) up front, so a bad one fails at start rather than at the first publish. */
export function checkNodeName(name: string): string {
  return token('node name', name);
}
