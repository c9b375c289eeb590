/**
 * The order-flow blocks on a real recording (BTCUSDT 2023-04-04 + 04-05, with `markPrice@1s`): the replay's final
 * snapshot against figures computed here from the raw lines — VWAP and its σ (two-pass), the session profile's
 * volume and POC on the 1-dollar bucket, CVD by size at the default 100 000 notional, the latest mark and funding.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { replayTapes } from '../../../src/app/replay/replay-tapes.js';
import type { MetricsMessage } from '../../../src/schema/metrics-message.js';
import { RECORDED_DATA } from '../../venues/tape/recorded-data.js';

const FILES = ['hftbacktest/usdm/btcusdt_20230404.dat.gz', 'hftbacktest/usdm/btcusdt_20230405.dat.gz'].map((f) =>
  join(RECORDED_DATA, f),
);

interface Print {
  p: number;
  q: number;
  sign: number;
}

function rawLines(): Array<{ e: string; [k: string]: unknown }> {
  const out: Array<{ e: string; [k: string]: unknown }> = [];
  for (const file of FILES) {
    for (const line of gunzipSync(readFileSync(file)).toString('utf8').split('\n')) {
      const json = line.slice(line.indexOf(' ') + 1);
      if (!json.startsWith('{"stream"')) continue;
      out.push(JSON.parse(json).data);
    }
  }
  return out;
}

test('VWAP, profile, CVD by size and funding equal the figures computed from the raw recording', async (t) => {
  if (!FILES.every(existsSync)) return t.skip(`recorded data absent: ${FILES.join(', ')}`);
  const prints: Print[] = [];
  const seen = new Set<unknown>();
  let mark: Record<string, unknown> | undefined;
  for (const d of rawLines()) {
    if (d.e === 'trade' && d.X !== 'NA' && !seen.has(d.t)) {
      seen.add(d.t);
      prints.push({ p: Number(d.p), q: Number(d.q), sign: d.m ? -1 : 1 });
    }
    if (d.e === 'markPriceUpdate') mark = d;
  }
  const out: MetricsMessage[] = [];
  await replayTapes({ tapes: FILES, onSnapshot: (m) => out.push(m) });
  const final = out.at(-1) as MetricsMessage;
  assert.equal(final.final, true);

  const volume = prints.reduce((a, x) => a + x.q, 0);
  const vwap = prints.reduce((a, x) => a + x.p * x.q, 0) / volume;
  const std = Math.sqrt(prints.reduce((a, x) => a + x.q * (x.p - vwap) ** 2, 0) / volume);
  assert.ok(Math.abs((final.vwap.vwap as number) - vwap) < 1e-6, `vwap ${final.vwap.vwap} vs ${vwap}`);
  assert.ok(Math.abs((final.vwap.std as number) - std) < 1e-6, `std ${final.vwap.std} vs ${std}`);
  assert.ok(Math.abs(final.vwap.volume - volume) < 1e-6);

  // First price ~28 000 → bucket 10^(4 − 4) = 1.
  const byDollar = new Map<number, number>();
  for (const x of prints) byDollar.set(Math.round(x.p), (byDollar.get(Math.round(x.p)) ?? 0) + x.q);
  let poc = Number.NaN;
  let best = 0;
  for (const [k, v] of [...byDollar].sort((a, b) => a[0] - b[0])) {
    if (v > best) {
      best = v;
      poc = k;
    }
  }
  assert.equal(final.volumeProfile.bucket, 1);
  assert.equal(final.volumeProfile.session.poc, poc);
  assert.ok(Math.abs(final.volumeProfile.session.volume - volume) < 1e-6);

  const large = prints.filter((x) => x.p * x.q >= 100_000).reduce((a, x) => a + x.sign * x.q, 0);
  const small = prints.filter((x) => x.p * x.q < 100_000).reduce((a, x) => a + x.sign * x.q, 0);
  assert.ok(Math.abs(final.cvdBySize.largeSession - large) < 1e-6, `large ${final.cvdBySize.largeSession} vs ${large}`);
  assert.ok(Math.abs(final.cvdBySize.smallSession - small) < 1e-6);
  assert.ok(large !== 0 && small !== 0, 'both kinds occur in this recording');

  assert.ok(mark, 'the recording has markPrice events');
  const last = (prints.at(-1) as Print).p;
  assert.deepEqual(
    [
      final.funding.mark,
      final.funding.index,
      final.funding.fundingRate,
      final.funding.nextFundingTime,
      final.funding.ts,
    ],
    [Number(mark.p), Number(mark.i), Number(mark.r), mark.T, mark.E],
  );
  assert.ok(Math.abs((final.funding.basisBps as number) - ((last - Number(mark.p)) / Number(mark.p)) * 10_000) < 1e-9);
  assert.equal(final.price.last, last);
  assert.equal(final.timeAndSales.source, 'trade');
});

/**
 * lateTrades on BTCUSDT 2024-08-08 at 100 ms snapshots, from the raw lines with the rule of docs/telemetry.md
 * written out: the clock-driving events cut at boundaries in arrival order; a trade whose time min(T, E) is below
 * the last cut (taken before the trade itself is applied) is late.
 */
test('lateTrades on a real recording equals the count from the written rule', async (t) => {
  const file = join(RECORDED_DATA, 'hftbacktest/usdm/btcusdt_20240808.gz');
  if (!existsSync(file)) return t.skip(`recorded data absent: ${file}`);
  let next = 0;
  let cut = 0;
  let late = 0;
  let lastId = -1;
  for (const line of gunzipSync(readFileSync(file)).toString('utf8').split('\n')) {
    const json = line.slice(line.indexOf(' ') + 1);
    if (!json.startsWith('{')) continue;
    const o = JSON.parse(json);
    const d = o.data ?? o; // the REST depth snapshot is a bare object with E
    if (d.e === 'trade' && (d.X === 'NA' || d.t <= lastId)) continue; // dropped: does not move the clock
    const e = d.E as number | undefined;
    if (e === undefined) continue;
    if (next === 0) next = e - (e % 100) + 100;
    else if (e >= next) {
      cut = e - (e % 100);
      next = cut + 100;
    }
    if (d.e === 'trade') {
      lastId = d.t;
      if (Math.min(d.T, e) < cut) late++;
    }
  }
  let final: MetricsMessage | undefined;
  await replayTapes({ tapes: [file], onSnapshot: (m) => (final = m) });
  assert.ok(late > 100, `${late} late trades in the raw rule`);
  assert.equal(final?.timeAndSales.lateTrades, late);
});
