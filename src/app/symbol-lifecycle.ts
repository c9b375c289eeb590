/**
 * Adding and removing symbols on a running supervisor (docs/contract.md, admin socket protocol `symbols`): a new symbol gets its own actor
 * thread and three fresh channels, which are attached live to ingest, the gateway and risk; ingest then
 * subscribes its streams, syncs its book and backfills it. Nothing else restarts and no other symbol notices.
 */
import { CONTROL_TIMEOUT_MS } from '../runtime/actor-slot.js';
import type { ChannelSpec } from '../runtime/channel/channel-spec.js';
import { callWithin } from '../runtime/control/comlink.js';
import { TapelineError, errorMessage } from '../schema/errors.js';
import type { SymbolsReply } from '../schema/supervisor-api.js';
import type { SupervisorContext } from './supervisor-context.js';
import { planActor, symbolActorName, symbolChannels } from './topology.js';

/** The actors a symbol actor sends to (those present on this node). */
const PEERS = ['gateway', 'risk', 'bridge'];

export class SymbolLifecycle {
  private busy: Promise<unknown> = Promise.resolve();

  constructor(private readonly rt: SupervisorContext) {}

  /** Serialized: two operators adding symbols at once must not interleave channel wiring. */
  change(add: string[], remove: string[], owned = false): Promise<SymbolsReply> {
    const next = this.busy.then(() => this.apply(add, remove, owned));
    this.busy = next.catch(() => undefined);
    return next;
  }

  /**
   * `owned`: the cluster's symbol ownership moves symbols onto or off this node; a node may own none. On a
   * cluster node the operator cannot: which node runs a symbol is the leases' decision.
   */
  private async apply(add: string[], remove: string[], owned: boolean): Promise<SymbolsReply> {
    if (this.rt.shuttingDown) throw new TapelineError('TL_SHUTTING_DOWN', 'the supervisor is shutting down');
    if (this.rt.config.cluster && !owned) {
      throw new TapelineError(
        'TL_ADMIN_BAD_REQUEST',
        'on a cluster node symbols are placed by ownership leases; restart the nodes with another --symbols list',
      );
    }
    const both = add.filter((s) => remove.includes(s));
    if (both.length) throw new TapelineError('TL_ADMIN_BAD_REQUEST', `${both.join(',')} is both added and removed`);
    const remaining = new Set([...this.rt.config.symbols.filter((s) => !remove.includes(s)), ...add]);
    if (remaining.size === 0 && !owned) {
      throw new TapelineError(
        'TL_ADMIN_BAD_REQUEST',
        'that would remove the last symbol; add another in the same request',
      );
    }
    const added: string[] = [];
    const removed: string[] = [];
    for (const s of remove) if (await this.removeOne(s)) removed.push(s);
    for (const s of add) if (await this.addOne(s)) added.push(s);
    if (added.length || removed.length) await Promise.all([this.tell('gateway'), this.tell('execution')]);
    return { symbols: [...this.rt.config.symbols], added, removed };
  }

  private async addOne(symbol: string): Promise<boolean> {
    const name = symbolActorName(symbol);
    if (this.rt.slots.has(name)) return false;
    const peer = (actor: string) => this.rt.slots.get(actor)?.plan;
    const plan = planActor('symbol', name, symbol, this.rt.modules);
    const channels = symbolChannels(this.rt.config, plan, {
      gateway: peer('gateway'),
      risk: peer('risk'),
      bridge: peer('bridge'),
    });
    this.rt.channels.push(...channels);
    for (const actor of PEERS) this.rt.refreshRings(actor);
    const slot = this.rt.addSlot(plan);
    try {
      await slot.spawn();
    } catch (err) {
      this.rt.removeSlot(name);
      this.dropChannels(channels);
      throw new TapelineError('TL_SYMBOL_ADD_FAILED', `${symbol}: its actor did not start: ${errorMessage(err)}`);
    }
    for (const actor of PEERS) {
      await this.attach(
        actor,
        channels.filter((c) => c.to === actor),
        [],
      );
    }
    await this.attach(
      'ingest',
      [],
      channels.filter((c) => c.from === 'ingest'),
    );
    this.rt.config.symbols.push(symbol);
    try {
      await this.ingestCommand('addSymbol', symbol);
    } catch (err) {
      // An actor with no stream would stay listed, and a retry would be a no-op: take the half-added symbol out.
      await this.dismantle(symbol);
      throw err;
    }
    this.rt.log.warn({ symbol }, 'symbol added');
    return true;
  }

