/**
 * Wires the simulated venue: one uWS app serving REST, WS and `/_sim/`. (Skeleton: filled in step by step.)
 */
import { randomBytes } from 'node:crypto';
import { TapelineError } from '../../../runtime/errors.js';
import { type us_listen_socket, uws } from '../../../runtime/uws.js';
import type { SimVenueHandle, SimVenueOptions } from '../options.js';

export async function createSimServer(opts: SimVenueOptions): Promise<SimVenueHandle> {
  const u = uws();
  const host = opts.host ?? '127.0.0.1';
  const apiKey = opts.apiKey ?? randomBytes(32).toString('hex');
  const apiSecret = opts.apiSecret ?? randomBytes(32).toString('hex');
  const clock = opts.clock ?? Date.now;
  const app = u.App();
  app.get('/fapi/v1/ping', (res) => {
    res.writeHeader('Content-Type', 'application/json').end('{}');
  });
  app.get('/fapi/v1/time', (res) => {
    res.writeHeader('Content-Type', 'application/json').end(`{"serverTime":${clock()}}`);
  });
  const listen = await new Promise<us_listen_socket>((resolve, reject) => {
    app.listen(host, opts.port ?? 0, (sock) => {
      if (sock) resolve(sock);
      else reject(new TapelineError('TL_SIM_LISTEN_FAILED', `the simulated venue could not listen on ${host}:${opts.port ?? 0}`));
    });
  });
  const port = u.us_socket_local_port(listen);
  return {
    rest: `http://${host}:${port}`,
    ws: `ws://${host}:${port}`,
    port,
    apiKey,
    apiSecret,
    async close() {
      u.us_listen_socket_close(listen);
      (app as unknown as { close?: () => void }).close?.();
    },
  };
}
