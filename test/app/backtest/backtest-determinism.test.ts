/**
 * Determinism of `tapeline backtest`: two runs write byte-identical output directories, one worker and two
 * workers write the same bytes, and the snapshot stateHash sequence the backtest's engines produced equals
 * `tapeline replay` of the same tapes (the backtest adds trading around the same telemetry code, not a fork).
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { backtestRecords, runAndWrite } from '../../../src/app/backtest/backtest-main.js';
import { OUTPUT_FILES } from '../../../src/app/backtest/write-output.js';
import { compareSnapshots, replayTapes, snapshotLine } from '../../../src/app/replay/replay-tapes.js';
import type { MetricsMessage } from '../../../src/schema/metrics-message.js';
import { recordedFile } from '../../venues/tape/recorded-data.js';
import { configFile, tradingSettings } from './backtest-fixtures.js';

const { dir } = configFile();
after(() => rmSync(dir, { recursive: true, force: true }));

function filesOf(out: string): Record<string, string> {
  return Object.fromEntries(
    readdirSync(out)
      .sort()
      .map((f) => [f, readFileSync(join(out, f), 'utf8')]),
  );
}

test('two runs, and 1 worker vs 2 workers, write byte-identical output', async (t) => {
  const btc = recordedFile(t, 'hftbacktest/usdm/btcusdt_20240808.gz');
  const eth = recordedFile(t, 'hftbacktest/usdm/ethusdt_20240808.gz');
  if (!btc || !eth) return;
  // Per-symbol risk: what lets symbols spread over workers (account-wide risk runs in one thread).
  const settings = tradingSettings([btc, eth], { riskScope: 'symbol' });
  const a = await runAndWrite(settings, {}, 1, join(dir, 'a'));
  const b = await runAndWrite(settings, {}, 1, join(dir, 'b'));
  const c = await runAndWrite(settings, {}, 2, join(dir, 'c'));
  const first = filesOf(join(dir, 'a'));
  assert.deepEqual(Object.keys(first), [...OUTPUT_FILES]);
  assert.ok(
    a.records.signals.length > 0 && a.records.orders.length > 0,
    'the run traded, so the comparison covers orders and fills',
  );
  assert.deepEqual(a.records.symbols, ['BTCUSDT', 'ETHUSDT']);
  for (const [name, text] of Object.entries(filesOf(join(dir, 'b')))) assert.equal(text, first[name], `run 2: ${name}`);
  for (const [name, text] of Object.entries(filesOf(join(dir, 'c'))))
    assert.equal(text, first[name], `2 workers: ${name}`);
  assert.equal(b.line.replace(/→ .*$/, ''), a.line.replace(/→ .*$/, ''));
  assert.equal(c.records.hashes.length, a.records.hashes.length);
  t.diagnostic(a.line);
});

test('the stateHash sequence of a backtest equals tapeline replay of the same tape', async (t) => {
  const btc = recordedFile(t, 'hftbacktest/usdm/btcusdt_20240808.gz');
  if (!btc) return;
  const settings = tradingSettings([btc]);
  const records = await backtestRecords(settings, {}, 1);
  const replayed: MetricsMessage[] = [];
  await replayTapes({
    tapes: [btc],
    params: settings.symbolParams,
    strategyParams: settings.strategyParams,
    onSnapshot: (m) => replayed.push(m),
  });
  replayed.sort(compareSnapshots);
  const ours = records.hashes.map(snapshotLine);
  assert.ok(ours.length > 1000, `${ours.length} snapshots`);
  assert.deepEqual(ours, replayed.map(snapshotLine));
});
