/**
 * The symbol actor with a fake context: metrics go to `telemetry` and to <dataDir>/logs/metrics.jsonl (parsable
 * lines with symbol/seq/stateHash), status() has the readiness gate's fields, snapshot → start resumes the same
 * hash sequence, and configure() rejects a bad field with TL_CONFIG_INVALID.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { createActor, type SymbolActorSnapshot } from '../../../src/actors/symbol/symbol-actor.js';
import type { ActorContext } from '../../../src/runtime/actor.js';
import type { MetricsMessage } from '../../../src/schema/metrics-message.js';
import type { SymbolInput } from '../../../src/schema/symbol-input.js';
import { aggTrade, backfillDone, diff, SYMBOL, snapshot } from './events.js';
import { flushJsonlLogs } from '../../../src/runtime/log/jsonl-log.js';

const tapes: unknown[] = [];

function context(dataDir: string, sent: unknown[], notices: unknown[] = []): ActorContext {
  return {
    name: `symbol/${SYMBOL}`,
    kind: 'symbol',
    config: { dataDir, runtime: { snapshotIntervalMs: 1_000 }, strategies: { symbol: { obiLevels: 5 } } },
    symbol: SYMBOL,
    restarts: 0,
    // The tape (`trades`) is checked apart: `sent` holds the snapshots.
    send: (topic: string, m: unknown) => ((m as { type?: string }).type === 'trades' ? tapes : sent).push([topic, m]),
    notifySupervisor: (e: unknown) => notices.push(e),
  } as unknown as ActorContext;
}

let seq = 0;
function envelope(event: SymbolInput): unknown {
  return { type: 'market', symbol: SYMBOL, recvTs: 5, seq: ++seq, event };
}

const INPUTS: SymbolInput[] = [
  snapshot(100, [[10, 1]], [[11, 1]], 900),
  backfillDone(),
  diff(99, 101, 98, [[10.2, 2]], [], 950),
  aggTrade(1_100, 10.5, 1, 'buy', 1),
  aggTrade(2_100, 10.6, 2, 'sell', 2),
  aggTrade(3_100, 10.4, 1, 'buy', 3),
  aggTrade(4_100, 10.4, 1, 'buy', 4),
];

test('publishes on telemetry and metrics.jsonl; status; snapshot/start resumes the same hashes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tl-symbol-'));
  try {
    const sent: unknown[] = [];
    const actor = createActor();
    actor.start(context(dir, sent), undefined);
    for (const e of INPUTS) actor.handle(envelope(e), 'market');
    actor.handle({ ignored: true }, 'control');
    assert.equal(sent.length, 4); // boundaries 1000, 2000, 3000, 4000 (the snapshot at 900 starts the clock)
    // Each snapshot's prints just before it: none before 1000; the print at 1 100 with the snapshot at 2000...
    assert.deepEqual(
      tapes.map((t) => (t as [string, { ts: number[] }])[1].ts),
      [[1_100], [2_100], [3_100]],
    );
    const msgs = sent.map((s) => (s as [string, MetricsMessage])[1]);
    assert.ok(sent.every((s) => (s as [string])[0] === 'telemetry'));
    assert.equal(msgs[0]?.obi.levels, 5, 'strategies.symbol params applied');
    const status = actor.status?.() as {
      ready: boolean;
      book: { inSync: boolean; lastUpdateId: number };
      received: number;
    };
    assert.equal(status.ready, true);
    assert.deepEqual([status.book.inSync, status.book.lastUpdateId, status.received], [true, 101, 7]);

    flushJsonlLogs(); // metrics.jsonl is batched (BATCH_MS): write what is buffered before reading it
    const lines = readFileSync(join(dir, 'logs', 'metrics.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    assert.deepEqual(
      lines.map((l) => `${l.symbol} ${l.seq} ${l.stateHash}`),
      msgs.map((m) => `${m.symbol} ${m.seq} ${m.stateHash}`),
    );

    // Restart from a snapshot taken after the 5th input: the same later snapshots.
    const sentA: unknown[] = [];
    const a = createActor();
    a.start(context(dir, sentA), undefined);
    for (const e of INPUTS.slice(0, 5)) a.handle(envelope(e), 'market');
    const snap = structuredClone(a.snapshot()) as SymbolActorSnapshot;
    a.stop();
    const b = createActor();
    b.start(context(dir, sentA), snap);
    for (const e of INPUTS.slice(5)) b.handle(envelope(e), 'market');
    b.stop();
    // Each stop publishes a final snapshot (the state after its last event); the boundary snapshots match.
    const boundaryOnly = sentA.map((s) => (s as [string, MetricsMessage])[1]).filter((m) => !m.final);
    assert.deepEqual(
      boundaryOnly.map((m) => m.stateHash),
      msgs.map((m) => m.stateHash),
    );
    assert.equal(sentA.length - boundaryOnly.length, 2);

    actor.stop();
    const final = sent.at(-1) as [string, MetricsMessage];
    assert.equal(sent.length, 5, 'stop publishes one final snapshot');
    assert.deepEqual(
      [final[0], final[1].final, final[1].seq, final[1].ts, final[1].boundary],
      ['telemetry', true, 5, 4_100, 4_100],
    );
    assert.equal(final[1].timeAndSales.count, 4, 'it holds the last trade (4 100), which no boundary snapshot did');
    const logged = readFileSync(join(dir, 'logs', 'metrics.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    assert.equal(logged.at(-1).final, true);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('configure validates the merged parameters: TL_CONFIG_INVALID names the field', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tl-symbol-'));
  try {
    const actor = createActor();
    actor.start(context(dir, []), undefined);
    assert.throws(
      () => actor.configure?.({ obiBandBps: -1 }),
      (e: { code?: string; message: string }) => e.code === 'TL_CONFIG_INVALID' && /obiBandBps/.test(e.message),
    );
    actor.configure?.({ obiBandBps: 25 });
    actor.stop();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a pu gap the book detects itself is reported to the supervisor once', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tl-symbol-'));
  try {
    const notices: unknown[] = [];
    const actor = createActor();
    actor.start(context(dir, [], notices), undefined);
    actor.handle(envelope(snapshot(100, [[10, 1]], [[11, 1]])), 'market');
    actor.handle(envelope(diff(99, 101, 98, [], [])), 'market');
    actor.handle(envelope(diff(105, 106, 104, [], [])), 'market');
    actor.handle(envelope(diff(107, 108, 106, [], [])), 'market');
    assert.deepEqual(notices, [{ type: 'bookGap', symbol: SYMBOL, gaps: 1 }]);
    assert.equal((actor.status!() as { ready: boolean }).ready, false);
    actor.stop();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
