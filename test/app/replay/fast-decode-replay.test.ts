/**
 * The fast read path (fast decoder, batches, gunzip worker) changes no replay output: on every recording,
 * alone and merged as the sessions were recorded, the `seq stateHash` lines and the pipeline's issues equal
 * those of the JSON path (`fastDecode: false`: every frame through JSON.parse on one thread, as before).
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { replayTapes, snapshotLine } from '../../../src/app/replay/replay-tapes.js';
import { RECORDED_DATA } from '../../venues/tape/recorded-data.js';

const SESSIONS = [
  ['hftbacktest/usdm/btcusdt_20240808.gz'],
  ['hftbacktest/usdm/btcusdt_20240808.gz', 'hftbacktest/usdm/ethusdt_20240808.gz'],
  ['hftbacktest/usdm/btcusdt_20240718.gz', 'hftbacktest/usdm/btcusdt_20240719.gz'],
  ['hftbacktest/usdm/btcusdt_20230404.dat.gz', 'hftbacktest/usdm/btcusdt_20230405.dat.gz'],
  ['cryptofeed/BINANCE_FUTURES-1125a2.0'],
  ['cryptofeed/BINANCE_FUTURES.ws.1.0', 'cryptofeed/BINANCE_FUTURES.http.0.0'],
  ['cryptofeed/BINANCE_FUTURES.ws.5.0', 'cryptofeed/BINANCE_FUTURES.http.4.0'],
];

async function replay(tapes: string[], fastDecode: boolean): Promise<{ lines: string[]; issues: string[] }> {
  const lines: string[] = [];
  const issues: string[] = [];
  await replayTapes({
    tapes,
    fastDecode,
    onSnapshot: (m) => lines.push(snapshotLine(m)),
    onIssue: (e) => issues.push(`${e.code} ${e.message}`),
  });
  return { lines, issues };
}

for (const session of SESSIONS) {
  test(`replay of ${session.join(' + ')}: fast path output equals the JSON path's`, async (t) => {
    const tapes = session.map((s) => join(RECORDED_DATA, s));
    const absent = tapes.find((p) => !existsSync(p));
    if (absent !== undefined) return t.skip(`recorded data absent: ${absent}`);
    const fast = await replay(tapes, true);
    const json = await replay(tapes, false);
    assert.ok(fast.lines.length > 100, `${fast.lines.length} snapshots`);
    assert.deepEqual(fast.lines, json.lines);
    assert.deepEqual(fast.issues, json.issues);
  });
}
