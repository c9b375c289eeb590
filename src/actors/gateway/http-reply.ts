/**
 * Small helpers for uWS HTTP handlers: an async reply that respects aborts (uWS forbids touching an aborted
 * response) and corks its writes, and a bounded body reader. Shared by every route of the gateway.
 */
import type { HttpResponse } from '../../runtime/uws.js';

export interface Reply {
  status: number;
  body: string;
  contentType?: string;
  headers?: Record<string, string>;
}

const STATUS_TEXT: Record<number, string> = {
  200: 'OK',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  413: 'Payload Too Large',
  405: 'Method Not Allowed',
  415: 'Unsupported Media Type',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export function write(res: HttpResponse, reply: Reply): void {
  res.cork(() => {
    res.writeStatus(`${reply.status} ${STATUS_TEXT[reply.status] ?? 'Unknown'}`);
    res.writeHeader('content-type', reply.contentType ?? 'application/json');
    res.writeHeader('cache-control', 'no-store');
    for (const [k, v] of Object.entries(reply.headers ?? {})) res.writeHeader(k, v);
    res.end(reply.body);
  });
}

export function json(status: number, value: unknown, headers?: Record<string, string>): Reply {
  return { status, body: JSON.stringify(value), contentType: 'application/json', ...(headers ? { headers } : {}) };
}

export function errorReply(status: number, code: string, message: string, headers?: Record<string, string>): Reply {
  return json(status, { ok: false, error: { code, message } }, headers);
}

/** Runs `produce` and writes its reply unless the client went away first; a thrown error becomes a 500. */
export function replyAsync(res: HttpResponse, produce: (aborted: () => boolean) => Promise<Reply>): void {
  let aborted = false;
  res.onAborted(() => {
    aborted = true;
  });
  produce(() => aborted).then(
    (reply) => {
      if (!aborted) write(res, reply);
    },
    (err: unknown) => {
      if (aborted) return;
      const code = (err as { code?: unknown })?.code;
      write(
        res,
        errorReply(
          500,
          typeof code === 'string' ? code : 'TL_INTERNAL',
          err instanceof Error ? err.message : String(err),
        ),
      );
    },
  );
}

/** Reads the request body up to `limit` bytes; resolves undefined when it is bigger (the caller answers 413). */
export function readBody(res: HttpResponse, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    res.onData((chunk, isLast) => {
      if (!over) {
        size += chunk.byteLength;
        // uWS reuses the chunk's memory after this callback: copy it.
        if (size > limit) over = true;
        else chunks.push(Buffer.from(new Uint8Array(chunk).slice()));
      }
      if (isLast) resolve(over ? undefined : Buffer.concat(chunks));
    });
  });
}
