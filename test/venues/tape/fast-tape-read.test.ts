/**
 * Reading tapes the replay way (`fastDecode`, `inflate: 'worker'`) gives the same frames as the plain reader:
 * same order, times, streams and text, and for each WS frame either the same parsed payload or an event equal
 * to `decodeEvent` of it. Covers every recorded hftbacktest/cryptofeed file, and small files for the edges the
 * worker must keep: a truncated gzip, a UTF-8 file, a malformed line, an early stop.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { decodeEvent } from '../../../src/venues/binance/codec/index.js';
import { readTape } from '../../../src/venues/tape/index.js';
import type { ReadTapeOptions, TapeFrame } from '../../../src/venues/tape/index.js';
import { RECORDED_DATA } from './recorded-data.js';
import { collect, tempDir, writeTemp, wsFrame } from './tmp-files.js';

function assertSameFrames(fast: TapeFrame[], plain: TapeFrame[]): number {
  assert.equal(fast.length, plain.length);
  let decoded = 0;
  for (let i = 0; i < plain.length; i++) {
    const a = fast[i] as TapeFrame;
    const b = plain[i] as TapeFrame;
    assert.equal(a.recvTsMs, b.recvTsMs);
    assert.equal(a.kind, b.kind);
    assert.equal(a.stream, b.stream);
    assert.equal(a.url, b.url);
    assert.equal(a.raw, b.raw);
    if (a.event !== undefined) {
      decoded++;
      assert.deepStrictEqual(a.event, decodeEvent(b.data, b.stream));
    } else assert.deepStrictEqual(a.data, b.data);
  }
  return decoded;
}

const REPLAY_WAY: ReadTapeOptions = { fastDecode: true, inflate: 'worker' };

test('every recording reads the same with the fast decoder and the gunzip worker', async (t) => {
  const files: string[] = [];
  for (const dir of ['hftbacktest/usdm', 'cryptofeed']) {
    const path = join(RECORDED_DATA, dir);
    if (existsSync(path)) for (const f of readdirSync(path).sort()) files.push(join(path, f));
  }
  if (files.length === 0) {
    t.skip(`recorded data absent: ${RECORDED_DATA}`);
    return;
  }
  for (const file of files) {
    const plain = await collect(file);
    const fast = await collect(file, REPLAY_WAY);
    const decoded = assertSameFrames(fast.frames, plain.frames);
    assert.deepStrictEqual(fast.reader.stats, plain.reader.stats);
    t.diagnostic(`${file.split('/').pop()}: ${plain.frames.length} frames, ${decoded} fast-decoded`);
  }
});

test('a truncated gzip, UTF-8 text and CRLF lines read the same through the worker', async (t) => {
  const dir = tempDir(t);
  const lines: string[] = [];
  for (let i = 0; i < 3000; i++) {
    const frame = wsFrame('BTCUSDT', 'trade', { T: 1, t: i, p: '61800.10', q: '0.01', X: 'MARKET', m: i % 2 === 0 });
    lines.push(`1723161255030314${String(i).padStart(3, '0')} ${frame}`);
  }
  // A UTF-8 symbol (not ASCII: the worker's batch takes the UTF-8 decode) and a CRLF line.
  lines.push(
    `1723161255030399999 ${wsFrame('ÉTHUSDT', 'trade', { T: 1, t: 1, p: '1', q: '1', X: 'MARKET', m: true })}\r`,
  );
  const text = `${lines.join('\n')}\n`;
  const whole = gzipSync(text);
  const cut = writeTemp(dir, 'cut.gz', whole.subarray(0, Math.floor(whole.length * 0.6)));
  const plainCut = await collect(cut);
  const fastCut = await collect(cut, REPLAY_WAY);
  assertSameFrames(fastCut.frames, plainCut.frames);
  assert.deepStrictEqual(fastCut.reader.stats, plainCut.reader.stats);
  const full = writeTemp(dir, 'full.gz', text, true);
  const fastFull = await collect(full, REPLAY_WAY);
  assertSameFrames(fastFull.frames, (await collect(full)).frames);
  assert.equal(fastFull.frames.at(-1)?.event?.symbol, 'ÉTHUSDT');
  assert.equal(fastFull.frames.length, 3001);
});

test('a malformed line fails at the same line through the worker, after the frames before it', async (t) => {
  const dir = tempDir(t);
  const good = `1723161255030314667 ${wsFrame('BTCUSDT', 'trade', { T: 1, t: 1, p: '1', q: '1', X: 'MARKET', m: true })}`;
  const path = writeTemp(dir, 'bad.gz', `${good}\n${good}\n1723161255030314668 {"stream":\n${good}\n`, true);
  const seen: TapeFrame[] = [];
  await assert.rejects(
    (async () => {
      for await (const f of readTape(path, REPLAY_WAY)) seen.push(f);
    })(),
    { code: 'TL_TAPE_MALFORMED', line: 3 },
  );
  assert.equal(seen.length, 2);
});

test('stopping early ends the worker; a missing file is TL_TAPE_READ_FAILED', async (t) => {
  const path = join(RECORDED_DATA, 'hftbacktest/usdm/btcusdt_20240808.gz');
  if (existsSync(path)) {
    let n = 0;
    for await (const _ of readTape(path, REPLAY_WAY)) if (++n === 10) break;
    assert.equal(n, 10);
  } else t.diagnostic(`recorded data absent: ${path} (early stop checked on a small file only)`);
  const dir = tempDir(t);
  const small = writeTemp(dir, 'small.txt', 'not a tape\n');
  await assert.rejects(collect(join(dir, 'absent.gz'), REPLAY_WAY), { code: 'TL_TAPE_READ_FAILED' });
  await assert.rejects(collect(small, REPLAY_WAY), { code: 'TL_TAPE_UNKNOWN_FORMAT' });
});
