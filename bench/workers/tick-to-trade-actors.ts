/**
 * The four actor fixtures of the tick-to-trade bench, run by the real supervisor on the real runtime (actor
 * host, rings, doorbells). The supervisor takes one module URL per kind, so each role has a one-line module
 * (tick-to-trade-{ingest,symbol,risk,execution,gateway}.ts) exporting `createActor` for a class here.
 * Messages have the shapes production sends (market envelope, intent with readiness, approved order), so the
 * channels use the same encodings; stage stamps go to a shared StampBoard (config.benchStamps), not the payload.
 */
import { connect, type Socket } from 'node:net';
import type { Actor, ActorContext } from '../../src/runtime/actor.js';
import { symbolActorName } from '../../src/runtime/topology.js';
import type { MarketEnvelope, OrderIntent } from '../../src/schema/internal-messages.js';
import type { ApprovedOrder } from '../../src/schema/order-messages.js';
import type { StreamEvent } from '../../src/venues/binance/codec/events.js';
import {
  ingestStage,
  LineSplitter,
  newEngine,
  nowMs,
  orderBytes,
  riskStage,
  StampBoard,
  symbolStage,
  T2T_SYMBOL,
  tradeIdOf,
} from './tick-to-trade-stages.js';

function portOf(url: string): number {
  return Number(new URL(url).port);
}

function board(ctx: ActorContext): StampBoard {
  return new StampBoard((ctx.config as unknown as { benchStamps: SharedArrayBuffer }).benchStamps);
}

/** Reads venue frames from the bench venue's feed socket, decodes them and sends envelopes to symbol/BTCUSDT. */
export class BenchIngest implements Actor {
  private socket: Socket | undefined;
  private seq = 0;
  start(ctx: ActorContext): void {
    const to = symbolActorName(T2T_SYMBOL);
    const stamps = board(ctx);
    const lines = new LineSplitter();
    this.socket = connect(portOf(ctx.venue.ws), '127.0.0.1');
    this.socket.setNoDelay(true);
    this.socket.on('data', (chunk: Buffer) => {
      const arrive = nowMs();
      lines.push(chunk, (line) => {
        const event = ingestStage(line);
        if (event?.kind !== 'aggTrade') return;
        stamps.set(event.aggTradeId, 0, arrive);
        stamps.stamp(event.aggTradeId, 1);
        const envelope: MarketEnvelope = {
          type: 'market',
          symbol: T2T_SYMBOL,
          recvTs: Date.now(),
          seq: ++this.seq,
          event,
        };
        ctx.sendTo(to, 'market', envelope);
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
  private stamps!: StampBoard;
  private readonly engine = newEngine();
  start(ctx: ActorContext): void {
    this.ctx = ctx;
    this.stamps = board(ctx);
  }
  handle(message: unknown, topic: string): void {
    if (topic !== 'market') return;
    const env = message as MarketEnvelope;
    const event = env.event as StreamEvent;
    const id = event.kind === 'aggTrade' ? event.aggTradeId : -1;
    if (id >= 0) this.stamps.stamp(id, 2);
    const intent = symbolStage(this.engine, event, env.recvTs);
    if (!intent) return;
    this.stamps.stamp(id, 3);
    this.ctx.send('intents', intent);
  }
  stop(): void {}
  snapshot(): unknown {
    return null;
  }
}

export class BenchRisk implements Actor {
  private ctx!: ActorContext;
  private stamps!: StampBoard;
  start(ctx: ActorContext): void {
    this.ctx = ctx;
    this.stamps = board(ctx);
  }
  handle(message: unknown, topic: string): void {
    if (topic !== 'intents') return;
    const intent = message as OrderIntent;
    const id = tradeIdOf(intent.decisionId);
    this.stamps.stamp(id, 4);
    const approved = riskStage(intent);
    if (!approved) return;
    this.stamps.stamp(id, 5);
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
  private stamps!: StampBoard;
  private samples: number[][] = [];
  start(ctx: ActorContext): void {
    this.secret = ctx.config.apiSecret ?? 'bench';
    this.stamps = board(ctx);
    this.socket = connect(portOf(ctx.venue.rest), '127.0.0.1');
    this.socket.setNoDelay(true);
  }
  handle(message: unknown, topic: string): void {
    if (topic !== 'approved' || !this.socket) return;
    const o = message as ApprovedOrder;
    const id = tradeIdOf(o.decisionId);
    this.stamps.stamp(id, 6);
    this.socket.write(orderBytes(o, this.secret));
    this.stamps.stamp(id, 7);
    this.samples.push(this.stamps.row(id));
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
