/**
 * Sender and inbox together (one thread, same rings the threads share): messages arrive decoded and in order;
 * a never-drop channel holds a full ring's overflow in its backlog and delivers all of it; drop-oldest counts.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ChannelSender } from '../../../src/runtime/channel/channel-sender.js';
import type { ChannelSpec, FullPolicy } from '../../../src/runtime/channel/channel-spec.js';
import { createDoorbell, holdRings, releaseRings } from '../../../src/runtime/channel/doorbell.js';
import { Inbox } from '../../../src/runtime/channel/inbox.js';
import { RingBuffer } from '../../../src/runtime/channel/ring-buffer.js';

function spec(policy: FullPolicy, bytes = 4096, topic = 'orders'): ChannelSpec {
  return {
    name: `a->b:${topic}`,
    topic,
    from: 'a',
    to: 'b',
    policy,
    ring: RingBuffer.create(bytes).sab,
    doorbell: createDoorbell(),
  };
}

async function collect(inbox: Inbox, count: number, timeoutMs = 5_000): Promise<Array<{ m: unknown; topic: string }>> {
  const got: Array<{ m: unknown; topic: string }> = [];
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`only ${got.length}/${count} delivered`)), timeoutMs);
    inbox.start((m, topic) => {
      got.push({ m, topic });
      if (got.length === count) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  await inbox.stop();
  return got;
}

test('never-drop: a full ring backs up into the sender and every message arrives in order', async () => {
  const s = spec('never-drop', 1024);
  const sender = new ChannelSender(s);
  const inbox = new Inbox([s]);
  for (let i = 0; i < 500; i++)
    sender.send({
      type: 'intent',
      symbol: 'BTCUSDT',
      ts: i,
      decisionId: `d${i}`,
      side: 'BUY',
      price: 1,
      quantity: 1,
      reason: 'x',
    });
  assert.ok(sender.backlogDepth() > 0, 'the ring filled and the rest waits in the backlog');
  const got = await collect(inbox, 500);
  assert.deepEqual(
    got.map((g) => (g.m as { ts: number }).ts),
    Array.from({ length: 500 }, (_, i) => i),
  );
  assert.equal(sender.backlogDepth(), 0);
  assert.equal(inbox.dropped(), 0);
  sender.close();
});

test('drop-oldest: a slow consumer loses the oldest market data, counted, never the newest', async () => {
  const s = spec('drop-oldest', 1024, 'market');
  const sender = new ChannelSender(s);
  for (let i = 0; i < 300; i++) sender.send({ type: 'market', symbol: 'BTCUSDT', recvTs: 0, seq: i, event: { p: 1 } });
  assert.equal(sender.backlogDepth(), 0, 'drop-oldest never queues at the sender');
  const inbox = new Inbox([s]);
  const kept = inbox.depth();
  assert.equal(inbox.dropped() + kept, 300);
  const got = await collect(inbox, kept);
  assert.equal((got.at(-1)!.m as { seq: number }).seq, 299);
  assert.equal(got[0]!.topic, 'market');
});

test('several inbound channels are all served, each message tagged with its topic', async () => {
  const bell = createDoorbell();
  const a = { ...spec('never-drop', 4096, 'execution-reports'), doorbell: bell };
  const b = { ...spec('drop-oldest', 4096, 'telemetry'), doorbell: bell };
  const inbox = new Inbox([a, b], 'blocking');
  const pa = new ChannelSender(a);
  const pb = new ChannelSender(b);
  for (let i = 0; i < 50; i++) {
    pa.send({ type: 'kill-switch', engaged: true, symbol: '', reason: 'r', ts: i });
    pb.send({ type: 'test-frame', symbol: 'X', ts: i, seq: i, received: i, missed: 0, byKind: {} });
  }
  const got = await collect(inbox, 100);
  assert.equal(got.filter((g) => g.topic === 'execution-reports').length, 50);
  assert.equal(got.filter((g) => g.topic === 'telemetry').length, 50);
});

test('inside a drain pass a drop-oldest channel rings its consumer once at the end; never-drop rings at once', () => {
  const bell = createDoorbell();
  const rings = () => Atomics.load(new Int32Array(bell), 0);
  const telemetry = [1, 2, 3].map(
    (i) => new ChannelSender({ ...spec('drop-oldest', 4096, 'telemetry'), name: `s${i}`, doorbell: bell }),
  );
  const intents = new ChannelSender({ ...spec('never-drop', 4096, 'intents'), doorbell: bell });
  holdRings();
  for (const s of telemetry) s.send({ n: 1 });
  telemetry[0]!.send({ n: 2 });
  assert.equal(rings(), 0, 'no telemetry ring while the pass runs');
  intents.send({ n: 3 });
  assert.equal(rings(), 1, 'an intent rings at once');
  holdRings();
  releaseRings();
  assert.equal(rings(), 1, 'a nested pass does not release the outer one');
  releaseRings();
  assert.equal(rings(), 2, 'one ring for the four telemetry frames on one doorbell');
  telemetry[1]!.send({ n: 4 });
  assert.equal(rings(), 3, 'outside a pass it rings per frame');
});
