/**
 * One request, one reply over the admin socket: what `tapeline admin` and tests use. Connection problems
 * become TL_ADMIN_UNREACHABLE with the next step to take; a reply that is not one JSON object per the
 * protocol becomes TL_ADMIN_BAD_REPLY. An `ok:false` reply is a normal result, not an exception.
 */
import { connect } from 'node:net';
import { TapelineError } from '../errors.js';
import type { AdminReply } from './admin-protocol.js';

export interface AdminRequestOptions {
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 5_000;
/** Replies (a status with a thousand actors) stay far below this; more is a protocol error, not a reply. */
const MAX_REPLY_BYTES = 16 * 1024 * 1024;

function unreachable(path: string, why?: string): TapelineError {
  const base = why ?? 'no supervisor is listening on';
  return new TapelineError('TL_ADMIN_UNREACHABLE', `${base} ${path}; start one with \`tapeline run\` or pass --socket`);
}

export function adminRequest(
  path: string,
  request: Record<string, unknown>,
  options: AdminRequestOptions = {},
): Promise<AdminReply> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const payload = { id: 1, ...request };
  return new Promise((resolvePromise, reject) => {
    const sock = connect({ path });
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const finish = (err: Error | undefined, reply?: AdminReply) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      sock.destroy();
      if (err) reject(err);
      else resolvePromise(reply!);
    };
    const timer = setTimeout(() => {
      finish(
        new TapelineError(
          'TL_ADMIN_TIMEOUT',
          `the supervisor on ${path} did not reply within ${timeoutMs} ms; it may be overloaded or hung (pass --timeout to wait longer)`,
        ),
      );
    }, timeoutMs);

    sock.once('connect', () => sock.write(`${JSON.stringify(payload)}\n`));
    sock.on('data', (chunk: Buffer) => {
      const nl = chunk.indexOf(0x0a);
      chunks.push(nl === -1 ? chunk : chunk.subarray(0, nl));
      size += chunk.length;
      if (nl !== -1) {
        const reply = parseReply(Buffer.concat(chunks).toString('utf8'), path, payload.id);
        if (reply instanceof TapelineError) finish(reply);
        else finish(undefined, reply);
      } else if (size > MAX_REPLY_BYTES) finish(badReply(path, `reply exceeds ${MAX_REPLY_BYTES} bytes`));
    });
    sock.once('end', () => finish(unreachable(path, 'the supervisor closed the connection without replying on')));
    sock.once('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT' || err.code === 'ECONNREFUSED') finish(unreachable(path));
      else if (err.code === 'EACCES') {
        finish(unreachable(path, 'permission denied (the socket is mode 0600; run as the user who started it) on'));
      } else finish(unreachable(path, `cannot connect (${err.code ?? err.message}) to`));
    });
  });
}

function badReply(path: string, why: string): TapelineError {
  return new TapelineError('TL_ADMIN_BAD_REPLY', `unexpected reply from ${path}: ${why}`);
}

/** Returns the error instead of throwing: it runs inside a socket event handler. */
function parseReply(text: string, path: string, expectedId: unknown): AdminReply | TapelineError {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return badReply(path, `not JSON (${(err as Error).message})`);
  }
  if (value === null || typeof value !== 'object' || typeof (value as { ok?: unknown }).ok !== 'boolean') {
    return badReply(path, 'not an object with a boolean "ok"');
  }
  const reply = value as AdminReply;
  // A reply to a request the server could not parse carries id null; anything else must echo ours.
  if (reply.id !== expectedId && reply.id !== null)
    return badReply(path, `id ${JSON.stringify(reply.id)} does not match`);
  return reply;
}
