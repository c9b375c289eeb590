/**
 * A client that stops reading is cut off by the slow-consumer sweep and counted, while a client reading alongside
 * it gets every message and stays connected: the gateway's WsHub and Fanout on a real uWS app on loopback, with
 * small limits so the test fills a stuck socket in well under a second.
 */
import assert from 'node:assert/strict';
import type { Socket } from 'node:net';
import { test } from 'node:test';
import { createPackr, Fanout } from '../../../src/actors/gateway/fanout.js';
import { DEFAULT_WS_LIMITS, WsHub } from '../../../src/actors/gateway/ws-hub.js';
import { loadUws, type us_listen_socket } from '../../../src/runtime/uws.js';
import { until } from '../../fixtures/runtime-config.js';
import { Client } from './helpers.js';

test('a slow consumer is dropped and counted; a fast one keeps every message', async () => {
  const uws = loadUws().binding;
  const app = uws.App();
  const packr = createPackr();
  const symbols = new Set(['BTCUSDT']);
  const fanout = new Fanout(app, packr, (s) => hub.addSymbol(s));
  const hub: WsHub = new WsHub(fanout, packr, symbols, {
    ...DEFAULT_WS_LIMITS,
    maxBackpressureBytes: 256 * 1024,
    slowBytes: 128 * 1024,
    sweepMs: 50,
  });
  hub.attach(app);
  const listen = await new Promise<us_listen_socket>((resolve, reject) =>
    app.listen('127.0.0.1', 0, (s) => (s ? resolve(s) : reject(new Error('listen failed')))),
  );
  const url = `ws://127.0.0.1:${uws.us_socket_local_port(listen)}/ws`;
  const fast = new Client(url);
  const slow = new Client(url);
  try {
    await Promise.all([fast.opened(), slow.opened()]);
    await until('both open on the server', () => hub.clients() === 2);
    (slow.socket as unknown as { _socket: Socket })._socket.pause();
    const byKind: Record<string, number> = {};
    for (let i = 0; i < 200; i++) byKind[`kind-${i}`] = i;
    let published = 0;
    const deadline = Date.now() + 10_000;
    while (hub.counters.dropped.slow === 0 && Date.now() < deadline) {
      for (let i = 0; i < 50; i++) {
        fanout.publish({
          type: 'symbol-stats',
          symbol: 'BTCUSDT',
          ts: published,
          seq: published,
          received: published,
          missed: 0,
          byKind,
        });
        published++;
      }
      await new Promise((r) => setImmediate(r));
    }
    assert.equal(hub.counters.dropped.slow, 1, `slow client dropped after ${published} messages`);
    assert.ok(published * 4000 > 128 * 1024, 'more than the limit was published');
    await until(
      'fast client got every message',
      () => fast.messages.filter((m) => m.type === 'symbol-stats').length === published,
    );
    assert.equal(fast.closed, undefined, 'the fast client stays connected');
    assert.equal(hub.clients(), 1);
    fast.send({ op: 'ping', id: 1 });
    await fast.next('pong', (m) => m.type === 'pong');
  } finally {
    fast.close();
    slow.close();
    hub.closeAll();
    uws.us_listen_socket_close(listen);
    (app as unknown as { close?: () => void }).close?.();
  }
});
