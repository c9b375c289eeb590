/**
 * Runs the published book-sync conformance vectors (test/conformance/book-sync-vectors.json) through the
 * ingest pipeline: every vector's deliveries, snapshot requests and counters must match exactly.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { type ControlOp, encodeControlFrame } from '../../src/actors/ingest/control-frames.js';
import { depth, depthUrl, harness, snapshot } from '../actors/ingest/frames.js';

type Step =
  | ['diff', string, number, number, number]
  | ['snap', string, number]
  | ['control', ControlOp, string, string?];
interface Vector {
  name: string;
  symbols: string[];
  steps: Step[];
  expect: {
    delivered: Record<string, string[]>;
    snapshotRequests: string[];
    gaps?: Record<string, number>;
    resyncs?: Record<string, number>;
    staleDiffs?: Record<string, number>;
  };
}

// The JSON is read from the source tree (tsc does not copy it): dist/test/conformance → test/conformance.
const file = fileURLToPath(new URL('../../../test/conformance/book-sync-vectors.json', import.meta.url));
const { vectors } = JSON.parse(readFileSync(file, 'utf8')) as { vectors: Vector[] };

test('the vector file has the cases the issue asks for, gaps included', () => {
  assert.ok(vectors.length >= 8);
  assert.ok(vectors.some((v) => Object.values(v.expect.gaps ?? {}).some((g) => g > 0)));
});

for (const v of vectors) {
  test(`book-sync vector: ${v.name}`, () => {
    const h = harness({ symbols: v.symbols, backfill: false });
    let t = 0;
    for (const step of v.steps) {
      t++;
      if (step[0] === 'diff') h.pipeline.onWsFrame(depth(step[1], step[2], step[3], step[4]), t);
      else if (step[0] === 'snap') h.pipeline.onRestReply(depthUrl(step[1]), snapshot(step[2]), t);
      else h.pipeline.onWsFrame(encodeControlFrame(step[1], [step[2]], step[3]), t);
    }
    for (const [symbol, expected] of Object.entries(v.expect.delivered))
      assert.deepEqual(h.trace(symbol), expected, `${symbol} deliveries`);
    assert.deepEqual(
      h.requests.filter((r) => r.kind === 'depthSnapshot').map((r) => r.symbol),
      v.expect.snapshotRequests,
    );
    for (const [field, bySymbol] of [
      ['gaps', v.expect.gaps],
      ['resyncs', v.expect.resyncs],
      ['staleDiffs', v.expect.staleDiffs],
    ] as const) {
      for (const [symbol, n] of Object.entries(bySymbol ?? {})) {
        assert.equal(
          (h.pipeline.health(symbol)!.book as unknown as Record<string, number>)[field],
          n,
          `${symbol} ${field}`,
        );
      }
    }
  });
}
