/**
 * The symbol actor's publish path through a real channel codec (issue 19, full-market load): each metrics
 * snapshot travels as the very JSON text of its metrics.jsonl line (one serialization), decodes to what
 * JSON.parse of that line gives, and the claim ends with the send (the `trades` tape still goes as msgpackr).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { createActor } from '../../../src/actors/symbol/symbol-actor.js';
import type { ActorContext } from '../../../src/runtime/actor.js';
import { FrameCodec } from '../../../src/runtime/channel/frame-codec.js';
import { JSON_TEXT } from '../../../src/runtime/channel/json-text-frame.js';
import { LAYOUT_TAG } from '../../../src/runtime/channel/market-frame-layout.js';
import { flushJsonlLogs } from '../../../src/runtime/log/jsonl-log.js';
import type { SymbolInput } from '../../../src/schema/symbol-input.js';
import { aggTrade, backfillDone, SYMBOL, snapshot } from './events.js';

test('a metrics snapshot is sent as the JSON text of its log line; the tape and later messages as msgpackr', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tl-symbol-publish-'));
  const codec = new FrameCodec();
  const frames: Array<{ type: string; bytes: Uint8Array; m: object }> = [];
  const ctx = {
    name: `symbol/${SYMBOL}`,
    kind: 'symbol',
    config: { dataDir: dir, runtime: { snapshotIntervalMs: 1_000 } },
    symbol: SYMBOL,
    restarts: 0,
    send: (_topic: string, m: unknown) =>
      frames.push({ type: String((m as { type?: string }).type), bytes: codec.encode(m).slice(), m: m as object }),
    notifySupervisor: () => {},
  } as unknown as ActorContext;
  try {
    const actor = createActor();
    actor.start(ctx, undefined);
    const inputs: SymbolInput[] = [
      snapshot(100, [[10, 1]], [[11, 1]], 900),
      backfillDone(),
      aggTrade(1_100, 10.5, 1, 'buy', 1),
      aggTrade(2_100, 10.6, 2, 'sell', 2),
      aggTrade(3_100, 10.4, 1, 'buy', 3),
    ];
    let seq = 0;
    for (const event of inputs)
      actor.handle({ type: 'market', symbol: SYMBOL, recvTs: 5, seq: ++seq, event }, 'market');
    flushJsonlLogs();
    const lines = readFileSync(join(dir, 'logs', 'metrics.jsonl'), 'utf8')
      .trim()
      .split('\n');
    const metrics = frames.filter((f) => f.type === 'metrics');
    assert.equal(metrics.length, lines.length);
    assert.ok(metrics.length >= 2);
    for (const [i, f] of metrics.entries()) {
      assert.deepEqual([f.bytes[0], f.bytes[1]], [LAYOUT_TAG, JSON_TEXT]);
      assert.equal(new TextDecoder().decode(f.bytes.subarray(2)), lines[i], 'the frame is the log line');
      assert.deepStrictEqual(new FrameCodec().decode(f.bytes), JSON.parse(lines[i]!));
    }
    const tapes = frames.filter((f) => f.type === 'trades');
    assert.ok(tapes.length > 0);
    for (const f of tapes) assert.notEqual(f.bytes[0], LAYOUT_TAG, 'the tape is msgpackr');
    // The claim ended with the send: the very snapshot object sent again later is encoded by msgpackr.
    const last = metrics[metrics.length - 1]!.m;
    assert.notEqual(codec.encode(last)[0], LAYOUT_TAG);
    assert.deepStrictEqual(new FrameCodec().decode(codec.encode(last).slice()), JSON.parse(lines.at(-1)!));
    actor.stop();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
