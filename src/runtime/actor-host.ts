/**
 * The body of every actor thread: loads the actor module, attaches the data channels the supervisor wired,
 * exposes the comlink control API, writes heartbeats, and runs the mailbox loop. A message that throws is
 * reported to the supervisor and ends the thread, which the supervisor then restarts one-for-one.
 */
import { type MessagePort, parentPort, threadId, workerData } from 'node:worker_threads';
import type { TapelineConfig } from '../schema/config/config-schema.js';
import { errorCode, errorMessage } from '../schema/errors.js';
import type { ActorKind, SupervisorApi } from '../schema/supervisor-api.js';
import type { Actor, ActorContext, ActorFactory } from './actor.js';
import { ChannelRoutes } from './channel/channel-routes.js';
import { ChannelSender } from './channel/channel-sender.js';
import type { ChannelSpec } from './channel/channel-spec.js';
import { Inbox, type WakeMode } from './channel/inbox.js';
import { actorControl } from './control/actor-control.js';
import { exposeOn, wrapPort } from './control/comlink.js';
import { flushJsonlLogs } from './log/jsonl-log.js';
import { createLogger } from './log/logger.js';

export interface ActorHostData {
  name: string;
  kind: ActorKind;
  symbol: string | undefined;
  modulePath: string;
  config: TapelineConfig;
  venue: { kind: string; rest: string; ws: string };
  inbound: ChannelSpec[];
  outbound: ChannelSpec[];
  wake: WakeMode;
  heartbeat: { sab: SharedArrayBuffer; slot: number };
  controlPort: MessagePort;
  /** Gateway only: the supervisor's operator API over comlink. */
  supervisorPort: MessagePort | undefined;
  restored: unknown;
  restarts: number;
}

export type { ActorControl } from './control/actor-control.js';

/** Messages a thread posts to the supervisor on its parent port. */
export type HostEvent =
  | { type: 'ready'; threadId: number }
  | { type: 'fatal'; code: string; message: string }
  | { type: 'notify'; event: { type: string; [key: string]: unknown } };

const data = workerData as ActorHostData;
const post = (event: HostEvent): void => parentPort!.postMessage(event);
const log = createLogger({ dataDir: data.config.dataDir, base: { actor: data.name, thread: threadId } });

function fail(err: unknown): never {
  const code = errorCode(err, 'TL_ACTOR_FAILED');
  const message = errorMessage(err);
  log.error({ err, code }, `actor ${data.name} failed: ${message}`);
  post({ type: 'fatal', code, message });
  // Batched logs (metrics) are written before the thread goes: a thrown error loses no snapshot.
  flushJsonlLogs();
  // Exit rather than limp on: the supervisor restarts from the last snapshot with the unread mailbox intact.
  process.exit(1);
}

async function main(): Promise<void> {
  const factory = (await import(data.modulePath)) as { createActor?: ActorFactory };
  if (typeof factory.createActor !== 'function') {
    throw new Error(`actor module ${data.modulePath} does not export createActor()`);
  }
  const actor: Actor = factory.createActor();
  const senders = new ChannelRoutes(data.outbound.map((spec) => new ChannelSender(spec)));
  const inbox = new Inbox(data.inbound, data.wake);
  const ctx: ActorContext = {
    name: data.name,
    kind: data.kind,
    symbol: data.symbol,
    config: data.config,
    restarts: data.restarts,
    log,
    venue: data.venue,
    supervisor: data.supervisorPort ? wrapPort<SupervisorApi>(data.supervisorPort) : undefined,
    send: (topic, message) => senders.send(topic, message),
    sendTo: (to, topic, message) => senders.sendTo(to, topic, message),
    route: (to, topic) => senders.route(to, topic),
    outputs: () => senders.all().map((s) => ({ topic: s.spec.topic, to: s.spec.to })),
    notifySupervisor: (event) => post({ type: 'notify', event }),
  };

  const beats = new BigInt64Array(data.heartbeat.sab);
  const beat = (): void => {
    Atomics.store(beats, data.heartbeat.slot, BigInt(Date.now()));
  };
  beat();
  const heartbeat = setInterval(beat, data.config.runtime.heartbeatMs);

  const deliver = (message: unknown, topic: string): void => {
    try {
      actor.handle(message, topic);
    } catch (err) {
      fail(err);
    }
  };
  let stopping: Promise<void> | undefined;
  const control = actorControl({
    name: data.name,
    actor,
    inbox,
    senders,
    deliver,
    stop: () => {
      stopping ??= (async () => {
        await inbox.stop();
        // Drain what is already queued (graceful shutdown: ingest stopped first, so the mailbox is finite).
        inbox.drainOnce(deliver, Number.MAX_SAFE_INTEGER);
        await actor.stop();
        for (const s of senders.all()) s.close();
        clearInterval(heartbeat);
        data.supervisorPort?.close();
        // The control port stays open: it carries this call's reply. The supervisor ends the thread next.
      })();
      return stopping;
    },
  });
  exposeOn(control, data.controlPort);

  await actor.start(ctx, data.restored ?? undefined);
  inbox.start(deliver);
  post({ type: 'ready', threadId });
}

main().catch(fail);
