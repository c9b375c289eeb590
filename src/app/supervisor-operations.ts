/**
 * The operator commands of a running supervisor (docs/contract.md, admin socket protocol): status, actors, kill, arm, restart. The kill
 * switch itself lives in the risk actor; these calls reach it over comlink. When risk is not running, a kill
 * still holds: risk always starts engaged, so the reply says so instead of failing.
 */
import { CONTROL_TIMEOUT_MS, STATUS_TIMEOUT_MS } from '../runtime/actor-slot.js';
import { callWithin } from '../runtime/control/comlink.js';
import { TapelineError, errorMessage } from '../schema/errors.js';
import { ConfigChanges } from './config/config-changes.js';
import { SymbolLifecycle } from './symbol-lifecycle.js';
import type {
  ActorInfo,
  ClusterStatusBlock,
  KillSwitchState,
  StatusReply,
  SupervisorApi,
  SymbolsReply,
} from '../schema/supervisor-api.js';
import type { SupervisorContext } from './supervisor-context.js';
import { VERSION } from './version.js';

export class SupervisorOperations implements SupervisorApi {
  private readonly lifecycle: SymbolLifecycle;
  private readonly configChanges: ConfigChanges;

  constructor(private readonly rt: SupervisorContext) {
    this.lifecycle = new SymbolLifecycle(rt);
    this.configChanges = new ConfigChanges(rt);
  }

  config(request: { get?: boolean; set?: Record<string, unknown> }): Promise<Record<string, unknown>> {
    return request.set ? this.configChanges.set(request.set) : Promise.resolve(this.configChanges.get());
  }

  symbols(change: { add?: string[]; remove?: string[] }): Promise<SymbolsReply> {
    return this.lifecycle.change(change.add ?? [], change.remove ?? []);
  }

  /** The cluster's ownership moving symbols onto or off this node (symbol-ownership.ts). */
  ownedSymbols(add: string[], remove: string[]): Promise<SymbolsReply> {
    return this.lifecycle.change(add, remove, true);
  }

  async actors(): Promise<ActorInfo[]> {
    await Promise.all(
      // A slow or dying actor shows its last known figures rather than holding the whole reply.
      [...this.rt.slots.values()].map((slot) => slot.refreshStatus(STATUS_TIMEOUT_MS).catch(() => undefined)),
    );
    const list: ActorInfo[] = [
      {
        name: 'supervisor',
        kind: 'supervisor',
        state: this.rt.shuttingDown ? 'stopping' : 'running',
        threadId: 0,
        restarts: 0,
        mailboxDepth: 0,
        dropped: 0,
      },
    ];
    for (const slot of this.rt.slots.values()) {
      list.push({ ...slot.info(), mailboxDepth: this.rt.mailboxDepth(slot.name), dropped: this.rt.dropped(slot.name) });
    }
    return list;
  }

  async status(): Promise<StatusReply> {
    const actors = await this.actors();
    const killSwitch = await this.killSwitch();
    const symbolActors = [...this.rt.slots.values()].filter((s) => s.plan.kind === 'symbol');
    const ready = symbolActors.length > 0 && symbolActors.every((s) => s.isAlive() && s.lastStatus.ready === true);
    return {
      supervisor: {
        pid: process.pid,
        version: VERSION,
        startedAt: this.rt.startedAt,
        uptimeMs: Date.now() - this.rt.startedAt,
        shuttingDown: this.rt.shuttingDown,
      },
      killSwitch,
      gates: {
        executionEnabled: this.rt.config.executionEnabled,
        keys: Boolean(this.rt.venue.apiKey && this.rt.venue.apiSecret),
        ready,
      },
      venue: { kind: this.rt.venue.kind, rest: this.rt.venue.rest, ws: this.rt.venue.ws },
      symbols: [...this.rt.config.symbols],
      actors,
      ...(this.rt.cluster ? { cluster: this.clusterStatus() } : {}),
    };
  }

  private clusterStatus(): ClusterStatusBlock {
    const risk = this.rt.slots.get('risk')?.lastStatus;
    const approvals = this.rt.slots.get('execution')?.lastStatus.approvals as Record<string, unknown> | undefined;
    return {
      ...this.rt.cluster!.status(),
      bridge: this.bridgeCounters(),
      ...(risk ? { risk: { leadership: risk.leadership, exposure: risk.exposure } } : {}),
      ...(approvals ? { approvals } : {}),
    };
  }

  /** The bridge's last reported counters (refreshed in the background like every actor's status). */
  private bridgeCounters(): Record<string, unknown> | undefined {
    const s = this.rt.slots.get('bridge')?.lastStatus;
    if (!s) return undefined;
    const { out, in: received, refusedSchema, fenced, lastValueReplies, schema, firstRefusal } = s;
    return { schema, out, in: received, refusedSchema, fenced, lastValueReplies, firstRefusal };
  }

