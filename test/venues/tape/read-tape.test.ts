/**
 * readTape on small files written here: format detection, the malformed-line policy (throw with file and line,
 * or skip and count), a truncated last line, gzip (and truncated gzip), CRLF and blank lines, UTF-8 split
 * across chunks, and hftbacktest's snapshot URL inference.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { detectFormat, readTape, TapeMalformedError } from '../../../src/venues/tape/index.js';
import { collect, tempDir, wsFrame, writeTemp } from './tmp-files.js';

const SNAPSHOT = JSON.stringify({ lastUpdateId: 160, E: 1, T: 1, bids: [['10.0', '1']], asks: [['10.1', '2']] });

test('detectFormat tells the three formats apart from one line', () => {
  assert.equal(detectFormat('{"t":1,"k":"ws","d":"{}"}'), 'tapeline');
  assert.equal(detectFormat('1723161255030314667 {"stream":"x","data":{}}'), 'hftbacktest');
  assert.equal(detectFormat('1633998512.0633569: {"stream":"x","data":{}}'), 'cryptofeed');
  assert.equal(detectFormat('wss://fstream.binance.com/stream?streams=a <-> 1.5'), 'cryptofeed');
  assert.equal(detectFormat('https://fapi.binance.com/fapi/v1/depth -> 1.5: {}'), 'cryptofeed');
  assert.equal(detectFormat('configuration: {}'), 'cryptofeed');
  assert.equal(detectFormat('symbol,timestamp,first_update_id'), undefined);
});

test('hftbacktest: ns, µs and ms timestamps by magnitude; envelope unwrapped; raw text kept', async (t) => {
  const dir = tempDir(t);
  const a = wsFrame('BTCUSDT', 'trade');
  const path = writeTemp(dir, 'h.gz', `1723161255030314667 ${a}\n1723161255030314 ${a}\n1723161255030 ${a}\n`, true);
  const { frames, reader } = await collect(path);
  assert.deepEqual(
    frames.map((f) => f.recvTsMs),
    [1723161255030 + 314667 / 1e6, 1723161255030 + 314 / 1e3, 1723161255030],
  );
  assert.equal(reader.stats.gzip, true);
  assert.equal(frames[0]?.stream, 'btcusdt@trade');
  assert.equal((frames[0]?.data as { e?: string } | undefined)?.e, 'trade');
  assert.equal(frames[0]?.raw, a);
  assert.equal(frames[0]?.source, path);
});

test('hftbacktest: a malformed line throws TL_TAPE_MALFORMED with file and line; skip counts it', async (t) => {
  const dir = tempDir(t);
  const good = `1723161255030314667 ${wsFrame('BTCUSDT', 'trade')}`;
  const path = writeTemp(
    dir,
    'bad.gz',
    `${good}\n1723161255030314668 {"stream":"btcusdt@trade","data":{\n${good}\n`,
    true,
  );
  await assert.rejects(collect(path), (err: unknown) => {
    assert.ok(err instanceof TapeMalformedError);
    assert.equal(err.code, 'TL_TAPE_MALFORMED');
    assert.equal(err.file, path);
    assert.equal(err.line, 2);
    assert.match(err.message, /bad\.gz:2: payload is not valid JSON/);
    return true;
  });
  const skippedLines: number[] = [];
  const { frames, reader } = await collect(path, { onMalformed: 'skip', onSkip: (e) => skippedLines.push(e.line) });
  assert.equal(frames.length, 2);
  assert.equal(reader.stats.skipped, 1);
  assert.deepEqual(skippedLines, [2]);
});

test('hftbacktest: bad timestamps and unknown JSON are malformed', async (t) => {
  const dir = tempDir(t);
  const frame = wsFrame('BTCUSDT', 'trade');
  for (const [name, line, reason] of [
    ['ts.txt', `17231612a5030314667 ${frame}`, /bad timestamp/],
    ['short.txt', `1723 ${frame}`, /bad timestamp/],
    ['bare.txt', '1723161255030314667 {"foo":1}', /neither a combined-stream frame/],
  ] as const) {
    const path = writeTemp(dir, name, `1723161255030314667 ${frame}\n${line}\n`);
    await assert.rejects(collect(path), (err: TapeMalformedError) => err.line === 2 && reason.test(err.message));
  }
});

test('hftbacktest: bare snapshot URL inferred from the stream names, file order kept when it comes first', async (t) => {
  const dir = tempDir(t);
  const first = writeTemp(
    dir,
    'first.txt',
    `1000000000001000 ${SNAPSHOT}\n1000000000002000 ${wsFrame('ETHUSDT', 'bookTicker')}\n1000000000003000 ${wsFrame('ETHUSDT', 'depthUpdate')}\n`,
  );
  const { frames } = await collect(first);
  assert.deepEqual(
    frames.map((f) => [f.kind, f.url]),
    [
      ['rest', '/fapi/v1/depth?symbol=ETHUSDT&limit=5'],
      ['ws', undefined],
      ['ws', undefined],
    ],
  );
  // Without E it is a spot snapshot; 7 levels → the smallest venue limit that holds them is 10.
  const spotSnapshot = JSON.stringify({ lastUpdateId: 1, bids: Array(7).fill(['1', '1']), asks: [] });
  const spot = writeTemp(
    dir,
    'spot.txt',
    `1000000000001000 ${wsFrame('BTCUSDT', 'trade')}\n1000000000002000 ${spotSnapshot}\n`,
  );
  assert.equal((await collect(spot)).frames[1]?.url, '/api/v3/depth?symbol=BTCUSDT&limit=10');

  const lonely = writeTemp(
    dir,
    'lonely.txt',
    `1000000000001000 ${wsFrame('BTCUSDT', 'trade').replace('btcusdt@trade', '!bookTicker')}\n1000000000002000 ${SNAPSHOT}\n`,
  );
  await assert.rejects(
    collect(lonely),
    (err: TapeMalformedError) => err.line === 2 && /cannot infer its symbol/.test(err.message),
  );
  const two = writeTemp(
    dir,
    'two.txt',
    `1000000000001000 ${wsFrame('BTCUSDT', 'trade')}\n1000000000002000 ${wsFrame('ETHUSDT', 'trade')}\n1000000000003000 ${SNAPSHOT}\n`,
  );
  await assert.rejects(
    collect(two),
    (err: TapeMalformedError) => err.line === 3 && /several symbols/.test(err.message),
  );
});

test('cryptofeed: malformed lines name file and line; blank lines and CRLF are fine', async (t) => {
  const dir = tempDir(t);
  const ok = `1633998512.0633569: ${wsFrame('BTCUSDT', 'aggTrade')}`;
  const good = writeTemp(
    dir,
    'good.txt',
    `wss://x/stream?streams=a <-> 1633998511.159679\r\n${ok}\r\n\r\nhttps://x/fapi/v1/depth?symbol=BTCUSDT -> 1633998512.5: ${SNAPSHOT}\r\n\n`,
  );
  const { frames, reader } = await collect(good);
  assert.deepEqual(
    frames.map((f) => f.kind),
    ['ws', 'rest'],
  );
  assert.equal(frames[1]?.url, 'https://x/fapi/v1/depth?symbol=BTCUSDT');
  assert.equal(frames[1]?.recvTsMs, 1633998512500);
  assert.deepEqual([reader.stats.lines, reader.stats.metaLines, reader.stats.blankLines], [5, 1, 2]);

  for (const [name, line] of [
    ['nocolon.txt', '1633998512.06 {"stream":"a","data":{}}'],
    ['badts.txt', '1633998512.06.1: {"stream":"a","data":{}}'],
    ['arrow.txt', 'https://x/fapi/v1/depth => 1.5: {}'],
    ['json.txt', 'https://x/fapi/v1/depth -> 1.5: {"lastUpdateId":'],
  ]) {
    const path = writeTemp(dir, name, `${ok}\n${line}\n${ok}\n`);
    await assert.rejects(
      collect(path),
      (err: TapeMalformedError) => err.code === 'TL_TAPE_MALFORMED' && err.line === 2,
    );
    const skipped = await collect(path, { onMalformed: 'skip' });
    assert.equal(skipped.frames.length, 2);
    assert.equal(skipped.reader.stats.skipped, 1);
  }
});

test('ours: every field rule; an unsupported version is refused', async (t) => {
  const dir = tempDir(t);
  const d = JSON.stringify(wsFrame('BTCUSDT', 'trade'));
  for (const line of [
    '{"t":"1","k":"ws","d":"{}"}',
    '{"t":1,"k":"xx","d":"{}"}',
    '{"t":1,"k":"rest","d":"{}"}',
    '{"t":1,"k":"ws","d":"{not json"}',
    '{"t":1,"k":"ws","d":5}',
    '{"t":1,"k":"ws","s":5,"d":"{}"}',
    '[1,2]',
  ]) {
    const path = writeTemp(dir, 'bad.ndjson', `{"t":1,"k":"ws","d":${d}}\n${line}\n`);
    await assert.rejects(
      collect(path),
      (err: TapeMalformedError) => err.code === 'TL_TAPE_MALFORMED' && err.line === 2,
      line,
    );
  }
  const future = writeTemp(dir, 'v2.ndjson', '{"k":"meta","v":2,"t":1}\n');
  await assert.rejects(collect(future), { code: 'TL_TAPE_UNSUPPORTED_VERSION' });
});

test('ours: raw /ws frames, combined frames and object payloads', async (t) => {
  const dir = tempDir(t);
  const combined = wsFrame('BTCUSDT', 'trade');
  const rawWs = '{"e":"trade","s":"BTCUSDT"}';
  const path = writeTemp(
    dir,
    'tape.ndjson',
    [
      '{"k":"meta","v":1,"t":0,"fmt":"tapeline.tape"}',
      `{"t":1.5,"k":"ws","s":"btcusdt@trade","d":${JSON.stringify(combined)}}`,
      `{"t":2,"k":"ws","d":${JSON.stringify(rawWs)}}`,
      `{"t":3,"k":"ws","s":"btcusdt@trade","d":{"e":"trade"}}`,
      `{"t":4,"k":"rest","u":"/fapi/v1/time","d":"{\\"serverTime\\":1}"}`,
      '',
    ].join('\n'),
  );
  const { frames, reader } = await collect(path);
  assert.equal(reader.stats.format, 'tapeline');
  assert.equal(reader.stats.metaLines, 1);
  assert.deepEqual(
    frames.map((f) => [f.recvTsMs, f.kind, f.stream, f.url, f.raw]),
    [
      [1.5, 'ws', 'btcusdt@trade', undefined, combined],
      [2, 'ws', undefined, undefined, rawWs],
      [3, 'ws', 'btcusdt@trade', undefined, '{"e":"trade"}'],
      [4, 'rest', undefined, '/fapi/v1/time', '{"serverTime":1}'],
    ],
  );
  assert.equal((frames[0]?.data as { s?: string } | undefined)?.s, 'BTCUSDT', 'envelope unwrapped');
  assert.deepEqual(frames[3]?.data, { serverTime: 1 });
});

test('a truncated last line is tolerated and reported; a complete unterminated one is read', async (t) => {
  const dir = tempDir(t);
  const line = `{"t":1,"k":"ws","s":"a","d":${JSON.stringify(wsFrame('BTCUSDT', 'trade'))}}`;
  const cut = writeTemp(dir, 'cut.ndjson', `${line}\n${line}\n${line.slice(0, 30)}`);
  const { frames, reader } = await collect(cut);
  assert.equal(frames.length, 2);
  assert.equal(reader.stats.truncatedTail, true);
  assert.equal(reader.stats.skipped, 0);

  const whole = writeTemp(dir, 'whole.ndjson', `${line}\n${line}`);
  const read = await collect(whole);
  assert.equal(read.frames.length, 2);
  assert.equal(read.reader.stats.truncatedTail, false);

  // A gzip cut short (crash while compressing) yields the lines it holds instead of failing the read.
  const many = Array.from({ length: 2000 }, (_, i) => line.replace('"t":1', `"t":${i}`)).join('\n');
  const gz = gzipSync(many);
  const shortGz = writeTemp(dir, 'cut.ndjson.gz', gz.subarray(0, Math.floor(gz.length * 0.6)));
  const partial = await collect(shortGz);
  assert.ok(partial.frames.length > 0 && partial.frames.length < 2000, `${partial.frames.length} frames`);
  assert.deepEqual(
    partial.frames.map((f) => f.recvTsMs),
    partial.frames.map((_, i) => i),
  );
});

test('unknown format, missing file and over-long lines are errors with codes', async (t) => {
  const dir = tempDir(t);
  const csv = writeTemp(dir, 'x.csv', 'symbol,timestamp\nBTCUSDT,1\n');
  await assert.rejects(collect(csv), { code: 'TL_TAPE_UNKNOWN_FORMAT' });
  await assert.rejects(collect(`${dir}/absent.gz`), { code: 'TL_TAPE_READ_FAILED' });
  const notGzip = writeTemp(dir, 'fake.gz', Buffer.from([0x1f, 0x8b, 0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07]));
  await assert.rejects(collect(notGzip), { code: 'TL_TAPE_READ_FAILED' });
  const long = writeTemp(dir, 'long.ndjson', `{"t":1,"k":"ws","d":"${'x'.repeat(5000)}"}\n`);
  await assert.rejects(collect(long, { maxLineChars: 1000, onMalformed: 'skip' }), { code: 'TL_TAPE_MALFORMED' });
});

test('stopping early closes the file (gzip included)', async (t) => {
  const dir = tempDir(t);
  const lines = Array.from({ length: 50_000 }, (_, i) => `${1000000000000000 + i} ${wsFrame('BTCUSDT', 'trade')}`).join(
    '\n',
  );
  const path = writeTemp(dir, 'big.gz', lines, true);
  const { existsSync, readdirSync } = await import('node:fs');
  if (!existsSync('/proc/self/fd')) {
    t.skip('needs /proc/self/fd (Linux) to count open files');
    return;
  }
  const openFds = () => readdirSync('/proc/self/fd').length;
  const before = openFds();
  for (let round = 0; round < 20; round++) {
    for await (const frame of readTape(path)) {
      if (frame.recvTsMs > 1000000000.01) break;
    }
  }
  await new Promise((r) => setTimeout(r, 50));
  assert.ok(openFds() <= before + 1, `file descriptors leak: ${before} -> ${openFds()}`);
});

test('UTF-8 characters split across read chunks decode intact', async (t) => {
  const dir = tempDir(t);
  // The reader pulls 256 KiB chunks: put the 3 bytes of '€' across the first boundary.
  const head = '{"t":1,"k":"rest","u":"/x","d":"\\"';
  const pad = 'a'.repeat(256 * 1024 - Buffer.byteLength(head) - 1);
  const path = writeTemp(dir, 'utf8.ndjson', `${head}${pad}€\\""}\n`);
  const { frames } = await collect(path);
  assert.equal(frames[0]?.data, `${pad}€`);
});
