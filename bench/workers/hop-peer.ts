/**
 * A bench peer thread for the channel hop benchmark: `ping` sends timestamped frames and waits for each echo;
 * `pong` records the one-way latency of each frame and echoes it. Transport: the SAB ring + doorbell, or a
 * MessagePort carrying the same msgpack bytes, so the comparison isolates the transport.
 */
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { ChannelSender } from '../../src/runtime/channel/channel-sender.js';
import { FrameCodec } from '../../src/runtime/channel/frame-codec.js';
import { Inbox } from '../../src/runtime/channel/inbox.js';
import type { ChannelSpec } from '../../src/runtime/channel/channel-spec.js';
import { monoMs } from './tick-to-trade-stages.js';

interface PeerData {
  role: 'ping' | 'pong';
  transport: 'ring' | 'ring-blocking' | 'port';
  count: number;
  out?: ChannelSpec;
  in?: ChannelSpec;
  port?: MessagePort;
}

const data = workerData as PeerData;
// One monotonic clock for every thread (see nowMs in tick-to-trade-stages.ts: per-thread timeOrigin skews).
const now = monoMs;
const latenciesUs = new Float64Array(data.count);
let received = 0;
const msg = { type: 'market', symbol: 'BTCUSDT', recvTs: 0, seq: 0, event: { p: 65000.1, q: 0.01, m: true } };

function done(): void {
  parentPort!.postMessage({ latenciesUs: data.role === 'pong' ? latenciesUs : null });
}

if (data.transport !== 'port') {
  const sender = new ChannelSender(data.out!);
  const inbox = new Inbox([data.in!], data.transport === 'ring-blocking' ? 'blocking' : 'async');
  let seq = 0;
  const sendNext = (): void => {
    msg.seq = seq++;
    msg.recvTs = now();
    sender.send(msg);
  };
  inbox.start((m) => {
    const frame = m as typeof msg;
    if (data.role === 'pong') {
      latenciesUs[received++] = (now() - frame.recvTs) * 1000;
      sender.send(frame);
      if (received === data.count) void inbox.stop().then(done);
    } else {
      received++;
      if (received === data.count) void inbox.stop().then(done);
      else sendNext();
    }
  });
  if (data.role === 'ping') sendNext();
} else {
  const codec = new FrameCodec();
  const port = data.port!;
  let seq = 0;
  const sendNext = (): void => {
    msg.seq = seq++;
    msg.recvTs = now();
    port.postMessage(codec.encode(msg));
  };
  port.on('message', (bytes: Uint8Array) => {
    const frame = codec.decode(bytes) as typeof msg;
    if (data.role === 'pong') {
      latenciesUs[received++] = (now() - frame.recvTs) * 1000;
      port.postMessage(codec.encode(frame));
      if (received === data.count) {
        port.close();
        done();
      }
    } else {
      received++;
      if (received === data.count) {
        port.close();
        done();
      } else sendNext();
    }
  });
  if (data.role === 'ping') sendNext();
}