  /** On a cluster node a global kill engages this node first, then every other node (cluster-kill-switch.ts). */
  async kill(reason: string, symbol?: string): Promise<KillSwitchState> {
    const state = await this.killHere(reason, symbol);
    if (this.rt.cluster && !symbol) await this.rt.cluster.kill(reason);
    return state;
  }

  /** This node only: what a kill order from another node (or a stale risk heartbeat) does here. */
  killHere(reason: string, symbol?: string): Promise<KillSwitchState> {
    return this.riskCommand('kill', { reason, symbol: symbol ?? '' });
  }

  async arm(reason: string, symbol?: string): Promise<KillSwitchState> {
    if (!this.rt.config.executionEnabled) {
      throw new TapelineError(
        'TL_KILL_SWITCH_ARM_REFUSED',
        'arm refused: EXECUTION_ENABLED is not true; restart with EXECUTION_ENABLED=true to allow trading',
      );
    }
    const notLeader = this.rt.cluster?.armRefusal();
    if (notLeader) throw new TapelineError('TL_KILL_SWITCH_ARM_REFUSED', `arm refused: ${notLeader}`);
    return this.riskCommand('arm', { reason, symbol: symbol ?? '' });
  }

  async restart(actor: string): Promise<ActorInfo> {
    const slot = this.rt.slots.get(actor);
    if (!slot) {
      const names = [...this.rt.slots.keys()].join(', ');
      throw new TapelineError('TL_ACTOR_UNKNOWN', `no actor named "${actor}"; actors are: ${names}`);
    }
    if (this.rt.shuttingDown) throw new TapelineError('TL_SHUTTING_DOWN', 'the supervisor is shutting down');
    this.rt.log.info({ actor }, 'restart requested by operator');
    await slot.stop(this.rt.config.runtime.shutdownTimeoutMs);
    slot.restarts++;
    await slot.spawn();
    if (slot.plan.kind === 'execution') await this.engageKillSwitch('execution actor restarted by operator');
    return { ...slot.info(), mailboxDepth: this.rt.mailboxDepth(slot.name), dropped: this.rt.dropped(slot.name) };
  }

  async actorStatus(actor: string): Promise<Record<string, unknown>> {
    const slot = this.liveSlot(actor);
    await slot.refreshStatus();
    return slot.lastStatus;
  }

  private liveSlot(actor: string) {
    const slot = this.rt.slots.get(actor);
    if (!slot) throw new TapelineError('TL_ACTOR_UNKNOWN', `no actor named "${actor}"`);
    if (!slot.isAlive() || !slot.control) throw new TapelineError('TL_ACTOR_UNAVAILABLE', `${actor} is not running`);
    return slot;
  }

  async actorCommand(actor: string, name: string, args: Record<string, unknown>): Promise<unknown> {
    const slot = this.liveSlot(actor);
    return await callWithin(`${actor}.${name}`, CONTROL_TIMEOUT_MS, () => slot.control!.command(name, args));
  }

  /** Escalation path: never throws, logs what it could not do. */
  async engageKillSwitch(reason: string): Promise<void> {
    try {
      await this.kill(reason);
    } catch (err) {
      this.rt.log.error({ err: errorMessage(err) }, `could not reach risk to engage the kill switch (${reason})`);
    }
  }

  private async killSwitch(): Promise<KillSwitchState> {
    try {
      return await this.riskCommand('killSwitch', {});
    } catch (err) {
      return {
        engaged: true,
        reason: `risk actor unavailable (${errorMessage(err)}); it starts engaged`,
        since: Date.now(),
        symbols: {},
      };
    }
  }

  private async riskCommand(name: string, args: Record<string, unknown>): Promise<KillSwitchState> {
    const risk = this.rt.slots.get('risk');
    if (!risk?.isAlive() || !risk.control) {
      if (name === 'kill') {
        // Not an error for the operator: a risk actor that is down cannot approve orders and restarts engaged.
        return {
          engaged: true,
          reason: `${args.reason} (risk actor not running; it starts engaged)`,
          since: Date.now(),
          symbols: {},
        };
      }
      throw new TapelineError(
        'TL_ACTOR_UNAVAILABLE',
        'the risk actor is not running; retry when `tapeline admin actors` shows it running',
      );
    }
    return (await callWithin(`risk.${name}`, CONTROL_TIMEOUT_MS, () =>
      risk.control!.command(name, args),
    )) as KillSwitchState;
  }
}
