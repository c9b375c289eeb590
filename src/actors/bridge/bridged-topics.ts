/**
 * Which ring topics cross NATS, in which direction, for a node's roles. Market data never does (a node ingests
 * the symbols it owns); metrics and signals go to gateways anywhere; intents go to risk when it runs elsewhere;
 * risk states and orders go to gateways. Symbol-owned topics are fenced by the symbol's lease revision.
 */
import type { ClusterRole } from '../../schema/config/config-schema.js';

export interface BridgedTopic {
  topic: string;
  /** The local actor that consumes it when it arrives from another node. */
  consumer: 'gateway' | 'risk';
  /** Frames carry the symbol's lease revision; a consumer drops revisions older than the newest seen. */
  fenced: boolean;
  /** The role whose local actors produce it. */
  producer: ClusterRole;
}

export const BRIDGED_TOPICS: readonly BridgedTopic[] = [
  { topic: 'telemetry', consumer: 'gateway', fenced: true, producer: 'symbols' },
  { topic: 'intents', consumer: 'risk', fenced: true, producer: 'symbols' },
  { topic: 'risk', consumer: 'gateway', fenced: false, producer: 'risk' },
  { topic: 'orders', consumer: 'gateway', fenced: false, producer: 'execution' },
];

/** Topics this node publishes: produced here, and (for intents) only when risk runs elsewhere. */
export function publishedTopics(roles: readonly ClusterRole[]): BridgedTopic[] {
  return BRIDGED_TOPICS.filter((t) => roles.includes(t.producer) && !(t.topic === 'intents' && roles.includes('risk')));
}

/** Topics this node subscribes to: their consumer runs here (intents only from nodes without risk). */
export function subscribedTopics(roles: readonly ClusterRole[]): BridgedTopic[] {
  return BRIDGED_TOPICS.filter((t) => roles.includes(t.consumer));
}
