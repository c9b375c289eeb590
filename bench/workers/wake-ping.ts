/**
 * The echo side of the wake-floor ping-pong (bench/wake-floor.ts): parks on cell 0 with Atomics.wait and, each
 * time it is woken, bumps cell 1 and notifies. Nothing else runs on this thread, so the round trip is two bare
 * futex wakes: the floor every cross-thread hop of the runtime pays on this machine.
 */
import { workerData } from 'node:worker_threads';

const cells = new Int32Array(workerData as SharedArrayBuffer);
let seen = 0;
for (;;) {
  Atomics.wait(cells, 0, seen);
  seen = Atomics.load(cells, 0);
  if (seen < 0) break;
  Atomics.store(cells, 1, seen);
  Atomics.notify(cells, 1);
}
