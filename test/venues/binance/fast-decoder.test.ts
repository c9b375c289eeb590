/**
 * `FastFrameDecoder` against the JSON path (JSON.parse + `decodeEvent`): on every WS frame of every recording
 * in shared/data, and on generated frames (valid, odd and corrupted), it either returns undefined or an event
 * equal field for field (Object.is: bit for bit, -0 included) with the same property order. It must never
 * accept a frame the JSON path rejects, and must take the fast path on the venue's common shapes.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { decodeEvent, FastFrameDecoder, type StreamEvent } from '../../../src/venues/binance/codec/index.js';
import { readTape } from '../../../src/venues/tape/index.js';
import { RECORDED_DATA } from '../tape/recorded-data.js';

/** What the JSON path makes of a frame: the event, null (not a market event) or the error it throws. */
function jsonPath(text: string): { event: StreamEvent | null; stream: unknown } | Error {
  try {
    const v = JSON.parse(text) as { stream?: unknown; data?: unknown };
    if (typeof v === 'object' && v !== null && typeof v.stream === 'string' && 'data' in v) {
      return { event: decodeEvent(v.data, v.stream), stream: v.stream };
    }
    return { event: decodeEvent(v), stream: undefined };
  } catch (err) {
    return err as Error;
  }
}

/** Asserts agreement; returns whether the fast path took the frame. */
function agree(decoder: FastFrameDecoder, text: string, start = 0, end = text.length): boolean {
  const fast = decoder.decode(text, start, end);
  if (fast === undefined) return false;
  const expected = jsonPath(text.slice(start, end));
  assert.ok(!(expected instanceof Error), `fast path accepted a frame the JSON path rejects: ${text.slice(0, 200)}`);
  assert.ok(expected.event !== null, `fast path accepted a frame that is no market event: ${text.slice(0, 200)}`);
  assert.deepStrictEqual(fast, expected.event);
  assert.deepStrictEqual(Object.keys(fast), Object.keys(expected.event));
  assert.equal(decoder.stream, expected.stream);
  return true;
}

function recordings(): string[] {
  const out: string[] = [];
  for (const dir of ['hftbacktest/usdm', 'cryptofeed']) {
    const path = join(RECORDED_DATA, dir);
    if (existsSync(path)) for (const f of readdirSync(path).sort()) out.push(join(path, f));
  }
  return out;
}

test('fast decoder agrees with JSON.parse + codec on every recorded WS frame', async (t) => {
  const files = recordings();
  if (files.length === 0) {
    t.skip(`recorded data absent: ${RECORDED_DATA}`);
    return;
  }
  const decoder = new FastFrameDecoder();
  let frames = 0;
  let fast = 0;
  let futuresEvents = 0;
  for (const file of files) {
    for await (const frame of readTape(file)) {
      if (frame.kind !== 'ws') continue;
      frames++;
      // Also inside a longer string, as replay hands it lines of one batch.
      const padded = `x\n${frame.raw}\ny`;
      const took = agree(decoder, frame.raw);
      assert.equal(agree(decoder, padded, 2, 2 + frame.raw.length), took);
      if (took) fast++;
      const expected = jsonPath(frame.raw);
      if (!(expected instanceof Error) && expected.event !== null && expected.event.kind !== 'kline') futuresEvents++;
    }
  }
  t.diagnostic(`${frames} WS frames, ${fast} on the fast path, ${futuresEvents} USD-M events besides klines`);
  // Every USD-M event of a kind it knows must take the fast path (klines and spot shapes fall back by design).
  assert.equal(fast, futuresEvents);
});

/** Mostly valid values, sometimes an odd one: `weight` keeps most generated frames on the happy path. */
function mostly(valid: fc.Arbitrary<string>, odd: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc.oneof({ arbitrary: valid, weight: 30 }, { arbitrary: odd, weight: 1 });
}
const symbol = mostly(
  fc.constantFrom('BTCUSDT', 'ETHUSDT', '1000PEPEUSDT', 'A', 'ÉTH'),
  fc.constantFrom('BTC\\u0055SDT', ''),
);
const uint = mostly(
  fc.oneof(fc.integer({ min: 0, max: 2 ** 31 }).map(String), fc.constantFrom('0', '1723161256299', '999999999999999')),
  fc.constantFrom('1000000000000000', '9007199254740993', '01', '-0', '-5', '1.0', '1e3', '"123"', 'null', 'true'),
);
const decimal = mostly(
  fc.oneof(
    fc
      .tuple(fc.stringMatching(/^[0-9]{1,9}$/), fc.option(fc.stringMatching(/^[0-9]{0,9}$/)))
      .map(([i, f]) => JSON.stringify(f === null ? i : `${i}.${f}`)),
    fc.constantFrom('"0"', '"0.000"', '"61800.30"', '".5"', '"5."'),
  ),
  fc.constantFrom(
    '"1e5"',
    '"-1.5"',
    '""',
    '" 1"',
    '"."',
    '"1234567890123456"',
    '"0.0000000000000001"',
    '"1\\u0030"',
    '61800.3',
    'null',
    '"NaN"',
  ),
);
const bool = mostly(fc.constantFrom('true', 'false'), fc.constantFrom('1', '"true"', 'null'));
const level = fc.tuple(decimal, decimal).map(([p, q]) => `[${p},${q}]`);
const levelList = mostly(
  fc.array(level, { maxLength: 6 }).map((l) => `[${l.join(',')}]`),
  fc.constantFrom('[]', '[["1","2","3"]]', '[["1"]]', '{}', '[[]]', '[ ["1" , "2"] ]'),
);
const extra = fc.constantFrom('"st":"x"', '"ap":"1.5"', '"zz":null', '"zz":-1.5e-3', '"nested":{"a":1}', '"e":"trade"');
const ws = fc.constantFrom('', '', '', ' ', '\n', '\t ');

