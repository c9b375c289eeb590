/**
 * The ingest pipeline fed the real recordings of shared/data through `readTape`, exactly as `tapeline replay`
 * will: the hftbacktest BTCUSDT files sync from their snapshot with zero gaps and forward every diff after it;
 * the cryptofeed mixed file syncs all five symbols and keeps their aggTrade ids contiguous. Skips visibly
 * when the data is absent ($TAPELINE_RECORDED_DATA or ../shared/data).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { IngestPipeline } from '../../../src/actors/ingest/ingest-pipeline.js';
import type { IngestRequest } from '../../../src/actors/ingest/ingest-requests.js';
import type { TapelineError } from '../../../src/runtime/errors.js';
import { mergeTapes, readTape, type TapeFrame } from '../../../src/venues/tape/index.js';
import { recordedFile } from '../../venues/tape/recorded-data.js';

interface Run {
  pipeline: IngestPipeline;
  counts: Record<string, number>;
  requests: IngestRequest[];
  issues: TapelineError[];
  /** Per symbol, the finalUpdateId of every forwarded diff: proves the forwarded chain is unbroken. */
  chains: Map<string, { pu: number; u: number }[]>;
}

async function run(frames: AsyncIterable<TapeFrame>): Promise<Run> {
  const counts: Record<string, number> = {};
  const requests: IngestRequest[] = [];
  const issues: TapelineError[] = [];
  const chains = new Map<string, { pu: number; u: number }[]>();
  const pipeline = new IngestPipeline(
    {
      onInput: (i) => {
        counts[i.kind] = (counts[i.kind] ?? 0) + 1;
        if (i.kind === 'depthUpdate') {
          const chain = chains.get(i.symbol) ?? [];
          chain.push({ pu: i.prevFinalUpdateId, u: i.finalUpdateId });
          chains.set(i.symbol, chain);
        }
      },
      onRequest: (r) => requests.push(r),
      onIssue: (e) => issues.push(e),
    },
    { autoTrack: true, backfill: false },
  );
  for await (const f of frames) {
    if (f.kind === 'ws') pipeline.onWsFrame(f.raw, f.recvTsMs);
    else pipeline.onRestReply(f.url as string, f.data, f.recvTsMs);
  }
  return { pipeline, counts, requests, issues, chains };
}

function assertChained(chain: { pu: number; u: number }[]): void {
  for (let i = 1; i < chain.length; i++) {
    if (chain[i]!.pu !== chain[i - 1]!.u)
      assert.fail(`forwarded diff ${i} has pu ${chain[i]!.pu}, previous u ${chain[i - 1]!.u}`);
  }
}

test('hftbacktest BTCUSDT 2024-08-08: synced from its snapshot, zero gaps, every later frame forwarded', async (t) => {
  const path = recordedFile(t, 'hftbacktest/usdm/btcusdt_20240808.gz');
  if (!path) return;
  const r = await run(readTape(path));
  const h = r.pipeline.health('BTCUSDT')!;
  assert.deepEqual(r.issues, []);
  assert.equal(h.book.synced, true);
  assert.deepEqual([h.book.gaps, h.book.resyncs, h.book.snapshots, h.book.duplicateDiffs], [0, 0, 1, 0]);
  assert.equal(r.counts.depthSnapshot, 1);
  // Every diff is either before the snapshot (stale or buffered-then-dropped) or forwarded.
  assert.equal((r.counts.depthUpdate ?? 0) + h.book.staleDiffs, 6551);
  assert.equal(r.counts.bookTicker, 66089, 'no bookTicker dropped as a duplicate');
  assert.equal(r.counts.trade, 21313);
  assertChained(r.chains.get('BTCUSDT')!);
  // The recorder's clock ran ~1.3 s behind the venue: lag includes clock offset, so only its size is checked.
  assert.ok(Math.abs(h.feedLagMs) < 5000, `feed lag ${h.feedLagMs} ms is plausible`);
  t.diagnostic(`forwarded ${r.counts.depthUpdate} diffs, ${h.book.staleDiffs} stale before the snapshot`);
});

test('hftbacktest BTCUSDT 2024-07-18 + 07-19 merged: one stream, zero gaps across the file boundary', async (t) => {
  const a = recordedFile(t, 'hftbacktest/usdm/btcusdt_20240718.gz');
  const b = a && recordedFile(t, 'hftbacktest/usdm/btcusdt_20240719.gz');
  if (!a || !b) return;
  const r = await run(mergeTapes([a, b]));
  const h = r.pipeline.health('BTCUSDT')!;
  assert.deepEqual([h.book.synced, h.book.gaps, h.book.resyncs], [true, 0, 0]);
  assert.equal((r.counts.depthUpdate ?? 0) + h.book.staleDiffs, 3326 + 5696);
  assertChained(r.chains.get('BTCUSDT')!);
});

test('cryptofeed mixed file: five symbols synced from their snapshots, aggTrade ids contiguous', async (t) => {
  const path = recordedFile(t, 'cryptofeed/BINANCE_FUTURES-1125a2.0');
  if (!path) return;
  const r = await run(readTape(path));
  const symbols = r.pipeline.symbols().sort();
  assert.deepEqual(symbols, ['BATUSDT', 'CHRUSDT', 'CTKUSDT', 'NEOUSDT', 'SANDUSDT']);
  for (const s of symbols) {
    const h = r.pipeline.health(s)!;
    assert.deepEqual([s, h.book.synced, h.book.gaps, h.trades.gaps, h.trades.duplicates], [s, true, 0, 0, 0]);
    assertChained(r.chains.get(s)!);
  }
  assert.equal(r.counts.aggTrade, 574);
  assert.equal(r.counts.depthSnapshot, 5);
  // The recording starts its streams before its snapshots: each symbol asked for one (the shell's job live).
  assert.ok(r.requests.every((q) => q.kind === 'depthSnapshot'));
  assert.deepEqual(r.issues, []);
});
