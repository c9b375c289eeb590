/**
 * Which actors run and how their channels connect (DESIGN B): ingest → symbol (market, drop-oldest),
 * symbol → gateway (telemetry, drop-oldest), symbol → risk (intents), risk ⇄ execution (approved / fills),
 * risk and execution → gateway (risk, orders); every channel that carries orders or control never drops.
 */
import { RingBuffer } from './channel/ring-buffer.js';
import { createDoorbell } from './channel/doorbell.js';
import type { ChannelSpec, FullPolicy } from './channel/channel-spec.js';
import type { WakeMode } from './channel/inbox.js';
import type { TapelineConfig } from './config/config-schema.js';
import type { ActorKind } from './supervisor-api.js';

export interface ActorPlan {
  name: string;
  kind: ActorKind;
  symbol: string | undefined;
  modulePath: string;
  /** Pure actors block on their mailbox (lower wake latency); actors doing I/O park asynchronously. */
  wake: WakeMode;
  doorbell: SharedArrayBuffer;
}

export interface Topology {
  actors: ActorPlan[];
  channels: ChannelSpec[];
}

export type ActorModules = Partial<Record<ActorKind, string>>;

const DEFAULT_MODULES: Record<Exclude<ActorKind, 'supervisor'>, string> = {
  ingest: new URL('../actors/ingest/ingest-actor.js', import.meta.url).href,
  symbol: new URL('../actors/symbol/symbol-actor.js', import.meta.url).href,
  risk: new URL('../actors/risk/risk-actor.js', import.meta.url).href,
  execution: new URL('../actors/execution/execution-actor.js', import.meta.url).href,
  gateway: new URL('../actors/gateway/gateway-actor.js', import.meta.url).href,
};

export function symbolActorName(symbol: string): string {
  return `symbol/${symbol}`;
}

export function buildTopology(config: TapelineConfig, modules: ActorModules = {}): Topology {
  const actors: ActorPlan[] = [];
  const byName = new Map<string, ActorPlan>();
  const add = (kind: Exclude<ActorKind, 'supervisor'>, name: string, symbol?: string): void => {
    const plan: ActorPlan = {
      name,
      kind,
      symbol,
      modulePath: modules[kind] ?? DEFAULT_MODULES[kind],
      wake: kind === 'symbol' || kind === 'risk' ? 'blocking' : 'async',
      doorbell: createDoorbell(),
    };
    actors.push(plan);
    byName.set(name, plan);
  };
  add('risk', 'risk');
  add('execution', 'execution');
  add('gateway', 'gateway');
  for (const s of config.symbols) add('symbol', symbolActorName(s), s);
  add('ingest', 'ingest');

  const channels: ChannelSpec[] = [];
  const connect = (from: string, to: string, topic: string, policy: FullPolicy): void => {
    const bytes = policy === 'drop-oldest' ? config.runtime.marketChannelBytes : config.runtime.orderChannelBytes;
    channels.push({
      name: `${from}->${to}:${topic}`,
      topic,
      from,
      to,
      policy,
      ring: RingBuffer.create(bytes).sab,
      doorbell: byName.get(to)!.doorbell,
    });
  };
  for (const s of config.symbols) {
    const sym = symbolActorName(s);
    connect('ingest', sym, 'market', 'drop-oldest');
    connect(sym, 'gateway', 'telemetry', 'drop-oldest');
    connect(sym, 'risk', 'intents', 'never-drop');
  }
  connect('risk', 'execution', 'approved', 'never-drop');
  connect('execution', 'risk', 'fills', 'never-drop');
  connect('risk', 'gateway', 'risk', 'never-drop');
  connect('execution', 'gateway', 'orders', 'never-drop');
  return { actors, channels };
}
