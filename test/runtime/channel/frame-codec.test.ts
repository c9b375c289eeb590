/**
 * FrameCodec: aggTrade and depthUpdate envelopes take the fixed binary layout and come back identical (values
 * bit for bit, keys in the codec's order); anything the layout cannot carry falls back to msgpackr and loses
 * nothing. Property-based over generated envelopes.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { FrameCodec } from '../../../src/runtime/channel/frame-codec.js';
import { JSON_TEXT, preEncodedJson } from '../../../src/runtime/channel/json-text-frame.js';
import { LAYOUT_TAG } from '../../../src/runtime/channel/market-frame-layout.js';
import { decodeStreamText } from '../../../src/venues/binance/codec/index.js';

/** Envelopes are plain objects in production; fast-check's default null prototype would differ in deepStrictEqual. */
const PLAIN = { noNullPrototype: true } as const;
const symbolArb = fc.stringMatching(/^[A-Z0-9]{2,20}$/);
const num = fc.double();
const int = fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER });
const level = fc.tuple(fc.double({ noNaN: true }), fc.double({ noNaN: true }));

const aggTradeEnv = symbolArb.chain((symbol) =>
  fc.record(
    {
      type: fc.constant('market'),
      symbol: fc.constant(symbol),
      recvTs: num,
      seq: int,
      event: fc.record(
        {
          kind: fc.constant('aggTrade'),
          symbol: fc.constant(symbol),
          eventTime: int,
          tradeTime: int,
          aggTradeId: int,
          firstTradeId: int,
          lastTradeId: int,
          price: num,
          qty: num,
          side: fc.constantFrom('buy', 'sell'),
        },
        PLAIN,
      ),
    },
    PLAIN,
  ),
);

const depthEnv = symbolArb.chain((symbol) =>
  fc.record(
    {
      type: fc.constant('market'),
      symbol: fc.constant(symbol),
      recvTs: num,
      seq: int,
      event: fc.record(
        {
          kind: fc.constant('depthUpdate'),
          symbol: fc.constant(symbol),
          eventTime: int,
          transactionTime: int,
          firstUpdateId: int,
          finalUpdateId: int,
          prevFinalUpdateId: int,
          bids: fc.array(level, { maxLength: 600 }),
          asks: fc.array(level, { maxLength: 600 }),
        },
        PLAIN,
      ),
    },
    PLAIN,
  ),
);

function roundTrip(codec: FrameCodec, message: unknown): { back: unknown; tag: number } {
  const bytes = codec.encode(message).slice();
  return { back: codec.decode(bytes), tag: bytes[0]! };
}

test('aggTrade and depthUpdate envelopes use the fixed layout and round-trip exactly, keys in order', () => {
  const codec = new FrameCodec();
  fc.assert(
    fc.property(fc.oneof(aggTradeEnv, depthEnv), (env) => {
      const { back, tag } = roundTrip(codec, env);
      assert.equal(tag, LAYOUT_TAG);
      assert.deepStrictEqual(back, env);
      assert.deepStrictEqual(Object.keys(back as object), Object.keys(env));
      const b = (back as { event: object }).event;
      assert.deepStrictEqual(Object.keys(b), Object.keys(env.event));
    }),
    { numRuns: 500 },
  );
});

test('frames of different symbols through one codec keep their own symbol', () => {
  const codec = new FrameCodec();
  const sample = fc.sample(aggTradeEnv, 50);
  for (const env of sample) assert.deepStrictEqual(roundTrip(codec, env).back, env);
});

