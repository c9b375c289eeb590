/**
 * Issue 18, item 6: tapes in JetStream. A stream written frame by frame holds exactly what the file writer writes
 * for the same calls; `tapeline replay --nats URL --stream NAME` prints the same `SYMBOL seq stateHash` lines as
 * the file replay of the recording copied into it; an absent stream is TL_CLUSTER_TAPE_STREAM_MISSING.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { connect } from '@nats-io/transport-node';
import { readTape, TapeWriter } from '../../../src/venues/tape/index.js';
import { copyTapeToStream, readTapeStream, TapeStreamWriter } from '../../../src/venues/tape/tape-stream.js';
import { natsServerMissing, startNatsServers } from '../../fixtures/nats/nats-servers.js';
import { recordedFile } from './recorded-data.js';
import { tempDir } from './tmp-files.js';

const CLI = fileURLToPath(new URL('../../../../bin/tapeline.js', import.meta.url));

function strip<T extends { source: string }>(frames: T[]): Array<Omit<T, 'source'>> {
  return frames.map(({ source: _, ...rest }) => rest);
}

test('a tape stream holds what the file writer writes; replay from it equals the file replay', {
  timeout: 60_000,
}, async (t) => {
  const missing = natsServerMissing();
  if (missing) return t.skip(missing);
  const nats = await startNatsServers({ jetstream: true });
  const nc = await connect({ servers: nats.urls });
  try {
    await assert.rejects(readTapeStream(nc, 'nothing-here'), {
      code: 'TL_CLUSTER_TAPE_STREAM_MISSING',
      message: /--record-stream nothing-here/,
    });

    // The live recording path: the same calls into the file writer and the stream writer.
    const dir = tempDir(t);
    const file = new TapeWriter(join(dir, 'live.ndjson'), { createdMs: 1 });
    const stream = await TapeStreamWriter.open(nc, 'live', { createdMs: 1 });
    const calls: Array<(w: TapeWriter | TapeStreamWriter) => void> = [
      (w) => w.writeWs(1000.5, 'btcusdt@trade', '{"stream":"btcusdt@trade","data":{"e":"trade","p":"1.5"}}'),
      (w) =>
        w.writeRest(1001, 'http://127.0.0.1/fapi/v1/depth?symbol=BTCUSDT', '{"lastUpdateId":7,"bids":[],"asks":[]}'),
      (w) => w.writeWs(1002.25, undefined, '{"e":"markPriceUpdate","s":"BTCUSDT"}'),
    ];
    for (const call of calls) {
      call(file);
      call(stream);
    }
    file.close();
    await stream.drain();
    const fromFile = [];
    for await (const f of readTape(file.path)) fromFile.push(f);
    const opened = await readTapeStream(nc, 'live');
    const fromStream = [];
    for await (const batch of opened.batches) fromStream.push(...batch);
    assert.equal(opened.format, 'tapeline');
    assert.equal(fromStream.length, 3);
    assert.deepEqual(strip(fromStream), strip(fromFile));

    // A real recording copied into a stream replays to the same stateHash sequence as the file.
    const recording = recordedFile(t, 'hftbacktest/usdm/btcusdt_20240718.gz');
    if (!recording) return;
    const copied = await copyTapeToStream(nc, recording, 'btc-0718');
    assert.ok(copied > 10_000, `${copied} frames copied`);
    const run = promisify(execFile);
    const viaFile = join(dir, 'file.txt');
    const viaStream = join(dir, 'stream.txt');
    await run(process.execPath, [CLI, 'replay', recording, '--workers', '1', '--out', viaFile], { timeout: 60_000 });
    const r = await run(
      process.execPath,
      [CLI, 'replay', '--nats', nats.urls[0]!, '--stream', 'btc-0718', '--out', viaStream],
      {
        timeout: 60_000,
      },
    );
    assert.match(r.stderr, /snapshots of BTCUSDT/);
    const a = readFileSync(viaFile, 'utf8').trim().split('\n');
    const b = readFileSync(viaStream, 'utf8').trim().split('\n');
    assert.ok(a.length > 50, `${a.length} snapshots`);
    assert.deepEqual(b, a);
  } finally {
    await nc.close();
    await nats.stop();
  }
});