  private async removeOne(symbol: string): Promise<boolean> {
    const name = symbolActorName(symbol);
    const slot = this.rt.slots.get(name);
    if (!slot) return false;
    await this.ingestCommand('removeSymbol', symbol);
    await this.dismantle(symbol);
    this.rt.log.warn({ symbol }, 'symbol removed');
    return true;
  }

  /** Detaches a symbol's channels from its peers, stops its actor and forgets it. */
  private async dismantle(symbol: string): Promise<void> {
    const name = symbolActorName(symbol);
    const slot = this.rt.slots.get(name);
    if (!slot) return;
    const channels = this.rt.channels.filter((c) => c.from === name || c.to === name);
    for (const actor of ['ingest', ...PEERS]) {
      const other = this.rt.slots.get(actor);
      const names = channels.filter((c) => c.from === actor || c.to === actor).map((c) => c.name);
      if (other?.isAlive() && other.control && names.length) {
        await callWithin(`${actor}.detach`, CONTROL_TIMEOUT_MS, () => other.control!.detach(names));
      }
    }
    await slot.stop(this.rt.config.runtime.shutdownTimeoutMs);
    this.rt.removeSlot(name);
    this.dropChannels(channels);
    const i = this.rt.config.symbols.indexOf(symbol);
    if (i >= 0) this.rt.config.symbols.splice(i, 1);
  }

  private dropChannels(channels: ChannelSpec[]): void {
    for (const c of channels) {
      const i = this.rt.channels.indexOf(c);
      if (i >= 0) this.rt.channels.splice(i, 1);
    }
    for (const actor of PEERS) this.rt.refreshRings(actor);
  }

  private async attach(actor: string, inbound: ChannelSpec[], outbound: ChannelSpec[]): Promise<void> {
    const slot = this.rt.slots.get(actor);
    // A peer that is down picks the channels up from the shared list when it restarts.
    if (!slot?.isAlive() || !slot.control) return;
    await callWithin(`${actor}.attach`, CONTROL_TIMEOUT_MS, () => slot.control!.attach({ inbound, outbound }));
  }

  /**
   * The gateway lists symbols in `hello` and waits on them in `/healthz`; execution loads a new symbol's filters
   * and reconciles it before it can trade. Both must know removals too. An actor that is down reads the list
   * from the config when it restarts.
   */
  private async tell(actor: 'gateway' | 'execution'): Promise<void> {
    const slot = this.rt.slots.get(actor);
    if (!slot?.isAlive() || !slot.control) return;
    // A cluster node's gateway and execution serve every symbol of the cluster, wherever it runs.
    const symbols = [...(this.rt.config.cluster?.symbols ?? this.rt.config.symbols)];
    await callWithin(`${actor}.symbolsChanged`, CONTROL_TIMEOUT_MS * 5, () =>
      slot.control!.command('symbolsChanged', { symbols }),
    ).catch((err) => this.rt.log.warn({ err: errorMessage(err) }, `${actor} did not take the new symbol list`));
  }

  private async ingestCommand(name: 'addSymbol' | 'removeSymbol', symbol: string): Promise<void> {
    const ingest = this.rt.slots.get('ingest');
    if (!ingest?.isAlive() || !ingest.control) return;
    try {
      await callWithin(`ingest.${name}`, CONTROL_TIMEOUT_MS * 5, () => ingest.control!.command(name, { symbol }));
    } catch (err) {
      this.rt.log.error({ symbol, err: errorMessage(err) }, `ingest could not ${name} ${symbol}`);
      throw new TapelineError(
        'TL_SYMBOL_INGEST_FAILED',
        `ingest could not ${name} ${symbol}: ${errorMessage(err)}; nothing was changed for ${symbol}, retry once ingest is healthy (tapeline admin actors)`,
      );
    }
  }
}
