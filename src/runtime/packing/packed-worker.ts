/**
 * The supervisor's side of a packed worker: one thread hosting several actors (runtime.symbolsPerWorker > 1).
 * Each member is presented to its ActorSlot as if it were a thread of its own (`PackedMember`: message, error
 * and exit events, terminate), so slots, heartbeats and restarts work unchanged. A member's failure ends only
 * that member; the thread's death ends every member, and each slot restarts its own from its last snapshot.
 */
import { EventEmitter } from 'node:events';
import { Worker, type TransferListItem } from 'node:worker_threads';
import type { ActorHostData, HostEvent } from '../actor-host.js';

const HOST = new URL('./packed-host.js', import.meta.url);
/** How long a member removal may take before the thread is presumed hung and terminated. */
const REMOVE_TIMEOUT_MS = 1_000;

/** What the packed host posts: a member's own event, or that a member is gone. */
export type PackedHostMessage = { name: string; event: HostEvent } | { name: string; exited: number };

/** One actor inside a packed worker, shaped like the part of `Worker` an ActorSlot uses. */
export class PackedMember extends EventEmitter {
  exited = false;
  removal: Promise<number> | undefined;
  constructor(
    readonly name: string,
    private readonly owner: PackedWorker,
  ) {
    super();
  }

  /** Removes this actor from its thread (already stopped, or failed); the thread ends with its last member. */
  terminate(): Promise<number> {
    return this.owner.remove(this);
  }

  exit(code: number): void {
    if (this.exited) return;
    this.exited = true;
    this.emit('exit', code);
  }
}

export class PackedWorker {
  private worker: Worker | undefined;
  private readonly members = new Map<string, PackedMember>();

  constructor(readonly group: string) {}

  get threadAlive(): boolean {
    return this.worker !== undefined;
  }

  /** Mounts one actor in the group's thread, starting the thread if none runs. */
  join(data: ActorHostData, transfer: TransferListItem[]): PackedMember {
    const member = new PackedMember(data.name, this);
    this.members.set(data.name, member);
    this.ensureThread().postMessage({ type: 'add', data }, transfer);
    return member;
  }

  private ensureThread(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(HOST, { name: this.group });
    this.worker = worker;
    worker.on('message', (m: PackedHostMessage) => {
      const member = this.members.get(m.name);
      if (!member) return;
      if ('exited' in m) {
        this.members.delete(m.name);
        member.exit(m.exited);
        if (this.members.size === 0) void this.endThread(worker);
      } else {
        member.emit('message', m.event);
      }
    });
    worker.on('error', (err) => {
      for (const member of this.members.values()) member.emit('error', err);
    });
    worker.once('exit', (code) => {
      if (this.worker === worker) this.worker = undefined;
      const members = [...this.members.values()];
      this.members.clear();
      for (const member of members) member.exit(code);
    });
    return worker;
  }

  private async endThread(worker: Worker): Promise<void> {
    if (this.members.size > 0 || this.worker !== worker) return;
    this.worker = undefined;
    await worker.terminate();
  }

  /** Asks the host to drop the member; a host that does not answer in time is hung, so its thread is ended. */
  remove(member: PackedMember): Promise<number> {
    // The watchdog may ask again every heartbeat period while a hung thread is being ended: one removal.
    member.removal ??= this.removeOnce(member);
    return member.removal;
  }

  private async removeOnce(member: PackedMember): Promise<number> {
    const worker = this.worker;
    if (member.exited || !worker || this.members.get(member.name) !== member) {
      this.members.delete(member.name);
      member.exit(0);
      return 0;
    }
    const gone = new Promise<number>((resolve) => member.once('exit', resolve));
    worker.postMessage({ type: 'remove', name: member.name });
    const timer = setTimeout(() => {
      // The host did not answer: the thread is hung. Its other members go down with it for that reason (not as
      // an unexplained exit), whether or not the watchdog has judged their own heartbeat yet.
      for (const other of this.members.values())
        if (other !== member)
          other.emit('message', {
            type: 'fatal',
            code: 'TL_ACTOR_HUNG',
            message: `its thread was ended because ${member.name} hung`,
          } satisfies HostEvent);
      void worker.terminate();
    }, REMOVE_TIMEOUT_MS);
    try {
      return await gone;
    } finally {
      clearTimeout(timer);
    }
  }
}

/** The packed workers of one topology, keyed by the group's shared doorbell (unique per topology). */
const groups = new WeakMap<SharedArrayBuffer, PackedWorker>();

export function packedWorkerFor(group: string, doorbell: SharedArrayBuffer): PackedWorker {
  let pw = groups.get(doorbell);
  if (!pw) {
    pw = new PackedWorker(group);
    groups.set(doorbell, pw);
  }
  return pw;
}
