/**
 * How the supervisor and the cluster meet: joining before anything starts (a node owns no symbol until its
 * leases say so) and the hooks the cluster calls back: start or stop owned symbols through the existing
 * add/remove path (a new owner rebuilds the symbol: fresh actor, book sync, backfill), tell the bridge the lease
 * revisions, and engage this node's kill switch.
 */
import { CONTROL_TIMEOUT_MS } from '../../runtime/actor-slot.js';
import { callWithin } from '../../runtime/control/comlink.js';
import type { Logger } from '../../runtime/log/logger.js';
import type { TapelineConfig } from '../../schema/config/config-schema.js';
import { errorMessage } from '../../schema/errors.js';
import type { SupervisorContext } from '../supervisor-context.js';
import type { SupervisorOperations } from '../supervisor-operations.js';
import { ClusterNode, type ClusterHooks } from './cluster-node.js';

export async function joinCluster(config: TapelineConfig, log: Logger): Promise<ClusterNode> {
  const node = await ClusterNode.join(config.cluster!, log);
  config.symbols = []; // owned symbols arrive through the leases
  return node;
}

export function clusterHooks(rt: SupervisorContext & { readonly ops: SupervisorOperations }): ClusterHooks {
  const bridge = async (args: Record<string, unknown>): Promise<void> => {
    const slot = rt.slots.get('bridge');
    if (!slot?.isAlive() || !slot.control) return;
    await callWithin('bridge.leases', CONTROL_TIMEOUT_MS, () => slot.control!.command('leases', args)).catch((err) =>
      rt.log.warn({ err: errorMessage(err) }, 'bridge did not take the lease revisions'),
    );
  };
  return {
    async acquire(leases) {
      // The fencing token first: the new actor's first frame already carries the new revision.
      await bridge({ leases: Object.fromEntries(leases) });
      await rt.ops.ownedSymbols([...leases.keys()], []);
    },
    async release(symbols) {
      await rt.ops.ownedSymbols([], [...symbols]);
      await bridge({ leases: {}, released: [...symbols] });
    },
    async engage(reason) {
      await rt.ops.killHere(reason);
    },
    riskAlive: () => rt.slots.get('risk')?.isAlive() === true,
  };
}
