/**
 * The cryptofeed recordings in shared/data parse completely through readTape + codecs: counts per symbol as
 * in the data set's source notes, `pu` continuity, contiguous aggTrade ids, REST snapshots aligned with their WS files, the
 * mixed file (configuration + WS + HTTP lines), exchangeInfo, and the spot sample kept apart from futures.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeAggTrade, decodeDepthUpdate, decodeKline } from '../../../src/venues/binance/codec/index.js';
import type { AggTradeEvent } from '../../../src/venues/binance/codec/index.js';
import { readTape } from '../../../src/venues/tape/index.js';
import { type Decoded, decodeRecording, isAligned, puGaps, recordedFile } from './recorded-data.js';

function perSymbol<T>(map: Map<string, T[]>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [symbol, list] of map) out[symbol] = list.length;
  return out;
}

function aggIdGaps(trades: readonly AggTradeEvent[]): number {
  let gaps = 0;
  for (let i = 1; i < trades.length; i++) {
    if ((trades[i] as AggTradeEvent).aggTradeId !== (trades[i - 1] as AggTradeEvent).aggTradeId + 1) gaps++;
  }
  return gaps;
}

function assertContiguous(d: Decoded): void {
  for (const [symbol, diffs] of d.depth) assert.deepEqual(puGaps(diffs), [], `${symbol}: pu = previous u`);
  for (const [symbol, trades] of d.aggTrades) assert.equal(aggIdGaps(trades), 0, `${symbol}: aggTrade ids contiguous`);
}

test('cryptofeed BINANCE_FUTURES.ws.1.0 + http.0.0: counts, continuity, 4 aligned snapshots', async (t) => {
  const ws = recordedFile(t, 'cryptofeed/BINANCE_FUTURES.ws.1.0');
  const http = ws && recordedFile(t, 'cryptofeed/BINANCE_FUTURES.http.0.0');
  if (!ws || !http) return;
  const d = await decodeRecording(ws);
  assert.equal(d.stats.format, 'cryptofeed');
  assert.equal(d.stats.metaLines, 1, 'the wss:// connection line');
  assert.equal(d.undecoded.length, 0);
  assert.deepEqual(d.counts, { bookTicker: 613, depthUpdate: 764, kline: 67, aggTrade: 91 });
  assert.deepEqual(perSymbol(d.depth), { SUSHIUSDT: 255, AKROUSDT: 189, KEEPUSDT: 135, CTKUSDT: 185 });
  assertContiguous(d);

  const snaps = await decodeRecording(http);
  assert.deepEqual(snaps.counts, { depthSnapshot: 4 });
  assert.equal(snaps.stats.blankLines, 1);
  for (const s of snaps.snapshots) assert.ok(isAligned(s, d.depth.get(s.symbol) ?? []), `${s.symbol} aligned`);
});

test('cryptofeed BINANCE_FUTURES.ws.5.0 + http.4.0: counts, continuity, 4 aligned snapshots', async (t) => {
  const ws = recordedFile(t, 'cryptofeed/BINANCE_FUTURES.ws.5.0');
  const http = ws && recordedFile(t, 'cryptofeed/BINANCE_FUTURES.http.4.0');
  if (!ws || !http) return;
  const d = await decodeRecording(ws);
  assert.equal(d.undecoded.length, 0);
  assert.deepEqual(d.counts, { bookTicker: 1959, depthUpdate: 1016, kline: 99, aggTrade: 185 });
  assert.deepEqual(Object.keys(perSymbol(d.depth)).sort(), ['DENTUSDT', 'KSMUSDT', 'XMRUSDT', 'YFIUSDT']);
  assertContiguous(d);
  const snaps = await decodeRecording(http);
  assert.deepEqual(snaps.counts, { depthSnapshot: 4 });
  for (const s of snaps.snapshots) assert.ok(isAligned(s, d.depth.get(s.symbol) ?? []), `${s.symbol} aligned`);
});

test('cryptofeed BINANCE_FUTURES-1125a2.0 (mixed file): configuration, WS and HTTP lines, 5 aligned snapshots', async (t) => {
  const path = recordedFile(t, 'cryptofeed/BINANCE_FUTURES-1125a2.0');
  if (!path) return;
  const d = await decodeRecording(path, true);
  assert.equal(d.stats.metaLines, 2, 'configuration + connection line');
  assert.equal(d.stats.skipped, 0);
  assert.equal(d.undecoded.length, 0);
  assert.deepEqual(d.counts, { depthUpdate: 4423, depthSnapshot: 5, aggTrade: 574, bookTicker: 3424 });
  assert.deepEqual(perSymbol(d.depth), { BATUSDT: 887, CTKUSDT: 927, NEOUSDT: 944, SANDUSDT: 888, CHRUSDT: 777 });
  const trades = perSymbol(d.aggTrades);
  assert.deepEqual(
    ['BATUSDT', 'CTKUSDT', 'NEOUSDT', 'SANDUSDT', 'CHRUSDT'].map((s) => trades[s]),
    [86, 89, 180, 166, 53],
  );
  assertContiguous(d);
  for (const s of d.snapshots) assert.ok(isAligned(s, d.depth.get(s.symbol) ?? []), `${s.symbol} aligned`);
  const rest = d.frames.find((f) => f.kind === 'rest');
  assert.equal(rest?.url, 'https://fapi.binance.com/fapi/v1/depth?symbol=BATUSDT&limit=1000');
  assert.equal(rest?.recvTsMs, 1617647797907.2561);
});

test('cryptofeed BINANCE_FUTURES.0: one exchangeInfo reply after a configuration line, not a market event', async (t) => {
  const path = recordedFile(t, 'cryptofeed/BINANCE_FUTURES.0');
  if (!path) return;
  const d = await decodeRecording(path);
  assert.equal(d.stats.metaLines, 1);
  assert.equal(d.undecoded.length, 1);
  const info = d.undecoded[0];
  assert.equal(info?.url, 'https://fapi.binance.com/fapi/v1/exchangeInfo');
  const body = info?.data as { futuresType: string; symbols: unknown[] };
  assert.equal(body.futuresType, 'U_MARGINED');
  assert.ok(body.symbols.length > 100);
});

test('cryptofeed spot sample (BINANCE.ws.1.0 / http.0.0): reads fully; futures codecs refuse the spot depth shape', async (t) => {
  const ws = recordedFile(t, 'cryptofeed/BINANCE.ws.1.0');
  const http = ws && recordedFile(t, 'cryptofeed/BINANCE.http.0.0');
  if (!ws || !http) return;
  const byKind: Record<string, number> = {};
  const lastU = new Map<string, number>();
  const firstDiff = new Map<string, { U: number; u: number }[]>();
  let spotGaps = 0;
  for await (const frame of readTape(ws)) {
    const stream = frame.stream ?? '';
    const kind = stream.slice(stream.indexOf('@') + 1).replace('@100ms', '');
    byKind[kind] = (byKind[kind] ?? 0) + 1;
    const data = frame.data as { e?: string; s: string; U: number; u: number };
    if (data.e === 'depthUpdate') {
      // Spot chains U = previous u + 1 (per the data set's source notes); the futures codec wants T and pu, which spot lacks.
      const prev = lastU.get(data.s);
      if (prev !== undefined && data.U !== prev + 1) spotGaps++;
      lastU.set(data.s, data.u);
      firstDiff.set(data.s, [...(firstDiff.get(data.s) ?? []), { U: data.U, u: data.u }]);
      assert.throws(() => decodeDepthUpdate(frame.data, frame.stream), { code: 'TL_CODEC_INVALID' });
    } else if (data.e === 'aggTrade') {
      assert.equal(decodeAggTrade(frame.data, frame.stream).symbol, data.s);
    } else if (data.e === 'kline') {
      assert.equal(decodeKline(frame.data, frame.stream).interval, '1m');
    }
  }
  assert.deepEqual(byKind, { depth: 177, bookTicker: 84, aggTrade: 2, kline_1m: 2 });
  assert.equal(spotGaps, 0);

  let snapshots = 0;
  for await (const frame of readTape(http)) {
    snapshots++;
    assert.ok(frame.url?.startsWith('https://api.binance.com/api/v3/depth?symbol='));
    const symbol = new URL(frame.url as string).searchParams.get('symbol') as string;
    const id = (frame.data as { lastUpdateId: number }).lastUpdateId;
    const diffs = firstDiff.get(symbol) ?? [];
    assert.ok(
      diffs.some((d) => d.U <= id + 1 && id + 1 <= d.u),
      `${symbol}: spot alignment U <= lastUpdateId+1 <= u`,
    );
  }
  assert.equal(snapshots, 4);
});
