/**
 * One actor mounted in a packed worker: its own actor instance, mailbox (its rings, read through its own
 * Inbox, never started: the packed host's loop drains it), senders, comlink control port and heartbeat cell.
 * Mirrors actor-host.ts for a single actor, except that a failure ends this member, not the thread.
 */
import { threadId } from 'node:worker_threads';
import type { Logger } from 'pino';
import type { Actor, ActorContext, ActorFactory } from '../actor.js';
import type { ActorHostData } from '../actor-host.js';
import { type ActorControl, actorControl } from '../control/actor-control.js';
import { ChannelSender } from '../channel/channel-sender.js';
import { Inbox } from '../channel/inbox.js';
import { exposeOn, wrapPort } from '../control/comlink.js';
import type { HostEvent } from '../actor-host.js';
import type { SupervisorApi } from '../supervisor-api.js';

/** Thrown out of a member's drain so the rest of its mailbox stays unread in the ring for its restart. */
export class MemberFailed extends Error {}

const modules = new Map<string, Promise<{ createActor?: ActorFactory }>>();

export class PackedMemberHost {
  readonly name: string;
  readonly inbox: Inbox;
  private readonly senders: ChannelSender[];
  private actor: Actor | undefined;
  failed = false;
  running = false;
  private stopping: Promise<void> | undefined;
  readonly deliver = (message: unknown, topic: string): void => {
    try {
      this.actor!.handle(message, topic);
    } catch (err) {
      this.onFatal(err);
      throw new MemberFailed(this.name);
    }
  };

  constructor(
    readonly data: ActorHostData,
    private readonly log: Logger,
    private readonly post: (event: HostEvent) => void,
    private readonly onFatal: (err: unknown) => void,
  ) {
    this.name = data.name;
    this.senders = data.outbound.map((spec) => new ChannelSender(spec));
    this.inbox = new Inbox(data.inbound, 'blocking');
  }

  async start(): Promise<void> {
    const path = this.data.modulePath;
    if (!modules.has(path)) modules.set(path, import(path) as Promise<{ createActor?: ActorFactory }>);
    const factory = await modules.get(path)!;
    if (typeof factory.createActor !== 'function')
      throw new Error(`actor module ${path} does not export createActor()`);
    const actor = factory.createActor();
    this.actor = actor;
    const senders = this.senders;
    const data = this.data;
    const ctx: ActorContext = {
      name: data.name,
      kind: data.kind,
      symbol: data.symbol,
      config: data.config,
      restarts: data.restarts,
      log: this.log,
      venue: data.venue,
      supervisor: data.supervisorPort ? wrapPort<SupervisorApi>(data.supervisorPort) : undefined,
      send(topic, message) {
        for (const s of senders) if (s.spec.topic === topic) s.send(message);
      },
      sendTo(to, topic, message) {
        for (const s of senders) if (s.spec.to === to && s.spec.topic === topic) s.send(message);
      },
      outputs: () => senders.map((s) => ({ topic: s.spec.topic, to: s.spec.to })),
      notifySupervisor: (event) => this.post({ type: 'notify', event }),
    };
    exposeOn(this.control(actor), data.controlPort);
    await actor.start(ctx, data.restored ?? undefined);
    this.running = true;
    this.post({ type: 'ready', threadId });
  }

  beat(beats: BigInt64Array, now: bigint): void {
    Atomics.store(beats, this.data.heartbeat.slot, now);
  }

  /** After a failure or removal: the actor is dropped; its rings keep every unread frame for the next start. */
  async dispose(): Promise<void> {
    this.running = false;
    for (const s of this.senders) s.close();
    this.data.controlPort.close();
    this.data.supervisorPort?.close();
    if (this.failed && this.actor) {
      try {
        await this.actor.stop();
      } catch (err) {
        this.log.warn({ err }, `${this.name}: stop after failure threw`);
      }
    }
  }

  private control(actor: Actor): ActorControl {
    return actorControl({
      name: this.name,
      actor,
      inbox: this.inbox,
      senders: this.senders,
      deliver: this.deliver,
      hostStatus: { packed: true },
      stop: () => {
        this.stopping ??= (async () => {
          // Out of the host's loop first (it only runs between control calls, so no drain is in progress).
          this.running = false;
          this.inbox.drainOnce(this.deliver, Number.MAX_SAFE_INTEGER);
          await actor.stop();
          for (const s of this.senders) s.close();
        })();
        return this.stopping;
      },
    });
  }
}
