/**
 * Symbols sharded over the live `symbols` nodes. The winner of each symbol is chosen by rendezvous hashing
 * (rendezvous.ts); ownership itself is a lease in the `owners` KV bucket: key = symbol, value = node id, and the
 * entry's revision is the fencing token (frames carry it; a consumer drops frames of an older revision).
 * Taking a symbol is a compare-and-set: `create` when nobody holds it, `update(revision)` from a dead holder,
 * so two nodes can never both win. A live holder that is no longer the winner (a node joined) stops its actor
 * first and then deletes its lease; a holder that sees its key taken stops at once (it was fenced off).
 * Bound: a dead node's symbols are taken DEAD_AFTER_MS + TICK_MS after its last heartbeat, then rebuilt.
 */
import type { KV } from '@nats-io/kv';
import { errorMessage } from '../../schema/errors.js';
import type { Logger } from '../../runtime/log/logger.js';
import type { NodeMembership } from './node-membership.js';
import { rendezvousOwner } from './rendezvous.js';

export const TICK_MS = 250;

export interface OwnershipHooks {
  /** Start these symbols here (the supervisor's add-symbol path: new actor, book sync, backfill). */
  acquire(leases: ReadonlyMap<string, number>): Promise<void>;
  /** Stop these symbols here. */
  release(symbols: readonly string[]): Promise<void>;
}

interface Lease {
  node: string;
  revision: number;
}

export class SymbolOwnership {
  /** What the bucket says: symbol → holder and revision (from the watcher). */
  private readonly leases = new Map<string, Lease>();
  /** What this node runs: symbol → its lease revision. */
  private readonly held = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  private busy = false;
  private stopped = false;
  private stopWatch: () => void = () => {};

  constructor(
    private readonly kv: KV,
    private readonly membership: NodeMembership,
    private readonly symbols: readonly string[],
    private readonly hooks: OwnershipHooks,
    private readonly log: Logger,
  ) {}

  async start(): Promise<void> {
    const watch = await this.kv.watch();
    this.stopWatch = () => watch.stop();
    void (async () => {
      for await (const e of watch) {
        if (e.operation === 'PUT') this.leases.set(e.key, { node: e.string(), revision: e.revision });
        else this.leases.delete(e.key);
      }
    })().catch((err) => this.log.error({ err: errorMessage(err) }, 'owners watch ended'));
    this.timer = setInterval(() => void this.tick(), TICK_MS);
    this.timer.unref();
  }

  /** symbol → owning node, as the bucket says (a dead holder still shows until it is taken over). */
  owners(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const s of this.symbols) {
      const l = this.leases.get(s);
      if (l) out[s] = l.node;
    }
    return out;
  }

  heldSymbols(): string[] {
    return [...this.held.keys()];
  }

  /** One pass: release what we should not hold, take what we should; serialized, never overlapping. */
  async tick(): Promise<void> {
    if (this.busy || this.stopped) return;
    this.busy = true;
    try {
      await this.rebalance();
    } catch (err) {
      this.log.warn({ err: errorMessage(err) }, 'symbol ownership pass failed; retrying next tick');
    } finally {
      this.busy = false;
    }
  }

  private async rebalance(): Promise<void> {
    const me = this.membership.self.id;
    const live = this.membership.alive('symbols');
    const fenced: string[] = [];
    const handOver: string[] = [];
    const take = new Map<string, number>();
    for (const symbol of this.symbols) {
      const winner = rendezvousOwner(symbol, live);
      const lease = this.leases.get(symbol);
      const mine = this.held.get(symbol);
      if (mine !== undefined) {
        if (lease && lease.revision > mine && lease.node !== me) fenced.push(symbol);
        else if (winner !== undefined && winner !== me) handOver.push(symbol);
        continue;
      }
      if (winner !== me) continue;
      if (lease && lease.node !== me && this.membership.isAlive(lease.node)) continue; // it hands over first
      const revision = await this.claim(symbol, lease);
      if (revision !== undefined) take.set(symbol, revision);
    }
    if (fenced.length) {
      this.log.warn({ symbols: fenced }, 'lease taken by another node: stopping these symbols');
      for (const s of fenced) this.held.delete(s);
      await this.hooks.release(fenced);
    }
    if (handOver.length) {
      this.log.info({ symbols: handOver }, 'handing symbols to the node that now wins them');
      await this.hooks.release(handOver);
      for (const s of handOver) {
        const revision = this.held.get(s)!;
        this.held.delete(s);
        await this.kv.delete(s, { previousSeq: revision }).catch(() => undefined); // taken already: fine
      }
    }
    if (take.size) this.log.info({ symbols: [...take.keys()] }, 'symbols acquired');
    // One at a time: a symbol whose start fails gives its lease back (tried again on a later tick, here or
    // elsewhere) without touching the ones that started.
    for (const [s, r] of take) {
      this.held.set(s, r);
      try {
        await this.hooks.acquire(new Map([[s, r]]));
      } catch (err) {
        this.log.warn({ symbol: s, err: errorMessage(err) }, 'owned symbol did not start; lease given back');
        this.held.delete(s);
        await this.kv.delete(s, { previousSeq: r }).catch(() => undefined);
      }
    }
  }

  /** Compare-and-set on the lease; undefined when another node won the race. */
  private async claim(symbol: string, lease: Lease | undefined): Promise<number | undefined> {
    const me = this.membership.self.id;
    try {
      return lease ? await this.kv.update(symbol, me, lease.revision) : await this.kv.create(symbol, me);
    } catch (err) {
      this.log.debug({ symbol, err: errorMessage(err) }, 'lease claim lost the race');
      return undefined;
    }
  }

  /** Graceful stop: leases are deleted so the next owners need not wait for this node to be declared dead. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.stopWatch();
    for (const [s, revision] of this.held) await this.kv.delete(s, { previousSeq: revision }).catch(() => undefined);
    this.held.clear();
  }
}
