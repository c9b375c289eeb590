/**
 * The admin socket server (docs/contract.md, admin socket protocol): newline-delimited JSON over a Unix domain socket, mode 0600. Each
 * connection handles its requests in order (replies come back in request order); bad input of any kind gets
 * an `ok:false` reply and neither the connection nor the server goes down. Memory per client is bounded.
 */
import { createServer, type Socket } from 'node:net';
import { errorMessage } from '../../schema/errors.js';
import type { SupervisorApi } from '../../schema/supervisor-api.js';
import { type AdminLog, dispatchAdminRequest } from './admin-dispatch.js';
import {
  type AdminReply,
  DEFAULT_MAX_LINE_BYTES,
  encodeReply,
  errorReply,
  parseAdminRequest,
} from './admin-protocol.js';
import { LineFramer } from './line-framer.js';
import { claimSocketPath, listenPrivately, releaseSocketPath } from './socket-file.js';

export interface AdminServerOptions {
  path: string;
  api: SupervisorApi;
  log?: AdminLog;
  maxLineBytes?: number;
}

export interface AdminServer {
  readonly path: string;
  close(): Promise<void>;
}

/** Operator tooling opens a handful of connections; more than this is a runaway script. */
const MAX_CONNECTIONS = 64;
/** Requests queued on one connection before reading pauses (TCP-style back-pressure onto the client). */
const MAX_PENDING_LINES = 32;
/** A client that stops reading its replies is cut off once this much is waiting to be written. */
const MAX_UNREAD_REPLY_BYTES = 1 << 20;
/** Grace for in-flight replies to flush when the server closes. */
const CLOSE_GRACE_MS = 250;

export async function startAdminServer(opts: AdminServerOptions): Promise<AdminServer> {
  const { path, api, log } = opts;
  const maxLineBytes = opts.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  await claimSocketPath(path);

  const sockets = new Set<Socket>();
  const server = createServer({ allowHalfOpen: true }, (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    serveConnection(socket, api, maxLineBytes, log);
  });
  server.maxConnections = MAX_CONNECTIONS;
  server.on('drop', () =>
    log?.('warn', 'admin connection refused: too many open connections', { max: MAX_CONNECTIONS }),
  );

  const { ino } = await listenPrivately(server, path);
  server.on('error', (err) => log?.('error', 'admin socket server error', { path, message: errorMessage(err) }));
  log?.('info', 'admin socket listening', { path });

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= new Promise<void>((resolveClose) => {
      server.close(() => {
        try {
          releaseSocketPath(path, ino);
          log?.('info', 'admin socket closed', { path });
        } catch (err) {
          // Closing must finish (it runs during shutdown); a file we cannot remove is reported, not thrown.
          log?.('error', 'admin socket file could not be removed', { path, message: errorMessage(err) });
        }
        resolveClose();
      });
      // Stop accepting at once; let replies already written flush, then cut whatever is left.
      for (const s of sockets) s.end();
      setTimeout(() => {
        for (const s of sockets) s.destroy();
      }, CLOSE_GRACE_MS).unref();
    });
    return closing;
  };
  return { path, close };
}

/** A supervisor reply JSON cannot encode (a BigInt, a cycle) is a bug; answer it rather than crash the loop. */
function safeEncode(reply: AdminReply, log?: AdminLog): string {
  try {
    return encodeReply(reply);
  } catch (err) {
    log?.('error', 'admin reply could not be encoded', { id: reply.id, message: errorMessage(err) });
    return encodeReply(errorReply(reply.id, 'TL_INTERNAL', `reply could not be encoded as JSON: ${errorMessage(err)}`));
  }
}

async function answer(
  item: string | { overflowBytes: number },
  api: SupervisorApi,
  maxLineBytes: number,
  log?: AdminLog,
): Promise<AdminReply> {
  if (typeof item !== 'string') {
    const message =
      `request line too long (${item.overflowBytes}+ bytes, limit ${maxLineBytes}); ` +
      'it was discarded up to its newline, send a shorter request';
    log?.('warn', 'admin request refused', { code: 'TL_ADMIN_LINE_TOO_LONG', bytes: item.overflowBytes });
    return errorReply(null, 'TL_ADMIN_LINE_TOO_LONG', message);
  }
  const parsed = parseAdminRequest(item);
  if (parsed.ok) return dispatchAdminRequest(api, parsed.request, log);
  log?.('info', 'admin request refused', { ...parsed.failure.error });
  return errorReply(parsed.failure.id, parsed.failure.error.code, parsed.failure.error.message);
}

function serveConnection(socket: Socket, api: SupervisorApi, maxLineBytes: number, log?: AdminLog): void {
  // Overflow notices go through the same queue as lines so replies stay in request order.
  const queue: Array<string | { overflowBytes: number }> = [];
  let busy = false;
  /** The client half-closed (e.g. `echo ... | nc -U`): answer what it sent, then close our side. */
  let ended = false;

  const write = (line: string): void => {
    if (socket.destroyed || !socket.writable) return;
    socket.write(line);
    if (socket.writableLength > MAX_UNREAD_REPLY_BYTES) {
      log?.('warn', 'admin client is not reading its replies; disconnecting it', { pending: socket.writableLength });
      socket.destroy();
    }
  };

  const pump = async (): Promise<void> => {
    if (busy) return;
    busy = true;
    while (queue.length > 0 && !socket.destroyed) {
      const item = queue.shift()!;
      write(safeEncode(await answer(item, api, maxLineBytes, log), log));
      if (queue.length < MAX_PENDING_LINES / 2 && socket.isPaused()) socket.resume();
    }
    busy = false;
    if (ended && queue.length === 0 && !socket.destroyed) socket.end();
  };

  const framer = new LineFramer(maxLineBytes, {
    line(text) {
      queue.push(text);
      if (queue.length >= MAX_PENDING_LINES) socket.pause();
      void pump();
    },
    overflow(bytes) {
      queue.push({ overflowBytes: bytes });
      void pump();
    },
  });
  socket.on('data', (chunk: Buffer) => framer.push(chunk));
  socket.on('end', () => {
    ended = true;
    framer.finish();
    void pump();
  });
  socket.on('error', (err: NodeJS.ErrnoException) => {
    // A client vanishing mid-reply is routine; anything else is worth a look.
    const level = err.code === 'ECONNRESET' || err.code === 'EPIPE' ? 'info' : 'warn';
    log?.(level, 'admin connection error', { code: err.code, message: err.message });
  });
}