test('what the layout cannot carry falls back to msgpackr with every field intact', () => {
  const codec = new FrameCodec();
  const [base] = fc.sample(aggTradeEnv, { numRuns: 1, seed: 7 });
  const [depth] = fc.sample(depthEnv, { numRuns: 1, seed: 7 });
  const variants: unknown[] = [
    { ...base, stamps: [1, 2] }, // extra envelope field
    { ...base, event: { ...base!.event, extra: true } }, // extra event field
    { ...base, event: { ...base!.event, side: 'both' } },
    { ...base, event: { ...base!.event, price: '61800.1' } },
    { ...base, symbol: 'BTCÜSDT', event: { ...base!.event, symbol: 'BTCÜSDT' } }, // not ASCII
    { ...base, event: { ...base!.event, symbol: 'OTHER' } }, // envelope and event disagree
    { ...base, seq: '7' },
    { ...depth, event: { ...depth!.event, bids: [[1, 2, 3]] } },
    { ...depth, event: { ...depth!.event, asks: [['1', 2]] } },
    { ...base, event: { kind: 'markPriceUpdate', symbol: base!.symbol, eventTime: 1, markPrice: 2 } },
    { type: 'intent', symbol: 'BTCUSDT', ts: 1, decisionId: 'd', side: 'BUY', price: 1, quantity: 2, reason: 'r' },
    null,
    42,
    'text',
  ];
  for (const v of variants) {
    const { back, tag } = roundTrip(codec, v);
    assert.notEqual(tag, LAYOUT_TAG, `should not use the layout: ${JSON.stringify(v)}`);
    assert.deepStrictEqual(back, v);
  }
});

test('the venue codec’s aggTrade and depthUpdate events, routed as ingest routes them, take the fixed layout', () => {
  // Guards the fast path: a field added to the codec's event objects would silently send every frame through
  // msgpackr (correct, but 10x slower; bench/frame-codec.bench.ts).
  const codec = new FrameCodec();
  const frames = [
    '{"stream":"btcusdt@aggTrade","data":{"e":"aggTrade","E":1723161256000,"s":"BTCUSDT","a":5,"p":"61800.10","q":"0.012","f":9,"l":11,"T":1723161255999,"m":true}}',
    // With `nq` (the venue sends it since 2025-12, and so does the sim): its own layout, one field more.
    '{"stream":"btcusdt@aggTrade","data":{"e":"aggTrade","E":1723161256000,"s":"BTCUSDT","a":6,"p":"61800.10","q":"0.012","nq":"0.010","f":12,"l":12,"T":1723161255999,"m":false,"st":1}}',
    '{"stream":"btcusdt@depth@0ms","data":{"e":"depthUpdate","E":1723161256000,"T":1723161255999,"s":"BTCUSDT","U":100,"u":104,"pu":99,"b":[["61800.00","1.5"],["61799.90","0"]],"a":[["61800.10","0.25"]]}}',
  ];
  for (const text of frames) {
    const event = decodeStreamText(text);
    assert.ok(event && 'symbol' in event);
    const envelope = { type: 'market', symbol: event.symbol, recvTs: 1_723_161_256_003.5, seq: 1, event };
    const { back, tag } = roundTrip(codec, envelope);
    assert.equal(tag, LAYOUT_TAG, `${event.kind} should use the fixed layout`);
    assert.deepStrictEqual(back, envelope);
  }
});

test('a message claimed as pre-encoded JSON travels as that text and decodes to what JSON.parse gives', () => {
  const codec = new FrameCodec();
  const message = { type: 'metrics', symbol: 'BTCUSDT', seq: 3, price: { last: 0.1 + 0.2 }, name: 'é→€', n: null };
  const text = JSON.stringify(message);
  preEncodedJson(message, text);
  const bytes = codec.encode(message).slice();
  assert.deepEqual([bytes[0], bytes[1]], [LAYOUT_TAG, JSON_TEXT]);
  assert.equal(new TextDecoder().decode(bytes.subarray(2)), text);
  assert.deepStrictEqual(new FrameCodec().decode(bytes), JSON.parse(text));
  // The claim is for that very object: an equal but different one goes through msgpackr.
  const other = { ...message };
  assert.notEqual(codec.encode(other)[0], LAYOUT_TAG);
  assert.deepStrictEqual(new FrameCodec().decode(codec.encode(other).slice()), other);
});
