/**
 * What one actor slot runs: the actor's name and kind, the module that builds it, how it waits for mail, its
 * doorbell, and the packed group it shares a thread with. Built by the application's topology.
 */
import type { ActorKind } from '../schema/supervisor-api.js';
import type { WakeMode } from './channel/inbox.js';

export interface ActorPlan {
  name: string;
  kind: ActorKind;
  symbol: string | undefined;
  modulePath: string;
  /** Pure actors block on their mailbox (lower wake latency); actors doing I/O park asynchronously. */
  wake: WakeMode;
  doorbell: SharedArrayBuffer;
  /**
   * Set when the actor shares a worker thread with others (runtime.symbolsPerWorker > 1): the group's name;
   * the group's members share `doorbell` (one per consumer thread) and keep their own rings.
   */
  pack?: string;
}
