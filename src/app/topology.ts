/**
 * Which actors run and how their channels connect (docs/architecture.md): ingest → symbol (market, drop-oldest),
 * symbol → gateway (telemetry, drop-oldest), symbol → risk (intents), risk ⇄ execution (execution-commands / execution-reports),
 * risk and execution → gateway (risk, orders); every channel that carries orders or control never drops.
 */
import { RingBuffer } from '../runtime/channel/ring-buffer.js';
import { createDoorbell } from '../runtime/channel/doorbell.js';
import type { ChannelSpec, FullPolicy } from '../runtime/channel/channel-spec.js';
import type { ClusterRole, TapelineConfig } from '../schema/config/config-schema.js';
import type { ActorPlan } from '../runtime/actor-plan.js';
import { type Placement, parsePlacement } from './placement.js';
import { type ActorKind, symbolActorName } from '../schema/supervisor-api.js';

export type { ActorPlan };
export { symbolActorName };

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
  bridge: new URL('../actors/bridge/bridge-actor.js', import.meta.url).href,
};

export function planActor(
  kind: Exclude<ActorKind, 'supervisor'>,
  name: string,
  symbol: string | undefined,
  modules: ActorModules = {},
): ActorPlan {
  return {
    name,
    kind,
    symbol,
    modulePath: modules[kind] ?? DEFAULT_MODULES[kind],
    wake: kind === 'symbol' || kind === 'risk' ? 'blocking' : 'async',
    doorbell: createDoorbell(),
  };
}

function channel(config: TapelineConfig, from: string, to: ActorPlan, topic: string, policy: FullPolicy): ChannelSpec {
  const bytes = policy === 'drop-oldest' ? config.runtime.marketChannelBytes : config.runtime.orderChannelBytes;
  return {
    name: `${from}->${to.name}:${topic}`,
    topic,
    from,
    to: to.name,
    policy,
    ring: RingBuffer.create(bytes).sab,
    doorbell: to.doorbell,
  };
}

/** The peers a symbol actor's output goes to; on a cluster node some run elsewhere and the bridge carries it. */
export interface SymbolPeers {
  gateway?: ActorPlan | undefined;
  risk?: ActorPlan | undefined;
  bridge?: ActorPlan | undefined;
}

/**
 * The channels of one symbol actor: market in from ingest, telemetry out to the gateway, intents to risk. On a
 * cluster node telemetry also goes to the bridge (for gateways elsewhere), and intents go to the bridge when
 * risk runs on another node.
 */
export function symbolChannels(config: TapelineConfig, symbolPlan: ActorPlan, plans: SymbolPeers): ChannelSpec[] {
  const out = [channel(config, 'ingest', symbolPlan, 'market', 'drop-oldest')];
  if (plans.gateway) out.push(channel(config, symbolPlan.name, plans.gateway, 'telemetry', 'drop-oldest'));
  if (plans.bridge) out.push(channel(config, symbolPlan.name, plans.bridge, 'telemetry', 'drop-oldest'));
  const intentsTo = plans.risk ?? plans.bridge;
  if (intentsTo) out.push(channel(config, symbolPlan.name, intentsTo, 'intents', 'never-drop'));
  return out;
}

/** Groups symbol plans `perWorker` at a time onto one thread: members share the group's doorbell. */
function packSymbols(plans: ActorPlan[], perWorker: number): ActorPlan[] {
  if (perWorker <= 1) return plans;
  for (let i = 0; i < plans.length; i += perWorker) {
    const group = plans.slice(i, i + perWorker);
    const doorbell = group[0]!.doorbell;
    const name = `symbols/${group[0]!.symbol}+${group.length - 1}`;
    for (const plan of group) Object.assign(plan, { doorbell, pack: name });
  }
  return plans;
}

/**
 * Core actors placed in one group (runtime.placement) share a thread: one doorbell for the group, set before
 * any channel is built (a channel rings its consumer's doorbell), each member keeping its own rings.
 */
