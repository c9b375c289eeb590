/**
 * The execution actor: the only place an order request leaves from (with the execution issue: signed LIMIT
 * orders, the user-data stream, reconciliation). Today it tracks no open orders, so a cancel-all from risk
 * has nothing to send; it records that it received it, which the kill-switch tests check.
 */
import type { Actor, ActorContext } from '../../runtime/actor.js';
import type { CancelAllCommand } from '../../schema/internal-messages.js';

interface ExecutionSnapshot {
  cancelAllReceived: number;
}

class ExecutionActor implements Actor<ExecutionSnapshot> {
  private ctx!: ActorContext;
  private cancelAllReceived = 0;
  private readonly openOrders = new Map<string, { symbol: string }>();

  start(ctx: ActorContext, restored: ExecutionSnapshot | undefined): void {
    this.ctx = ctx;
    this.cancelAllReceived = restored?.cancelAllReceived ?? 0;
  }

  handle(message: unknown, topic: string): void {
    if (topic !== 'approved') return;
    const m = message as { type: string };
    if (m.type === 'cancel-all') {
      const cmd = m as CancelAllCommand;
      this.cancelAllReceived++;
      const symbols = new Set([...this.openOrders.values()].map((o) => o.symbol).filter((s) => !cmd.symbol || s === cmd.symbol));
      this.ctx.log.warn({ reason: cmd.reason, symbol: cmd.symbol || 'all', symbolsWithOpenOrders: [...symbols] }, 'cancel-all received');
    }
  }

  status(): Record<string, unknown> {
    return { cancelAllReceived: this.cancelAllReceived, openOrders: this.openOrders.size };
  }

  snapshot(): ExecutionSnapshot {
    return { cancelAllReceived: this.cancelAllReceived };
  }

  stop(): void {}
}

export function createActor(): Actor {
  return new ExecutionActor();
}
