/**
 * Bench ingest for the scale and throughput benches: on `flood {rate, ms}` sends synthetic aggTrade envelopes
 * round-robin to every symbol actor at `rate` events/s (wall-clock paced, batches every ~1 ms). The envelope has
 * exactly the production shape, so it takes the channel's fixed binary layout as live traffic does; its
 * `recvTs` (when ingest had the frame) is stamped just before the send with sub-ms precision, and the symbol
 * side measures the ingest → symbol hop from it. (An extra `sentAt` field sent every frame down the msgpackr
 * fallback with an inline record definition: a cost production never pays.) Event time follows the wall clock,
 * so the real symbol actor emits its metrics every snapshot interval as it would live.
 */
import type { Actor, ActorContext } from '../../src/runtime/actor.js';
import { symbolActorName } from '../../src/runtime/topology.js';
import { nowMs } from './tick-to-trade-stages.js';

class FloodIngest implements Actor {
  private ctx!: ActorContext;
  private sent = 0;
  private done = true;
  private timer: NodeJS.Timeout | undefined;
  private readonly seq = new Map<string, number>();

  start(ctx: ActorContext): void {
    this.ctx = ctx;
  }

  command(name: string, args: Record<string, unknown>): unknown {
    if (name === 'progress') return { sent: this.sent, done: this.done };
    if (name !== 'flood') throw new Error(`flood ingest has no command ${name}`);
    const rate = Number(args.rate);
    const ms = Number(args.ms);
    const symbols = this.ctx.config.symbols;
    const targets = symbols.map((s) => symbolActorName(s));
    this.sent = 0;
    this.done = false;
    const t0 = performance.now();
    let next = 0;
    this.timer = setInterval(() => {
      const elapsed = performance.now() - t0;
      const due = Math.floor((Math.min(elapsed, ms) * rate) / 1_000);
      for (; this.sent < due; this.sent++) {
        const k = next++ % symbols.length;
        const symbol = symbols[k]!;
        const seq = (this.seq.get(symbol) ?? 0) + 1;
        this.seq.set(symbol, seq);
        const t = Date.now();
        const price = 100 + (seq % 50) * 0.01;
        const event = {
          kind: 'aggTrade',
          symbol,
          eventTime: t,
          tradeTime: t,
          aggTradeId: seq,
          firstTradeId: seq,
          lastTradeId: seq,
          price,
          qty: 0.5,
          side: seq % 2 ? 'buy' : 'sell',
        };
        this.ctx.sendTo(targets[k]!, 'market', { type: 'market', symbol, recvTs: nowMs(), seq, event });
      }
      if (elapsed >= ms) {
        clearInterval(this.timer);
        this.done = true;
      }
    }, 1);
    return { ok: true };
  }

  handle(): void {}
  stop(): void {
    clearInterval(this.timer);
  }
  snapshot(): unknown {
    return null;
  }
}

export function createActor(): Actor {
  return new FloodIngest();
}