function packCore(plans: ActorPlan[], placement: Placement): void {
  for (const group of placement) {
    const members = group.flatMap((name) =>
      name === 'symbols' ? plans.filter((p) => p.kind === 'symbol') : [plans.find((p) => p.name === name)!],
    );
    if (members.length < 2) continue;
    const doorbell = members[0]!.doorbell;
    const pack = `core/${group.join('+')}`;
    for (const plan of members) Object.assign(plan, { doorbell, pack });
  }
}

export function buildTopology(config: TapelineConfig, modules: ActorModules = {}): Topology {
  if (config.cluster) return buildNodeTopology(config, config.cluster.roles, modules);
  const risk = planActor('risk', 'risk', undefined, modules);
  const execution = planActor('execution', 'execution', undefined, modules);
  const gateway = planActor('gateway', 'gateway', undefined, modules);
  const ingest = planActor('ingest', 'ingest', undefined, modules);
  const placement = parsePlacement(
    config.runtime.placement,
    config.symbols.length,
    config.runtime.symbolsPerWorker ?? 1,
  );
  const symbolPlans = config.symbols.map((s) => planActor('symbol', symbolActorName(s), s, modules));
  // Symbols in a placement group go there; otherwise runtime.symbolsPerWorker packs them among themselves.
  const symbols = placement.some((g) => g.includes('symbols'))
    ? symbolPlans
    : packSymbols(symbolPlans, config.runtime.symbolsPerWorker ?? 1);
  packCore([risk, execution, gateway, ingest, ...symbols], placement);
  const channels: ChannelSpec[] = symbols.flatMap((plan) => symbolChannels(config, plan, { gateway, risk }));
  channels.push(
    channel(config, 'risk', execution, 'execution-commands', 'never-drop'),
    channel(config, 'execution', risk, 'execution-reports', 'never-drop'),
    channel(config, 'risk', gateway, 'risk', 'never-drop'),
    channel(config, 'execution', gateway, 'orders', 'never-drop'),
  );
  return { actors: [risk, execution, gateway, ...symbols, ingest], channels };
}

/**
 * One node of a cluster: only the actors of its roles, plus the bridge, which carries what the absent ones
 * would have received (bridged-topics.ts). Symbols start empty: the ownership leases add them live.
 */
function buildNodeTopology(config: TapelineConfig, roles: readonly ClusterRole[], modules: ActorModules): Topology {
  const has = (r: ClusterRole) => roles.includes(r);
  const bridge = planActor('bridge', 'bridge', undefined, modules);
  const risk = has('risk') ? planActor('risk', 'risk', undefined, modules) : undefined;
  const execution = has('execution') ? planActor('execution', 'execution', undefined, modules) : undefined;
  const gateway = has('gateway') ? planActor('gateway', 'gateway', undefined, modules) : undefined;
  const ingest = has('symbols') ? planActor('ingest', 'ingest', undefined, modules) : undefined;
  const symbols = has('symbols') ? config.symbols.map((s) => planActor('symbol', symbolActorName(s), s, modules)) : [];
  const channels: ChannelSpec[] = symbols.flatMap((plan) => symbolChannels(config, plan, { gateway, risk, bridge }));
  if (risk && execution) {
    channels.push(
      channel(config, 'risk', execution, 'execution-commands', 'never-drop'),
      channel(config, 'execution', risk, 'execution-reports', 'never-drop'),
    );
  }
  if (risk) channels.push(channel(config, 'risk', bridge, 'risk', 'never-drop'));
  if (execution) channels.push(channel(config, 'execution', bridge, 'orders', 'never-drop'));
  if (gateway) {
    if (risk) channels.push(channel(config, 'risk', gateway, 'risk', 'never-drop'));
    if (execution) channels.push(channel(config, 'execution', gateway, 'orders', 'never-drop'));
    for (const topic of ['telemetry', 'risk', 'orders']) {
      channels.push(channel(config, 'bridge', gateway, topic, topic === 'telemetry' ? 'drop-oldest' : 'never-drop'));
    }
  }
  if (risk) channels.push(channel(config, 'bridge', risk, 'intents', 'never-drop'));
  const actors = [risk, execution, gateway, bridge, ...symbols, ingest].filter((a): a is ActorPlan => a !== undefined);
  return { actors, channels };
}
