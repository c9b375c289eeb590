/**
 * `inflateOffThread(path, gzip)`: the text of a tape file as line-aligned string chunks, read and gunzipped on
 * a worker (tape-inflate-worker.ts) so the reading thread spends its time on lines, not on zlib and I/O
 * callbacks. Each batch arrives as a transferred buffer and is turned into one string (latin1 when the worker
 * saw only ASCII, the cheapest exact decode; UTF-8 otherwise). Read failures throw an Error with the cause's
 * message (read-tape.ts codes it `TL_TAPE_READ_FAILED`); stopping early terminates the worker.
 */
import { Worker } from 'node:worker_threads';
import type { InflateMessage, InflateWorkerData } from './tape-inflate-worker.js';

const WORKER = new URL('./tape-inflate-worker.js', import.meta.url);

/**
 * Strings of at most ~64 KiB: V8 puts bigger ones in large-object space, which made the decode ~40x slower
 * (245 MB/s at 256 KiB and up vs 11-15 GB/s at 16-64 KiB, BTCUSDT 2024-08-08 text, Node 20, this machine).
 */
const PIECE_BYTES = 64 * 1024;

/** A batch as line-aligned strings (a cut after `\n` never splits a UTF-8 sequence). */
function* pieces(batch: Buffer, encoding: 'latin1' | 'utf8'): Generator<string> {
  let start = 0;
  while (start < batch.length) {
    let end = start + PIECE_BYTES;
    if (end >= batch.length) end = batch.length;
    else {
      const nl = batch.lastIndexOf(10, end - 1);
      if (nl >= start) end = nl + 1;
      else {
        // One line longer than a piece: take it whole.
        const next = batch.indexOf(10, end);
        end = next < 0 ? batch.length : next + 1;
      }
    }
    yield batch.toString(encoding, start, end);
    start = end;
  }
}

export async function* inflateOffThread(path: string, gzip: boolean): AsyncGenerator<string> {
  const taken = new Int32Array(new SharedArrayBuffer(4));
  const worker = new Worker(WORKER, { workerData: { path, gzip, taken } satisfies InflateWorkerData });
  // Keeps the process alive only while the reader waits on it: a reader dropped half-read (a format probe)
  // must not hold the process open.
  worker.unref();
  const queue: InflateMessage[] = [];
  let wake: (() => void) | undefined;
  let failure: Error | undefined;
  const notify = (): void => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  worker.on('message', (m: InflateMessage) => {
    queue.push(m);
    notify();
  });
  worker.on('error', (err) => {
    failure = err;
    notify();
  });
  worker.on('exit', (code) => {
    if (code !== 0) failure ??= new Error(`tape reader worker exited with code ${code}`);
    queue.push({ type: 'end' });
    notify();
  });
  try {
    let head = 0;
    for (;;) {
      if (failure !== undefined) throw failure;
      if (head === queue.length) {
        queue.length = 0;
        head = 0;
        worker.ref();
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
        worker.unref();
        continue;
      }
      const m = queue[head++] as InflateMessage;
      if (m.type === 'end') return;
      if (m.type === 'error') throw new Error(m.message);
      // Counted at once, so the worker inflates the next batch while this one is read; the notify is a
      // no-op unless the worker is waiting.
      Atomics.add(taken, 0, 1);
      Atomics.notify(taken, 0);
      yield* pieces(Buffer.from(m.buffer, 0, m.length), m.ascii ? 'latin1' : 'utf8');
    }
  } finally {
    await worker.terminate();
  }
}
