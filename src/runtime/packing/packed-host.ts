/**
 * The body of a packed worker thread: hosts several actors (symbol actors, runtime.symbolsPerWorker > 1; core
 * actors grouped by runtime.placement), each with its own mailbox, state, control port and heartbeat cell, all
 * parked on the group's one doorbell. One loop drains the members' rings round-robin (BATCH frames per member per
 * turn, so a busy member cannot starve the others). While every member is a pure actor (wake 'blocking') it
 * blocks on the doorbell in 2 ms slices like a blocking Inbox (bench/channel-hop.bench.ts); once a member does
 * I/O of its own (wake 'async': ingest, execution, gateway) it parks with waitAsync so its sockets stay served.
 * A member whose handle() throws is dropped alone (its unread frames stay in its ring); the thread lives on.
 */
import { parentPort } from 'node:worker_threads';
import type { ActorHostData, HostEvent } from '../actor-host.js';
import { Doorbell, holdRings, releaseRings, setLocalConsumer } from '../channel/doorbell.js';
import { errorCode, errorMessage } from '../../schema/errors.js';
import { createLogger } from '../log/logger.js';
import { MemberFailed, PackedMemberHost } from './packed-member-host.js';
import type { PackedHostMessage } from './packed-worker.js';

const BATCH = 256;
const BLOCK_SLICE_MS = 2;
/** An async park still wakes this often with nothing rung (as the lone Inbox does). */
const PARK_TIMEOUT_MS = 1_000;
/** Drain passes per event-loop turn in async mode (each pass: up to BATCH frames per member). */
const ASYNC_TURNS = 4;

const members = new Map<string, PackedMemberHost>();
const post = (m: PackedHostMessage): void => parentPort!.postMessage(m);
let bell: Doorbell | undefined;
let heartbeat: NodeJS.Timeout | undefined;
let loopRunning = false;

function logFor(data: ActorHostData) {
  return createLogger({ dataDir: data.config.dataDir, base: { actor: data.name, thread: 'packed' } });
}

async function add(data: ActorHostData): Promise<void> {
  const log = logFor(data);
  const member = new PackedMemberHost(
    data,
    log,
    (event: HostEvent) => post({ name: data.name, event }),
    (err) => fail(member, err),
  );
  members.set(data.name, member);
  if (!bell && data.inbound[0]) {
    bell = new Doorbell(data.inbound[0].doorbell);
    setLocalConsumer(data.inbound[0].doorbell, kickLocal);
  }
  heartbeat ??= setInterval(beatAll, data.config.runtime.heartbeatMs);
  beatAll();
  try {
    await member.start();
  } catch (err) {
    fail(member, err);
    return;
  }
  if (!loopRunning) void loop();
}

function fail(member: PackedMemberHost, err: unknown): void {
  if (member.failed) return;
  member.failed = true;
  const code = errorCode(err, 'TL_ACTOR_FAILED');
  const message = errorMessage(err);
  logFor(member.data).error({ err, code }, `actor ${member.name} failed: ${message}`);
  post({ name: member.name, event: { type: 'fatal', code, message } });
  void remove(member.name, 1);
}

async function remove(name: string, code: number): Promise<void> {
  const member = members.get(name);
  if (!member) return;
  members.delete(name);
  if (members.size === 0) {
    clearInterval(heartbeat);
    heartbeat = undefined;
  }
  await member.dispose();
  post({ name, exited: code });
}

function beatAll(): void {
  if (members.size === 0) return;
  const first = members.values().next().value as PackedMemberHost;
  const beats = new BigInt64Array(first.data.heartbeat.sab);
  const now = BigInt(Date.now());
  for (const m of members.values()) m.beat(beats, now);
}

let draining = false;

function drainAll(): number {
  let n = 0;
  draining = true;
  // The members' telemetry wakes its consumer once at the end of this pass, not once per frame (doorbell.ts).
  holdRings();
  try {
    for (const m of members.values()) {
      // Most members are empty on most passes: a check of their rings' indexes is far cheaper than a drain
      // (bench/RESULTS.md "Full-market load: publish path", the per-thread fixed cost).
      if (!m.running || !m.inbox.hasFrames()) continue;
      try {
        n += m.inbox.drainOnce(m.deliver, BATCH);
      } catch (err) {
        if (!(err instanceof MemberFailed)) throw err;
      }
    }
  } finally {
    draining = false;
    releaseRings();
  }
  return n;
}

let kickScheduled = false;
/**
 * A member on this thread rang this thread's own doorbell from outside the drain loop (an I/O callback): drain
 * right after that callback, in a microtask, rather than after a waitAsync wake. Inside the loop, its re-drain
 * passes already deliver member-to-member hand-offs.
 */
function kickLocal(): void {
  if (kickScheduled || !loopRunning) return;
  kickScheduled = true;
  queueMicrotask(() => {
    kickScheduled = false;
    if (draining) return;
    drainAll();
  });
}

/** Whether any member needs its event loop free between wakes (an I/O actor). */
function anyAsync(): boolean {
  for (const m of members.values()) if (m.data.wake === 'async') return true;
  return false;
}

async function loop(): Promise<void> {
  loopRunning = true;
  while (members.size > 0 && bell) {
    if (anyAsync()) {
      const seen = bell.seen();
      // Re-drain while members feed each other (risk -> execution on this thread): a hand-off between members
      // is delivered in the same turn, not one setImmediate later. Bounded, so sockets and control still run.
      let n = 0;
      for (let turn = 0, got = 1; got > 0 && turn < ASYNC_TURNS; turn++) n += got = drainAll();
      if (n > 0) await new Promise<void>((resolve) => setImmediate(resolve));
      else await bell.sleep(seen, PARK_TIMEOUT_MS);
      continue;
    }
    const sliceEnd = performance.now() + BLOCK_SLICE_MS;
    for (let left = BLOCK_SLICE_MS; left > 0; left = sliceEnd - performance.now()) {
      const seen = bell.seen();
      if (drainAll() === 0) bell.block(seen, left);
    }
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  loopRunning = false;
}

parentPort!.on('message', (m: { type: 'add'; data: ActorHostData } | { type: 'remove'; name: string }) => {
  if (m.type === 'add') void add(m.data);
  else void remove(m.name, 0);
});
