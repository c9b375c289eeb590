/**
 * Risk publishes its decision on every intent as a `signal-verdict` (to the gateway, matched to the signal by
 * decisionId), so clients never show a signal as refused or accepted before risk has actually decided.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createActor } from '../../../src/actors/risk/risk-actor.js';
import type { ActorContext } from '../../../src/runtime/actor.js';
import { silentLogger } from '../../../src/runtime/log/logger.js';
import { testConfig } from '../../fixtures/runtime-config.js';
import { intent } from './risk-fixture.js';

test('every intent decision is published as a signal-verdict with its decisionId and refusal code', () => {
  const sent: Array<{ topic: string; message: { type: string; [k: string]: unknown } }> = [];
  const ctx = {
    name: 'risk',
    kind: 'risk',
    symbol: undefined,
    config: testConfig(),
    restarts: 0,
    log: silentLogger(),
    venue: { kind: 'sim', rest: '', ws: '' },
    supervisor: undefined,
    send: (topic: string, message: unknown) => sent.push({ topic, message: message as { type: string } }),
    sendTo: () => {},
    outputs: () => [],
    notifySupervisor: () => {},
  } as unknown as ActorContext;
  const actor = createActor();
  actor.start(ctx, undefined);
  const i = intent({ decisionId: 'BTCUSDT:sweep-fade:42' });
  actor.handle(i, 'intents');
  const verdicts = sent.filter((s) => s.message.type === 'signal-verdict');
  assert.equal(verdicts.length, 1);
  assert.equal(verdicts[0]!.topic, 'risk');
  assert.equal(verdicts[0]!.message.decisionId, 'BTCUSDT:sweep-fade:42');
  assert.equal(verdicts[0]!.message.accepted, false, 'refused: the kill switch is engaged at start');
  assert.match(String(verdicts[0]!.message.refusal), /^TL_RISK_/);
  void actor.stop();
});
