/**
 * The end of a tape is published: replaying the BTCUSDT 2024-07-18 + 07-19 pair ends with a `final` snapshot
 * of the state after its last event. The expectations are computed here from the raw recording (gunzip, JSON):
 * session CVD summed over every trade, and the book rebuilt with a plain Map from the snapshot and diffs.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { replayTapes } from '../../../src/app/replay/replay-tapes.js';
import type { MetricsMessage } from '../../../src/schema/metrics-message.js';
import { RECORDED_DATA } from '../../venues/tape/recorded-data.js';

const FILES = ['hftbacktest/usdm/btcusdt_20240718.gz', 'hftbacktest/usdm/btcusdt_20240719.gz'].map((f) =>
  join(RECORDED_DATA, f),
);

interface Raw {
  cvd: number;
  lastE: number;
  lastU: number;
  bestBid: number;
  bestAsk: number;
}

/** Independent reading of the raw lines: `<recv ns> <json>`; the REST snapshot is a bare object. */
function readRaw(): Raw {
  let cvd = 0;
  let lastE = 0;
  let lid = -1;
  let lastU = -1;
  const bids = new Map<string, number>();
  const asks = new Map<string, number>();
  for (const file of FILES) {
    for (const line of gunzipSync(readFileSync(file)).toString('utf8').split('\n')) {
      const json = line.slice(line.indexOf(' ') + 1);
      if (!json.startsWith('{')) continue;
      const o = JSON.parse(json);
      if (o.lastUpdateId !== undefined) {
        lid = o.lastUpdateId;
        bids.clear();
        asks.clear();
        for (const [p, q] of o.bids) bids.set(p, Number(q));
        for (const [p, q] of o.asks) asks.set(p, Number(q));
        continue;
      }
      const d = o.data;
      if (d?.E > lastE) lastE = d.E;
      if (d?.e === 'trade' && d.X !== 'NA') cvd += d.m ? -Number(d.q) : Number(d.q);
      if (d?.e === 'depthUpdate' && lid >= 0 && d.u > lid) {
        for (const [p, q] of d.b) bids.set(p, Number(q));
        for (const [p, q] of d.a) asks.set(p, Number(q));
        lastU = d.u;
      }
    }
  }
  const live = (m: Map<string, number>) => [...m].filter(([, q]) => q > 0).map(([p]) => Number(p));
  return { cvd, lastE, lastU, bestBid: Math.max(...live(bids)), bestAsk: Math.min(...live(asks)) };
}

test('replay ends with a final snapshot: session CVD after the last trade, the book after the last diff', async (t) => {
  if (!FILES.every(existsSync)) return t.skip(`recorded data absent: ${FILES.join(', ')}`);
  const out: MetricsMessage[] = [];
  await replayTapes({ tapes: FILES, onSnapshot: (m) => out.push(m) });
  const raw = readRaw();
  const final = out.at(-1) as MetricsMessage;
  const lastBoundary = out.at(-2) as MetricsMessage;
  assert.equal(out.filter((m) => m.final).length, 1, 'exactly one final snapshot, the last');
  assert.equal(final.final, true);
  assert.equal(final.seq, lastBoundary.seq + 1);
  assert.deepEqual([final.ts, final.boundary], [raw.lastE, raw.lastE]);
  assert.ok(Math.abs(final.cvd.session - raw.cvd) < 1e-6, `session CVD ${final.cvd.session} vs ${raw.cvd}`);
  assert.ok(Math.abs(final.cvd.session - -233.243) < 1e-6, 'the figure the issue quotes');
  assert.ok(Math.abs(lastBoundary.cvd.session - raw.cvd) > 0.1, 'the last boundary snapshot misses the last trades');
  assert.equal(final.book.lastUpdateId, raw.lastU);
  assert.deepEqual([final.price.bid, final.price.ask], [raw.bestBid, raw.bestAsk]);
});
