/**
 * TapeWriter round trip through readTape: exact raw text, stream and URL, receive times, one meta line per
 * file across reopen-and-append, batching (nothing on disk before flush, whole lines after), a simulated
 * crash mid-line, and the closed-writer and bad-time errors.
 */
import assert from 'node:assert/strict';
import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { decodeStreamText } from '../../../src/venues/binance/codec/index.js';
import { TapeWriter } from '../../../src/venues/tape/index.js';
import { collect, tempDir, wsFrame } from './tmp-files.js';

test('round trip: what was written is read back byte for byte, with the same times', async (t) => {
  const path = join(tempDir(t), 'tapes', 'session.ndjson');
  const combined = wsFrame('BTCUSDT', 'aggTrade', { a: 1, p: '61800.30', q: '0.006', f: 1, l: 1, T: 1, m: true });
  const rawWs = '{"e":"trade","note":"quotes \\" backslash \\\\ newline \\n unicode € 😀"}';
  const notJson = '{"oops": ';
  const snapshot =
    '{"lastUpdateId":1027024,"E":1589436922972,"T":1589436922959,"bids":[["4.00000000","431.00000000"]],"asks":[]}';
  const w = new TapeWriter(path, { createdMs: 1000 });
  w.writeWs(1723161255030.3147, 'btcusdt@aggTrade', combined);
  w.writeWs(1723161255031, undefined, rawWs);
  w.writeRest(1723161255032.5, 'https://fapi.binance.com/fapi/v1/depth?symbol=BTCUSDT&limit=1000', snapshot);
  w.close();
  assert.equal(w.frames, 3);

  const { frames, reader } = await collect(path);
  assert.equal(reader.stats.format, 'tapeline');
  assert.equal(reader.stats.metaLines, 1);
  assert.deepEqual(
    frames.map((f) => [f.recvTsMs, f.kind, f.stream, f.url, f.raw]),
    [
      [1723161255030.3147, 'ws', 'btcusdt@aggTrade', undefined, combined],
      [1723161255031, 'ws', undefined, undefined, rawWs],
      [
        1723161255032.5,
        'rest',
        undefined,
        'https://fapi.binance.com/fapi/v1/depth?symbol=BTCUSDT&limit=1000',
        snapshot,
      ],
    ],
  );
  // The raw text decodes exactly as the live frame would.
  assert.deepEqual(decodeStreamText(frames[0]?.raw as string), decodeStreamText(combined));

  // A frame that is not JSON is kept on disk (venue faults are worth recording); reading it is a malformed line.
  const w2 = new TapeWriter(path);
  w2.writeWs(1, 'x', notJson);
  w2.close();
  const lines = readFileSync(path, 'utf8').trimEnd().split('\n');
  assert.equal(lines.length, 5, 'reopening appends; the meta line is written once');
  assert.equal(JSON.parse(lines[4] as string).d, notJson);
  const skipped = await collect(path, { onMalformed: 'skip' });
  assert.equal(skipped.frames.length, 3);
  assert.equal(skipped.reader.stats.skipped, 1);
});

test('lines reach the file only on flush (or past the buffer size), whole lines only', async (t) => {
  const path = join(tempDir(t), 'batch.ndjson');
  const w = new TapeWriter(path, { maxBufferedBytes: 1_000_000 });
  const meta = readFileSync(path, 'utf8');
  for (let i = 0; i < 10; i++) w.writeWs(i, 'btcusdt@trade', wsFrame('BTCUSDT', 'trade', { t: i }));
  assert.equal(readFileSync(path, 'utf8'), meta, 'nothing written before flush');
  w.flush();
  assert.equal(readFileSync(path, 'utf8').split('\n').length, 12);
  w.close();

  const auto = join(tempDir(t), 'auto.ndjson');
  const small = new TapeWriter(auto, { maxBufferedBytes: 0 });
  small.writeWs(1, 'a', '{}');
  assert.ok(readFileSync(auto, 'utf8').endsWith('"d":"{}"}\n'), 'maxBufferedBytes 0 writes every line');
  small.close();
});

test('a crash mid-line loses only that line: the reader tolerates the partial tail', async (t) => {
  const path = join(tempDir(t), 'crash.ndjson');
  const w = new TapeWriter(path);
  for (let i = 0; i < 5; i++) w.writeWs(i, 'btcusdt@trade', wsFrame('BTCUSDT', 'trade', { t: i }));
  w.close();
  appendFileSync(path, '{"t":5,"k":"ws","s":"btcusdt@trade","d":"{\\"str');
  const { frames, reader } = await collect(path);
  assert.equal(frames.length, 5);
  assert.equal(reader.stats.truncatedTail, true);
});

test('writer errors have codes: non-finite time, write after close, unwritable path', (t) => {
  const dir = tempDir(t);
  const w = new TapeWriter(join(dir, 'e.ndjson'));
  assert.throws(() => w.writeWs(Number.NaN, 's', '{}'), { code: 'TL_TAPE_WRITE_INVALID' });
  w.close();
  w.close();
  assert.throws(() => w.writeRest(1, '/x', '{}'), { code: 'TL_TAPE_WRITER_CLOSED' });
  assert.throws(() => w.flush(), { code: 'TL_TAPE_WRITER_CLOSED' });
  assert.throws(() => new TapeWriter(join(dir, 'e.ndjson', 'under-a-file.ndjson')), { code: 'TL_TAPE_WRITE_FAILED' });
});
