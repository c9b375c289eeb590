/**
 * Against the recorded BTCUSDT hftbacktest tape (skipped visibly when absent): the local book rebuilt from the
 * snapshot never crosses and stays in sync through the whole file, and its top equals the venue's bookTicker
 * whenever both describe the same update id; the engine is deterministic (same tape → same metrics sequence),
 * hash-sensitive (one changed trade → different hashes), restorable mid-stream, and every message validates.
 */
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { Value } from '@sinclair/typebox/value';
import { LocalBook } from '../../../src/actors/symbol/book/local-book.js';
import { SymbolEngine } from '../../../src/actors/symbol/symbol-engine.js';
import { DEFAULT_SYMBOL_PARAMS } from '../../../src/actors/symbol/symbol-params.js';
import { MetricsMessage } from '../../../src/schema/metrics-message.js';
import { loadInputs, recordedPath, type TimedInput } from './recorded-inputs.js';

const FILE = 'hftbacktest/usdm/btcusdt_20240808.gz';
let inputs: TimedInput[] | undefined;

before(async () => {
  const path = recordedPath({ skip() {} } as never, FILE);
  if (path) inputs = await loadInputs(path);
});

function run(
  events: readonly TimedInput[],
  engine = new SymbolEngine('BTCUSDT', DEFAULT_SYMBOL_PARAMS),
): MetricsMessage[] {
  const out: MetricsMessage[] = [];
  for (const { input, recvTs } of events) {
    const m = engine.apply(input, recvTs);
    if (m) out.push(m);
  }
  return out;
}

/** What replay compares: `SYMBOL seq stateHash`. */
function lines(ms: readonly MetricsMessage[]): string[] {
  return ms.map((m) => `${m.symbol} ${m.seq} ${m.stateHash}`);
}

test('the book syncs from the snapshot, never crosses, stays in sync, and matches bookTicker', (t) => {
  if (!recordedPath(t, FILE) || !inputs) return;
  const book = new LocalBook(DEFAULT_SYMBOL_PARAMS.bookBufferMax);
  let diffsApplied = 0;
  let compared = 0;
  for (const { input } of inputs) {
    if (input.kind === 'depthSnapshot') book.applySnapshot(input);
    else if (input.kind === 'depthUpdate') {
      book.applyDiff(input);
      if (!book.inSync) continue;
      diffsApplied++;
      assert.ok(book.bids.priceAt(0) < book.asks.priceAt(0), `crossed after u=${input.finalUpdateId}`);
    } else if (input.kind === 'bookTicker' && book.inSync && input.updateId === book.lastUpdateId) {
      compared++;
      assert.deepEqual(
        [book.bids.priceAt(0), book.bids.qtyAt(0), book.asks.priceAt(0), book.asks.qtyAt(0)],
        [input.bidPrice, input.bidQty, input.askPrice, input.askQty],
        `top of book at u=${input.updateId}`,
      );
    }
  }
  assert.equal(book.inSync, true);
  assert.equal(book.gaps, 0);
  assert.ok(diffsApplied > 6_000, `applied ${diffsApplied}`);
  t.diagnostic(`diffs applied in sync: ${diffsApplied}, bookTicker comparisons at equal update id: ${compared}`);
});

test('same tape twice → identical metrics sequence; every message validates', (t) => {
  if (!recordedPath(t, FILE) || !inputs) return;
  const a = run(inputs);
  const b = run(inputs);
  assert.ok(a.length > 300, `${a.length} snapshots`);
  assert.deepEqual(lines(a), lines(b));
  assert.deepEqual(a, b);
  for (const m of a) assert.ok(Value.Check(MetricsMessage, m), JSON.stringify([...Value.Errors(MetricsMessage, m)][0]));
  assert.equal(new Set(a.map((m) => m.stateHash)).size, a.length, 'every snapshot state differs');
  const last = a[a.length - 1] as MetricsMessage;
  assert.equal(last.book.inSync, true);
  assert.equal(last.ready, false, 'no backfillDone marker in a raw recording');
  assert.deepEqual(
    a.map((m) => m.seq),
    a.map((_, i) => i + 1),
  );
});

test('one changed trade quantity changes every later hash', (t) => {
  if (!recordedPath(t, FILE) || !inputs) return;
  const base = run(inputs);
  const at = inputs.findIndex((e, i) => i > inputs!.length / 2 && e.input.kind === 'trade');
  const changed = inputs.slice();
  const original = changed[at] as TimedInput;
  changed[at] = {
    ...original,
    input: { ...original.input, qty: (original.input as { qty: number }).qty + 0.001 } as never,
  };
  const other = run(changed);
  assert.equal(other.length, base.length);
  const firstDiff = other.findIndex((m, i) => m.stateHash !== (base[i] as MetricsMessage).stateHash);
  assert.ok(firstDiff > 0, 'earlier snapshots are unaffected, a later one differs');
  for (let i = firstDiff; i < base.length; i++)
    assert.notEqual(other[i]?.stateHash, base[i]?.stateHash, `seq ${i + 1}`);
});

test('snapshot/restore mid-stream (through structuredClone) gives the same later hashes', (t) => {
  if (!recordedPath(t, FILE) || !inputs) return;
  const whole = run(inputs);
  const cut = Math.floor(inputs.length * 0.4);
  const first = new SymbolEngine('BTCUSDT', DEFAULT_SYMBOL_PARAMS);
  const head = run(inputs.slice(0, cut), first);
  const restored = SymbolEngine.restore(structuredClone(first.snapshot()));
  const tail = run(inputs.slice(cut), restored);
  assert.deepEqual(lines([...head, ...tail]), lines(whole));
  const json = SymbolEngine.restore(JSON.parse(JSON.stringify(first.snapshot())));
  assert.deepEqual(lines(run(inputs.slice(cut), json)), lines(tail), 'JSON round trip too');
});
