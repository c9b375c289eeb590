/**
 * The admin socket's life on disk: refuse a path a live supervisor answers on, remove a stale socket left by a
 * crash, bind so the file is never reachable by another user (mode 0600 from the moment it exists), and remove
 * the file on close only while it is still ours (same inode), never a successor's.
 */
import { chmodSync, lstatSync, mkdirSync, mkdtempSync, renameSync, rmSync, statSync, unlinkSync } from 'node:fs';
import { connect, type Server } from 'node:net';
import { dirname, join } from 'node:path';
import { isMainThread } from 'node:worker_threads';
import { TapelineError } from '../../schema/errors.js';

const PROBE_TIMEOUT_MS = 1_000;

type Probe = 'live' | 'stale';

/** Connects once: accepted means a live server; ECONNREFUSED means a socket file nobody listens on. */
function probe(path: string): Promise<Probe> {
  return new Promise((resolvePromise, reject) => {
    const sock = connect({ path });
    const timer = setTimeout(() => {
      // A listener whose backlog is full does not answer in time: it is alive, just busy.
      sock.destroy();
      resolvePromise('live');
    }, PROBE_TIMEOUT_MS);
    sock.once('connect', () => {
      clearTimeout(timer);
      sock.destroy();
      resolvePromise('live');
    });
    sock.once('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      if (err.code === 'ECONNREFUSED' || err.code === 'ENOENT') resolvePromise('stale');
      else reject(new TapelineError('TL_ADMIN_SOCKET_IN_USE', `cannot probe admin socket ${path}: ${err.message}`));
    });
  });
}

/** Makes `path` free to bind: refuses when in use or not a socket, removes a stale socket. */
export async function claimSocketPath(path: string): Promise<void> {
  let isSocket: boolean;
  try {
    // 0700 applies only to directories created here; an existing data dir keeps its mode.
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    isSocket = lstatSync(path).isSocket();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw new TapelineError(
      'TL_ADMIN_LISTEN_FAILED',
      `cannot prepare admin socket ${path}: ${(err as Error).message}; check --data-dir / --admin-socket`,
      { cause: err },
    );
  }
  if (!isSocket) {
    throw new TapelineError(
      'TL_ADMIN_SOCKET_IN_USE',
      `${path} exists and is not a socket; move it away or pass another --admin-socket`,
    );
  }
  if ((await probe(path)) === 'live') {
    throw new TapelineError(
      'TL_ADMIN_SOCKET_IN_USE',
      `a supervisor is already listening on ${path}; stop it first (tapeline admin status --socket ${path}) ` +
        'or pass another --data-dir / --admin-socket',
    );
  }
  unlinkSync(path);
}

/**
 * Binds and listens so that no other user can ever connect, not even for an instant.
 * - Main thread: the umask is narrowed to 0177 around `listen()`. Node binds synchronously inside that call,
 *   so the socket file is born 0600; the umask is restored before any other JS runs (only libuv threads creating
 *   files in that same microsecond would see the stricter mask, which errs on the safe side).
 * - Worker threads cannot change the umask: there we bind inside a fresh 0700 directory next to `path` (nobody
 *   else can reach a socket in it), chmod 0600, then rename the socket into place, which is atomic.
 * Resolves with the socket file's inode, so close removes only our own file.
 */
export async function listenPrivately(server: Server, path: string): Promise<{ ino: number }> {
  if (isMainThread) {
    await listenOn(server, path, () => {
      const previous = process.umask(0o177);
      try {
        server.listen({ path, readableAll: false, writableAll: false });
      } finally {
        process.umask(previous);
      }
    });
  } else {
    const dir = mkdtempSync(join(dirname(path), '.admin-'));
    const tmp = join(dir, 's');
    try {
      await listenOn(server, tmp, () => server.listen({ path: tmp, readableAll: false, writableAll: false }));
      chmodSync(tmp, 0o600);
      renameSync(tmp, path);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  try {
    chmodSync(path, 0o600);
    const st = statSync(path);
    if ((st.mode & 0o077) !== 0) throw new Error(`mode is ${(st.mode & 0o777).toString(8)}, expected 600`);
    return { ino: st.ino };
  } catch (err) {
    server.close();
    throw new TapelineError('TL_ADMIN_LISTEN_FAILED', `cannot secure admin socket ${path}: ${(err as Error).message}`);
  }
}

function listenOn(server: Server, path: string, listen: () => void): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const onError = (err: NodeJS.ErrnoException) => {
      reject(new TapelineError('TL_ADMIN_LISTEN_FAILED', `cannot listen on admin socket ${path}: ${err.message}`));
    };
    server.once('error', onError);
    server.once('listening', () => {
      server.off('error', onError);
      resolvePromise();
    });
    listen();
  });
}

/** Removes the socket file if it is still the one we bound (a successor may have replaced it). */
export function releaseSocketPath(path: string, ino: number): void {
  try {
    if (lstatSync(path).ino === ino) unlinkSync(path);
  } catch (err) {
    // libuv already unlinks a pipe server's path on close; ENOENT here is the normal case.
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}
