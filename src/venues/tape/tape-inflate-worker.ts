/**
 * The worker side of `inflate: 'worker'` (inflate-off-thread.ts): reads one tape file, gunzips it when asked,
 * and posts line-aligned batches of ~512 KiB as transferred ArrayBuffers (no copy across threads), at most
 * `MAX_AHEAD` not yet taken by the reader, so memory stays bounded. The reader counts the batches it took in a
 * shared Int32Array (no message back: a message wakes this thread, ~50 µs each on this VM per issue 19, and
 * showed as 100 ms of postMessage per replay in the profile); this thread waits on that counter only when ahead.
 * A batch ends after a `\n` byte, which never sits inside a UTF-8 sequence, so each batch decodes on its own.
 */
import { isAscii } from 'node:buffer';
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { parentPort, workerData } from 'node:worker_threads';
import { createGunzip, constants as zlibConstants } from 'node:zlib';

export interface InflateWorkerData {
  path: string;
  gzip: boolean;
  /** `[0]`: batches the reader has taken (it adds 1 and notifies per batch). */
  taken: Int32Array;
}

export type InflateMessage =
  | { type: 'batch'; buffer: ArrayBuffer; length: number; ascii: boolean }
  | { type: 'end' }
  | { type: 'error'; message: string };

const BATCH_BYTES = 512 * 1024;
const MAX_AHEAD = 4;

const { path, gzip, taken } = workerData as InflateWorkerData;
const port = parentPort;
if (port === null) throw new Error('tape-inflate-worker.ts runs as a worker thread only');

const file = createReadStream(path, { highWaterMark: 256 * 1024 });
let source: Readable = file;
if (gzip) {
  // Z_SYNC_FLUSH on finish: a gzip cut short by a crash ends the stream instead of failing it (as read-tape.ts).
  const gunzip = createGunzip({ finishFlush: zlibConstants.Z_SYNC_FLUSH });
  file.on('error', (err) => gunzip.destroy(err));
  source = file.pipe(gunzip);
}

let pending: Buffer[] = [];
let pendingBytes = 0;
let posted = 0;

/** Blocks (this thread only reads the file) until the reader is fewer than MAX_AHEAD batches behind. */
function waitForReader(): void {
  for (;;) {
    const seen = Atomics.load(taken, 0);
    if (posted - seen < MAX_AHEAD) return;
    // Bounded wait: a reader that stopped early terminates this worker; the timeout only re-checks.
    Atomics.wait(taken, 0, seen, 1000);
  }
}

function post(bytes: Buffer): void {
  // Transfer only memory this batch owns whole: never a slice of a bigger buffer or of Node's shared pool
  // (Buffer.from of a small buffer lands in the pool; a Uint8Array of its own does not).
  let own: Uint8Array = bytes;
  if (bytes.byteOffset !== 0 || bytes.buffer.byteLength !== bytes.length) {
    own = new Uint8Array(bytes.length);
    own.set(bytes);
  }
  const buffer = own.buffer as ArrayBuffer;
  const message: InflateMessage = { type: 'batch', buffer, length: own.length, ascii: isAscii(own) };
  waitForReader();
  port?.postMessage(message, [buffer]);
  posted++;
}

function flush(final: boolean): void {
  if (pendingBytes === 0) return;
  const all = pending.length === 1 ? (pending[0] as Buffer) : Buffer.concat(pending, pendingBytes);
  const cut = final ? all.length : all.lastIndexOf(10) + 1;
  if (cut === 0) {
    // No newline yet (one very long line): keep gathering; the reader bounds line length.
    pending = [all];
    return;
  }
  const rest = cut < all.length ? Buffer.from(all.subarray(cut)) : undefined;
  post(cut === all.length ? all : all.subarray(0, cut));
  pending = rest === undefined ? [] : [rest];
  pendingBytes = rest === undefined ? 0 : rest.length;
}

source.on('data', (chunk: Buffer) => {
  pending.push(chunk);
  pendingBytes += chunk.length;
  if (pendingBytes >= BATCH_BYTES) flush(false);
});
source.on('end', () => {
  flush(true);
  port.postMessage({ type: 'end' } satisfies InflateMessage);
});
source.on('error', (err) => {
  port.postMessage({ type: 'error', message: err.message } satisfies InflateMessage);
});
