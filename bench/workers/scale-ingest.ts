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
import { symbolActorName } from '../../src/app/topology.js';
import { nowMs } from './tick-to-trade-stages.js';

/**
 * Event i → symbol index, with symbol k's share ∝ 1/(k+1)^s (a Zipf law: a few majors carry most of the flow, a
 * long tail trades rarely). Deterministic: a golden-ratio sequence sampled through the cumulative shares.
 */
function zipfPicker(n: number, s: number): (i: number) => number {
  const cdf = new Float64Array(n);
  let sum = 0;
  for (let k = 0; k < n; k++) cdf[k] = sum += 1 / (k + 1) ** s;
  for (let k = 0; k < n; k++) cdf[k]! /= sum;
  return (i) => {
    const u = (i * 0.618_033_988_749_895) % 1;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid]! < u) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

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
    const pick =
      args.zipf === undefined ? (i: number) => i % symbols.length : zipfPicker(symbols.length, Number(args.zipf));
    this.sent = 0;
    this.done = false;
    const t0 = performance.now();
    let next = 0;
    this.timer = setInterval(() => {
      const elapsed = performance.now() - t0;
      const due = Math.floor((Math.min(elapsed, ms) * rate) / 1_000);
      for (; this.sent < due; this.sent++) {
        const k = pick(next++);
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
