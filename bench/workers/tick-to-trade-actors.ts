/**
 * The four actor fixtures of the tick-to-trade bench, run by the real supervisor on the real runtime (actor
 * host, rings, doorbells). The supervisor takes one module URL per kind, so each role has a one-line module
 * (tick-to-trade-{ingest,symbol,risk,execution,gateway}.ts) exporting `createActor` for a class here.
 */
import { connect, type Socket } from 'node:net';
import type { Actor, ActorContext } from '../../src/runtime/actor.js';
import { symbolActorName } from '../../src/runtime/topology.js';
import { type BenchIntent, ingestStage, LineSplitter, newEngine, nowMs, orderBytes, riskStage, symbolStage, T2T_SYMBOL } from './tick-to-trade-stages.js';

function portOf(url: string): number {
  return Number(new URL(url).port);
}

/** Reads venue frames from the bench venue's feed socket, decodes them and sends envelopes to symbol/BTCUSDT. */
export class BenchIngest implements Actor {
  private socket: Socket | undefined;
  private seq = 0;
  start(ctx: ActorContext): void {
    const to = symbolActorName(T2T_SYMBOL);
    const lines = new LineSplitter();
    this.socket = connect(portOf(ctx.venue.ws), '127.0.0.1');
    this.socket.setNoDelay(true);
    this.socket.on('data', (chunk: Buffer) => {
      const arrive = nowMs();
      lines.push(chunk, (line) => {
        const event = ingestStage(line);
        if (!event) return;
        ctx.sendTo(to, 'market', { type: 'market', symbol: T2T_SYMBOL, recvTs: Date.now(), seq: ++this.seq, event, stamps: [arrive, nowMs()] });
      });
    });
  }
  handle(): void {}
  stop(): void {
    this.socket?.destroy();
  }
  snapshot(): unknown {
    return null;
  }
}

export class BenchSymbol implements Actor {
  private ctx!: ActorContext;
  private readonly engine = newEngine();
  start(ctx: ActorContext): void {
    this.ctx = ctx;
  }
  handle(message: unknown, topic: string): void {
    if (topic !== 'market') return;
    const env = message as { event: never; recvTs: number; stamps: number[] };
    env.stamps.push(nowMs());
    const intent = symbolStage(this.engine, env.event, env.recvTs, env.stamps);
    if (!intent) return;
    intent.stamps.push(nowMs());
    this.ctx.send('intents', intent);
  }
  stop(): void {}
  snapshot(): unknown {
    return null;
  }
}

export class BenchRisk implements Actor {
  private ctx!: ActorContext;
  start(ctx: ActorContext): void {
    this.ctx = ctx;
  }
  handle(message: unknown, topic: string): void {
    if (topic !== 'intents') return;
    const intent = message as BenchIntent;
    intent.stamps.push(nowMs());
    const approved = riskStage(intent);
    if (!approved) return;
    approved.stamps.push(nowMs());
    this.ctx.sendTo('execution', 'approved', approved);
  }
  stop(): void {}
  snapshot(): unknown {
    return null;
  }
}

/** Writes each approved order's request bytes to the bench venue's order socket and keeps the stamps. */
export class BenchExecution implements Actor {
  private socket: Socket | undefined;
  private secret = '';
  private samples: number[][] = [];
  start(ctx: ActorContext): void {
    this.secret = ctx.config.apiSecret ?? 'bench';
    this.socket = connect(portOf(ctx.venue.rest), '127.0.0.1');
    this.socket.setNoDelay(true);
  }
  handle(message: unknown, topic: string): void {
    if (topic !== 'approved' || !this.socket) return;
    const o = message as BenchIntent;
    o.stamps.push(nowMs());
    this.socket.write(orderBytes(o, this.secret));
    o.stamps.push(nowMs());
    this.samples.push(o.stamps);
  }
  command(name: string): unknown {
    if (name !== 'takeSamples') throw new Error(`bench execution has no command ${name}`);
    const out = this.samples;
    this.samples = [];
    return out;
  }
  stop(): void {
    this.socket?.destroy();
  }
  snapshot(): unknown {
    return null;
  }
}

export class BenchGateway implements Actor {
  start(): void {}
  handle(): void {}
  stop(): void {}
  snapshot(): unknown {
    return null;
  }
}
