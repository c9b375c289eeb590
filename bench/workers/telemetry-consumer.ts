/**
 * The consumer thread of bench/telemetry-publish.bench.ts: a gateway-like reader of many telemetry rings on one
 * doorbell. Drains every ring, then parks on the doorbell (Atomics.wait, as a pure actor does) until rung or
 * told to stop through `stop[0]`; counts frames into `stop[1]` and its parks (wake-ups) into `stop[2]`.
 */
import { workerData } from 'node:worker_threads';
import { Doorbell } from '../../src/runtime/channel/doorbell.js';
import { RingBuffer } from '../../src/runtime/channel/ring-buffer.js';

const { rings, doorbell, stop } = workerData as {
  rings: SharedArrayBuffer[];
  doorbell: SharedArrayBuffer;
  stop: SharedArrayBuffer;
};
const readers = rings.map((sab) => new RingBuffer(sab));
const bell = new Doorbell(doorbell);
const flags = new Int32Array(stop);
const scratch = new Uint8Array(64 * 1024);
while (Atomics.load(flags, 0) === 0) {
  const seen = bell.seen();
  let n = 0;
  for (const r of readers) while (r.read(scratch) >= 0) n++;
  if (n > 0) Atomics.add(flags, 1, n);
  else {
    bell.block(seen, 20);
    Atomics.add(flags, 2, 1);
  }
}
