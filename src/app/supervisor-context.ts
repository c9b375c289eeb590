/**
 * What the operator commands (status, kill, symbols, config) may read and do on a running supervisor. The
 * supervisor implements it; the commands depend on this interface only, so neither imports the other and a
 * command's reach into supervisor state is listed here rather than scattered.
 */
import type { ActorSlot } from '../runtime/actor-slot.js';
import type { ActorPlan } from '../runtime/actor-plan.js';
import type { ChannelSpec } from '../runtime/channel/channel-spec.js';
import type { Logger } from '../runtime/log/logger.js';
import type { TapelineConfig } from '../schema/config/config-schema.js';
import type { ActorModules } from './topology.js';
import type { ClusterNode } from './cluster/cluster-node.js';
import type { VenueEndpoints } from './venue-endpoints.js';

export interface SupervisorContext {
  readonly config: TapelineConfig;
  readonly log: Logger;
  readonly venue: VenueEndpoints;
  readonly modules: ActorModules;
  readonly startedAt: number;
  readonly slots: ReadonlyMap<string, ActorSlot>;
  /** This node's cluster membership, when started with `--nats`. */
  readonly cluster: ClusterNode | undefined;
  /** Every data channel; replaced (not mutated) when symbols are added or removed live. */
  channels: ChannelSpec[];
  readonly shuttingDown: boolean;
  mailboxDepth(name: string): number;
  dropped(name: string): number;
  addSlot(plan: ActorPlan): ActorSlot;
  removeSlot(name: string): void;
  refreshRings(name: string): void;
  /** Records a live parameter change so actors restarted later start with it. */
  updateConfig(section: 'risk' | 'execution' | 'strategies', value: Record<string, unknown>): void;
}
