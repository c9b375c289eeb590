/**
 * The comlink control API of one actor (status, snapshot, configure, attach/detach channels, command, stop),
 * built the same way for an actor alone on its thread (actor-host.ts) and for one packed with others
 * (packing/packed-member-host.ts); only how it stops differs, so the caller passes that in.
 */
import { threadId } from 'node:worker_threads';
import type { Actor } from '../actor.js';
import { ChannelSender } from '../channel/channel-sender.js';
import type { ChannelSpec } from '../channel/channel-spec.js';
import type { Deliver, Inbox } from '../channel/inbox.js';

/** The control API every actor exposes over comlink. */
export interface ActorControl {
  status(): Record<string, unknown>;
  snapshot(): unknown;
  configure(patch: Record<string, unknown>): void;
  /** Wires channels added at runtime (symbol lifecycle): inbound ones join the mailbox, outbound ones get a sender. */
  attach(channels: { inbound: ChannelSpec[]; outbound: ChannelSpec[] }): void;
  /** Unwires channels by name (a symbol removed). */
  detach(names: string[]): void;
  command(name: string, args: Record<string, unknown>): Promise<unknown>;
  stop(): Promise<void>;
}

export interface ActorControlParts {
  name: string;
  actor: Actor;
  inbox: Inbox;
  /** Mutable: attach/detach add and remove senders in place. */
  senders: ChannelSender[];
  deliver: Deliver;
  /** Extra status fields of the host (e.g. `packed: true`). */
  hostStatus?: Record<string, unknown>;
  stop(): Promise<void>;
}

export function actorControl(p: ActorControlParts): ActorControl {
  const { actor, inbox, senders } = p;
  return {
    status: () => ({
      name: p.name,
      threadId,
      ...p.hostStatus,
      mailboxDepth: inbox.depth(),
      dropped: inbox.dropped(),
      delivered: inbox.delivered,
      backlog: senders.reduce((n, s) => n + s.backlogDepth(), 0),
      ...(actor.status?.() ?? {}),
    }),
    snapshot: () => actor.snapshot(),
    configure: (patch) => actor.configure?.(patch),
    attach: (channels) => {
      for (const spec of channels.outbound)
        if (!senders.some((s) => s.spec.name === spec.name)) senders.push(new ChannelSender(spec));
      for (const spec of channels.inbound) inbox.attach(spec, p.deliver);
    },
    detach: (names) => {
      for (const name of names) {
        inbox.detach(name);
        const i = senders.findIndex((s) => s.spec.name === name);
        if (i >= 0) senders.splice(i, 1)[0]!.close();
      }
    },
    command: async (name, args) => {
      if (!actor.command) throw new Error(`actor ${p.name} has no commands`);
      return await actor.command(name, args);
    },
    stop: p.stop,
  };
}
