/**
 * Replay output pinned: on every recording (alone and merged as recorded), the `symbol seq stateHash` lines and
 * the metrics messages themselves (as JSON lines: every published field, exact) hash to what the build before
 * the window folds (commit 7405157) gave; test/fixtures/replay/replay-golden.json. A speed-up of the engine
 * must not move a bit. After an intended change of output, rewrite the file with TAPELINE_WRITE_GOLDEN=1 and
 * say why in the commit.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { settings } from '../../../bench/backtest.bench.js';
import { replayTapes, snapshotLine } from '../../../src/app/replay/replay-tapes.js';
import { RECORDED_DATA } from '../../venues/tape/recorded-data.js';

interface GoldenSession {
  tapes: string[];
  /** 'default': replay's own defaults; 'bench': the trading config of bench/backtest.bench.ts (signals fire). */
  params: 'default' | 'bench';
  snapshots: number;
  stateHashes: string;
  messages: string;
}

const FILE = new URL('../../../../test/fixtures/replay/replay-golden.json', import.meta.url).pathname;
const golden = JSON.parse(readFileSync(FILE, 'utf8')) as { $comment: string; sessions: GoldenSession[] };
const write = process.env.TAPELINE_WRITE_GOLDEN === '1';

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

for (const session of golden.sessions) {
  test(`replay of ${session.tapes.join(' + ')} (${session.params} params) gives the pinned output`, async (t) => {
    const tapes = session.tapes.map((s) => join(RECORDED_DATA, s));
    const absent = tapes.find((p) => !existsSync(p));
    if (absent !== undefined) return t.skip(`recorded data absent: ${absent}`);
    const bench = session.params === 'bench' ? settings(tapes[0] as string) : undefined;
    const lines: string[] = [];
    const messages: string[] = [];
    await replayTapes({
      tapes,
      ...(bench ? { params: bench.symbolParams, strategyParams: bench.strategyParams } : {}),
      onSnapshot: (m) => {
        lines.push(snapshotLine(m));
        messages.push(JSON.stringify(m));
      },
    });
    const got = {
      snapshots: lines.length,
      stateHashes: sha256(lines.join('\n')),
      messages: sha256(messages.join('\n')),
    };
    if (write) {
      Object.assign(session, got);
      return;
    }
    assert.deepEqual(
      got,
      { snapshots: session.snapshots, stateHashes: session.stateHashes, messages: session.messages },
      'replay output moved: see test/fixtures/replay/replay-golden.json',
    );
  });
}

// Registered only when asked: a test that always skips would show as skipped in every CI run.
if (write)
  test('pinned replay outputs written back (TAPELINE_WRITE_GOLDEN=1)', () => {
    writeFileSync(FILE, `${JSON.stringify(golden, null, 2)}\n`);
  });
