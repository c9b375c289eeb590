/**
 * Fan-out to 1 000 WebSocket clients on loopback: the gateway's way (uWS pub/sub, one publish per message, uWS
 * copies the frame to every subscriber) against a `ws` server broadcasting idiomatically (send per client), in
 * the same run. Clients are raw TCP sockets in a worker (this same file) that do the WS handshake and then only
 * count bytes, so the measuring side stays cheap; frames have a fixed size, so bytes / frame size = messages.
 * The publisher keeps a bounded window in flight (no server-side drops), and every case is time-bounded.
 */
import { connect, type Socket } from 'node:net';
import { isMainThread, Worker, workerData, parentPort } from 'node:worker_threads';
import { WebSocketServer } from 'ws';
import { loadUws, type us_listen_socket } from '../src/runtime/uws.js';
import type { BenchCase, BenchSuite, CaseResult } from './harness.js';

const PAYLOAD_BYTES = 100;
/** Unmasked server frame: 2 header bytes for a payload under 126. */
const FRAME_BYTES = PAYLOAD_BYTES + 2;
/** Bytes in flight per client before the publisher waits: bounds server memory, keeps the pipe full. */
const WINDOW_PER_CLIENT = 64 * 1024;
const CASE_TIMEOUT_MS = 60_000;

interface ClientJob {
  role: 'fanout-clients';
  port: number;
  clients: number;
  /** [0] = total bytes received after the handshakes, [1] = clients with a completed handshake. */
  counters: SharedArrayBuffer;
}

function runClients(job: ClientJob): void {
  const counters = new Float64Array(job.counters);
  const sockets: Socket[] = [];
  const open = (i: number): void => {
    if (i >= job.clients) return;
    const s = connect(job.port, '127.0.0.1');
    sockets.push(s);
    let handshake = true;
    let head = '';
    s.on('connect', () => {
      s.write(
        `GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n`,
      );
      open(i + 1);
    });
    s.on('data', (chunk: Buffer) => {
      if (!handshake) {
        counters[0] = (counters[0] ?? 0) + chunk.length;
        return;
      }
      head += chunk.toString('latin1');
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) return;
      handshake = false;
      counters[1] = (counters[1] ?? 0) + 1;
      counters[0] = (counters[0] ?? 0) + (head.length - end - 4);
    });
    s.on('error', () => s.destroy());
  };
  open(0);
  parentPort?.on('message', () => {
    for (const s of sockets) s.destroy();
    parentPort?.close();
  });
}

if (!isMainThread && (workerData as ClientJob | undefined)?.role === 'fanout-clients')
  runClients(workerData as ClientJob);

interface Server {
  port: number;
  clients(): number;
  publish(frame: Buffer): void;
  close(): Promise<void>;
}

async function uwsServer(): Promise<Server> {
  const uws = loadUws().binding;
  const app = uws.App();
  let n = 0;
  app.ws('/ws', {
    maxBackpressure: 4 * WINDOW_PER_CLIENT,
    idleTimeout: 120,
    sendPingsAutomatically: false,
    open: (ws) => {
      ws.subscribe('bench');
      n++;
    },
    close: () => {
      n--;
    },
  });
  const listen = await new Promise<us_listen_socket>((resolve, reject) =>
    app.listen('127.0.0.1', 0, (s) => (s ? resolve(s) : reject(new Error('uWS listen failed')))),
  );
  return {
    port: uws.us_socket_local_port(listen),
    clients: () => n,
    publish: (frame) => {
      app.publish('bench', frame, true);
    },
    close: async () => {
      uws.us_listen_socket_close(listen);
      (app as unknown as { close?: () => void }).close?.();
    },
  };
}

async function wsServer(): Promise<Server> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, path: '/ws', perMessageDeflate: false });
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
  return {
    port: (wss.address() as { port: number }).port,
    clients: () => wss.clients.size,
    publish: (frame) => {
      for (const c of wss.clients) c.send(frame, { binary: true });
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const c of wss.clients) c.terminate();
        wss.close(() => resolve());
      }),
  };
}

async function fanout(kind: 'uws' | 'ws', clients: number, messages: number): Promise<CaseResult> {
  const server = kind === 'uws' ? await uwsServer() : await wsServer();
  const counters = new Float64Array(new SharedArrayBuffer(16));
  const worker = new Worker(new URL(import.meta.url), {
    workerData: { role: 'fanout-clients', port: server.port, clients, counters: counters.buffer } satisfies ClientJob,
  });
  const deadline = Date.now() + CASE_TIMEOUT_MS;
  const tick = () => new Promise((r) => setImmediate(r));
  try {
    while ((counters[1] !== clients || server.clients() !== clients) && Date.now() < deadline) await tick();
    if (counters[1] !== clients) throw new Error(`${kind}: only ${counters[1]} of ${clients} clients connected`);
    const frame = Buffer.alloc(PAYLOAD_BYTES, 0x61);
    const expected = clients * messages * FRAME_BYTES;
    const start = performance.now();
    let published = 0;
    while ((counters[0] ?? 0) < expected && Date.now() < deadline) {
      const inFlight = published * clients * FRAME_BYTES - (counters[0] ?? 0);
      if (published < messages && inFlight < WINDOW_PER_CLIENT * clients) {
        for (let i = 0; i < 16 && published < messages; i++, published++) server.publish(frame);
      } else {
        await tick();
      }
    }
    const elapsedMs = performance.now() - start;
    const delivered = (counters[0] ?? 0) / FRAME_BYTES;
    if (delivered < clients * messages)
      throw new Error(
        `${kind}: delivered ${delivered} of ${clients * messages} before the ${CASE_TIMEOUT_MS} ms bound`,
      );
    const perSec = (delivered * 1000) / elapsedMs;
    return {
      p50Us: Number.NaN,
      p99Us: Number.NaN,
      opsPerSec: perSec,
      samples: delivered,
      extra: { clients, messages, elapsedMs: Math.round(elapsedMs), payloadBytes: PAYLOAD_BYTES },
    };
  } finally {
    worker.postMessage('stop');
    await worker.terminate();
    await server.close();
  }
}

const results: Partial<Record<'uws' | 'ws', number>> = {};

function fanoutCase(kind: 'uws' | 'ws', name: string): BenchCase {
  return {
    name,
    async run(opts) {
      // ws is ~20x slower: fewer messages keep its case near 5 s; the rate is per delivered message either way.
      const messages = opts.quick ? 50 : kind === 'uws' ? 1000 : 200;
      const r = await fanout(kind, 1000, messages);
      results[kind] = r.opsPerSec;
      const other = results[kind === 'uws' ? 'ws' : 'uws'];
      if (kind === 'ws' && results.uws && r.extra) r.extra.uwsOverWs = Number((results.uws / r.opsPerSec).toFixed(2));
      if (kind === 'uws' && other && r.extra) r.extra.uwsOverWs = Number((r.opsPerSec / other).toFixed(2));
      return r;
    },
  };
}

export const suite: BenchSuite = {
  name: 'fanout',
  cases: [
    fanoutCase('uws', 'fanout 1000 clients: uWS pub/sub (msgs delivered/s)'),
    fanoutCase('ws', 'fanout 1000 clients: ws broadcast (msgs delivered/s)'),
  ],
};
