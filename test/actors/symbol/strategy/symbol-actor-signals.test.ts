/**
 * The symbol actor's strategy I/O with a fake context: a signal goes out as a client `signal` on `telemetry`
 * (schema-valid), an OrderIntent on `intents` with the deterministic decisionId and this symbol's readiness, and
 * decisions.jsonl gets the signal record and every near-miss record (type, strategy, failed, values).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { Value } from '@sinclair/typebox/value';
import { createActor } from '../../../../src/actors/symbol/symbol-actor.js';
import type { ActorContext } from '../../../../src/runtime/actor.js';
import { SignalMessage } from '../../../../src/schema/client-messages.js';
import { SYMBOL } from '../events.js';
import { baseTape, sweepFade, T0 } from './scenario.js';

function context(dataDir: string, sent: Array<[string, Record<string, unknown>]>): ActorContext {
  return {
    name: `symbol/${SYMBOL}`,
    kind: 'symbol',
    config: { dataDir, runtime: { snapshotIntervalMs: 1_000 }, strategies: {} },
    symbol: SYMBOL,
    restarts: 0,
    send: (topic: string, m: Record<string, unknown>) => sent.push([topic, m]),
    notifySupervisor: () => {},
  } as unknown as ActorContext;
}

test('signal on telemetry, intent with decisionId and readiness on intents, decisions.jsonl records', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tl-strat-actor-'));
  try {
    const sent: Array<[string, Record<string, unknown>]> = [];
    const actor = createActor();
    actor.start(context(dir, sent), undefined);
    // A fired sweep, then a second one missing its OBI turn (a near miss).
    const inputs = sweepFade(sweepFade(baseTape(), undefined, T0 + 21_000, 0, 25), 'obi', T0 + 50_000, 0.3).inputs;
    let seq = 0;
    for (const event of inputs)
      actor.handle({ type: 'market', symbol: SYMBOL, recvTs: Date.now(), seq: ++seq, event }, 'market');
    actor.stop();

    const signals = sent.filter(([t, m]) => t === 'telemetry' && m.type === 'signal').map(([, m]) => m);
    assert.equal(signals.length, 1);
    assert.ok(Value.Check(SignalMessage, signals[0]));
    assert.equal(signals[0]!.decisionId, `BTCUSDT:sweepFade:${T0 + 21_000}`);

    const intents = sent.filter(([t]) => t === 'intents').map(([, m]) => m);
    assert.equal(intents.length, 1);
    const intent = intents[0] as {
      type: string;
      decisionId: string;
      side: string;
      price: number;
      quantity: number;
      readiness: Record<string, unknown>;
    };
    assert.deepEqual(
      [intent.type, intent.decisionId, intent.side],
      ['intent', `BTCUSDT:sweepFade:${T0 + 21_000}`, 'SELL'],
    );
    assert.ok(intent.price > 0 && intent.quantity > 0);
    assert.deepEqual(
      [intent.readiness.bookInSync, intent.readiness.backfillDone, intent.readiness.dataFresh],
      [true, true, true],
    );

    const lines = readFileSync(join(dir, 'logs', 'decisions.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l))
      // The Sweep-Fade records (Imbalance-Breakout, judged without OI on this tape, logs its own near misses).
      .filter((l) => l.strategy === 'sweepFade');
    assert.deepEqual(
      lines.map((l) => l.type),
      ['signal', 'near-miss'],
    );
    assert.equal(lines[0].decisionId, intent.decisionId);
    assert.deepEqual([lines[1].strategy, lines[1].failed, lines[1].symbol], ['sweepFade', ['obi'], SYMBOL]);
    assert.equal(typeof lines[1].values.obi, 'number');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('configure: strategy params live, validated as a whole (bad field → TL_CONFIG_INVALID, nothing changed)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tl-strat-actor-'));
  try {
    const actor = createActor();
    actor.start(context(dir, []), undefined);
    assert.throws(() => actor.configure?.({ obiLevels: 5, sweepFade: { burstZ: 0 } }), /strategies\.sweepFade\.burstZ/);
    actor.configure?.({ sweepFade: { burstZ: 4 }, imbalanceBreakout: { enabled: false } });
    const snap = actor.snapshot() as {
      engine: {
        params: { obiLevels: number };
        strategyParams: { sweepFade: { burstZ: number }; imbalanceBreakout: { enabled: boolean } };
      };
    };
    assert.equal(snap.engine.params.obiLevels, 10);
    assert.equal(snap.engine.strategyParams.sweepFade.burstZ, 4);
    assert.equal(snap.engine.strategyParams.imbalanceBreakout.enabled, false);
    actor.stop();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
