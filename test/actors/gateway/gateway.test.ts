/**
 * The gateway thread inside a real supervisor: /api/schema, /api/status (answered by the supervisor over
 * comlink), /healthz not ready before telemetry, /ws hello that validates against the served schema, and
 * symbol telemetry fanned out to a plain `ws` client.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Ajv2020 } from 'ajv/dist/2020.js';
import WebSocket from 'ws';
import { startSupervisor } from '../../../src/runtime/supervisor.js';
import { FIXTURES, NO_VENUE, testConfig } from '../../fixtures/runtime-config.js';

test('gateway serves schema, status, health and WS fan-out', async () => {
  process.env.TAPELINE_QUIET = '1';
  process.env.TAPELINE_TEST_EVENTS = '2000';
  const sup = await startSupervisor(testConfig(), { venue: NO_VENUE, admin: false, modules: { ingest: FIXTURES.scriptedIngest } });
  const base = sup.urls.dashboard.replace(/\/$/, '');
  const ws = new WebSocket(sup.urls.ws);
  const messages: Array<{ type: string }> = [];
  ws.on('message', (data) => messages.push(JSON.parse(String(data)) as { type: string }));
  try {
    assert.match(base, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.notEqual(base, 'http://127.0.0.1:0');
    const schema = (await (await fetch(`${base}/api/schema`)).json()) as object;
    const ajv = new Ajv2020({ strict: false });
    ajv.addSchema(schema, 'doc');
    const validServer = ajv.compile({ $ref: 'doc#/$defs/serverMessage' });

    const status = (await (await fetch(`${base}/api/status`)).json()) as { killSwitch: { engaged: boolean }; actors: Array<{ name: string }> };
    assert.equal(status.killSwitch.engaged, true);
    assert.ok(status.actors.some((a: { name: string }) => a.name === 'gateway'));
    const health = await fetch(`${base}/healthz`);
    assert.equal(health.status, 503, 'not ready until symbol actors have a synced book');
    await health.text();

    const deadline = Date.now() + 10_000;
    while (!messages.some((x) => x.type === 'symbol-stats') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
    assert.equal(messages[0]?.type, 'hello');
    assert.ok(messages.some((x) => x.type === 'symbol-stats'), `telemetry fanned out (${messages.length} messages)`);
    for (const m of messages) assert.ok(validServer(m), `${JSON.stringify(m)}: ${JSON.stringify(validServer.errors)}`);
    assert.equal((await fetch(`${base}/nope`)).status, 404);
  } finally {
    ws.close();
    await sup.shutdown('test over');
  }
});