/** A payload of `kind` with its fields in random order, maybe an unknown field, a repeated one, or odd spacing. */
function payload(kind: string, fields: Record<string, fc.Arbitrary<string>>): fc.Arbitrary<string> {
  const entries = Object.entries(fields).map(([k, arb]) => arb.map((v) => `"${k}":${v}`));
  return fc
    .tuple(
      fc.tuple(...entries),
      fc.option(extra, { freq: 8 }),
      fc.boolean(),
      fc.array(fc.nat(), { minLength: 1, maxLength: 12 }),
      ws,
      fc.nat(),
    )
    .map(([pairs, more, dropOne, order, space, drop]) => {
      const list = [...pairs];
      // Shuffle deterministically from the generated order, sometimes drop a field.
      for (let i = list.length - 1; i > 0; i--) {
        const j = (order[i % order.length] as number) % (i + 1);
        [list[i], list[j]] = [list[j] as string, list[i] as string];
      }
      if (dropOne && drop % 17 === 0) list.splice(drop % list.length, 1);
      if (more !== null) list.splice(drop % (list.length + 1), 0, more);
      return `{"e":"${kind}",${list.join(`,${space}`)}}`;
    });
}

const payloads = fc.oneof(
  // The forceOrder and fixed odd shapes below take one slot each; the common kinds several.
  payload('depthUpdate', {
    E: uint,
    T: uint,
    s: symbol.map((s) => `"${s}"`),
    U: uint,
    u: uint,
    pu: uint,
    b: levelList,
    a: levelList,
  }),
  payload('bookTicker', {
    u: uint,
    s: symbol.map((s) => `"${s}"`),
    b: decimal,
    B: decimal,
    a: decimal,
    A: decimal,
    T: uint,
    E: uint,
  }),
  payload('trade', {
    E: uint,
    T: uint,
    s: symbol.map((s) => `"${s}"`),
    t: uint,
    p: decimal,
    q: decimal,
    X: fc.constantFrom('"MARKET"', '"NA"', '""', '1'),
    m: bool,
  }),
  payload('aggTrade', {
    E: uint,
    a: uint,
    s: symbol.map((s) => `"${s}"`),
    p: decimal,
    q: decimal,
    f: uint,
    l: uint,
    T: uint,
    m: bool,
  }),
  payload('aggTrade', {
    E: uint,
    a: uint,
    s: symbol.map((s) => `"${s}"`),
    p: decimal,
    q: decimal,
    nq: decimal,
    f: uint,
    l: uint,
    T: uint,
    m: bool,
  }),
  payload('markPriceUpdate', {
    E: uint,
    s: symbol.map((s) => `"${s}"`),
    p: decimal,
    i: decimal,
    P: decimal,
    r: decimal,
    T: uint,
  }),
  payload('forceOrder', {
    E: uint,
    o: payload('x', {
      s: symbol.map((s) => `"${s}"`),
      S: fc.constantFrom('"BUY"', '"SELL"', '"buy"'),
      o: fc.constantFrom('"LIMIT"'),
      f: fc.constantFrom('"IOC"'),
      q: decimal,
      p: decimal,
      ap: decimal,
      X: fc.constantFrom('"FILLED"'),
      l: decimal,
      z: decimal,
      T: uint,
    }).map((o) => o.replace('"e":"x",', '')),
  }),
  fc.constantFrom('{"e":"kline","E":1}', '{"e":"unknown","E":1}', '{"E":1,"e":"trade"}', '{}', '[]', 'null'),
);

const frames = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .tuple(fc.constantFrom('btcusdt@depth@0ms', 'ethusdt@trade', 'tapeline@control', 'a"b'), payloads, ws)
      .map(([s, p, w]) => `{"stream":${JSON.stringify(s)},${w}"data":${p}}${w}`),
  },
  fc
    .tuple(payloads, fc.constantFrom('{"data":', '{"stream":1,"data":', '{"stream":"x","data":'))
    .map(([p, head]) => `${head}${p}}`),
  payloads,
);

test('fast decoder agrees with the JSON path on generated frames, odd ones included', (t) => {
  const decoder = new FastFrameDecoder();
  let fast = 0;
  fc.assert(
    fc.property(frames, (text) => {
      if (agree(decoder, text)) fast++;
    }),
    { numRuns: 30_000 },
  );
  t.diagnostic(`${fast} of 30000 generated frames on the fast path`);
  assert.ok(fast > 1000, `only ${fast} generated frames took the fast path: the generator lost its valid shapes`);
});

test('fast decoder agrees with the JSON path on corrupted recorded-like frames', () => {
  const decoder = new FastFrameDecoder();
  const base =
    '{"stream":"btcusdt@depth@0ms","data":{"e":"depthUpdate","E":1723161256299,"T":1723161256298,"s":"BTCUSDT","U":5123107832006,"u":5123107837557,"pu":5123107831937,"b":[["58710.20","0.014"],["61496.50","0.010"]],"a":[["61800.30","3.330"]]}}';
  const alphabet = fc.constantFrom(...'{}[]",:.-+eE0159 \\ntfu'.split(''));
  fc.assert(
    fc.property(fc.nat(base.length - 1), fc.nat(3), alphabet, (at, op, ch) => {
      const text =
        op === 0
          ? base.slice(0, at) + base.slice(at + 1)
          : op === 1
            ? base.slice(0, at) + ch + base.slice(at)
            : op === 2
              ? base.slice(0, at) + ch + base.slice(at + 1)
              : base.slice(0, at);
      agree(decoder, text);
    }),
    { numRuns: 20_000 },
  );
  assert.ok(agree(decoder, base));
});
