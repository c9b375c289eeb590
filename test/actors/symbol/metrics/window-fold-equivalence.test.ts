/**
 * The window folds kept between snapshots (time-and-sales.ts, cvd.ts, cvd-by-size.ts) give exactly the floats of
 * the full scan they replace (window-scan-oracle.ts): on the prints of every recording, at every snapshot, under
 * several windows and cadences, and on generated sequences (fast-check). deepStrictEqual compares with
 * Object.is, so −0 against 0 would fail too.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { Cvd } from '../../../../src/actors/symbol/metrics/cvd.js';
import { CvdBySize } from '../../../../src/actors/symbol/metrics/cvd-by-size.js';
import { TimeAndSales } from '../../../../src/actors/symbol/metrics/time-and-sales.js';
import { TimeRing } from '../../../../src/actors/symbol/time-ring.js';
import { loadInputs, recordedPath } from '../recorded-inputs.js';
import { scanCvd, scanCvdBySize, scanTimeAndSales } from './window-scan-oracle.js';

interface Print {
  ts: number;
  price: number;
  qty: number;
  sign: number;
}

interface Setup {
  tradeWindowMs: number;
  cvdWindowMs: number;
  thresholdNotional: number;
}

/** The metrics and, beside them, rings handled as the metrics handle theirs, scanned by the oracle. */
class Pair {
  readonly tas: TimeAndSales;
  readonly cvd: Cvd;
  readonly bySize: CvdBySize;
  private readonly tasRing = new TimeRing(4);
  private readonly cvdRing = new TimeRing(3);
  private readonly sizeRing = new TimeRing(3);
  private session = 0;
  checked = 0;

  constructor(private readonly s: Setup) {
    this.tas = new TimeAndSales(s.tradeWindowMs);
    this.cvd = new Cvd(s.cvdWindowMs);
    this.bySize = new CvdBySize(s.thresholdNotional, s.cvdWindowMs);
  }

  print(p: Print): void {
    this.tas.onTrade(p.ts, p.price, p.qty, p.sign);
    this.cvd.onTrade(p.ts, p.sign * p.qty);
    this.bySize.onTrade(p.ts, p.price, p.sign * p.qty);
    this.tasRing.push4(p.ts, p.price, p.qty, p.sign);
    this.tasRing.evictThrough(p.ts - this.s.tradeWindowMs);
    this.session += p.sign * p.qty;
    this.cvdRing.push3(p.ts, p.sign * p.qty, this.session);
    this.cvdRing.evictThrough(p.ts - this.s.cvdWindowMs);
    this.sizeRing.push3(p.ts, p.sign * p.qty, p.price * p.sign * p.qty);
  }

  check(now: number, where: string): void {
    const t = this.tas.figures(now, now, null, 'q', 0);
    this.tasRing.evictThrough(now - this.s.tradeWindowMs);
    const { count, buyVolume, sellVolume, vwap, largest, largestSide } = t;
    assert.deepStrictEqual(
      { count, buyVolume, sellVolume, vwap, largest, largestSide },
      scanTimeAndSales(this.tasRing),
      `${where}: time and sales at ${now}`,
    );
    const c = this.cvd.figures(now);
    this.cvdRing.evictThrough(now - this.s.cvdWindowMs);
    assert.deepStrictEqual(
      { rolling: c.rolling, slope: c.slope },
      scanCvd(this.cvdRing, now),
      `${where}: cvd at ${now}`,
    );
    const b = this.bySize.figures(now);
    this.sizeRing.evictThrough(now - this.s.cvdWindowMs);
    const { largeRolling, smallRolling, largeCount } = b;
    assert.deepStrictEqual(
      { largeRolling, smallRolling, largeCount },
      scanCvdBySize(this.sizeRing, this.s.thresholdNotional),
      `${where}: cvd by size at ${now}`,
    );
    this.checked++;
  }
}

/** Snapshots at every multiple of `interval` a print crosses (before that print), as the engine cuts them. */
function run(prints: readonly Print[], setup: Setup, interval: number, where: string): number {
  const pair = new Pair(setup);
  let next = 0;
  for (const p of prints) {
    if (next === 0) next = p.ts - (p.ts % interval) + interval;
    else if (p.ts >= next) {
      const boundary = p.ts - (p.ts % interval);
      pair.check(boundary, where);
      next = boundary + interval;
    }
    pair.print(p);
  }
  if (prints.length > 0) pair.check((prints[prints.length - 1] as Print).ts, where);
  return pair.checked;
}

const RECORDINGS = [
  'hftbacktest/usdm/btcusdt_20240808.gz',
  'hftbacktest/usdm/ethusdt_20240808.gz',
  'hftbacktest/usdm/btcusdt_20240718.gz',
  'hftbacktest/usdm/btcusdt_20240719.gz',
  'hftbacktest/usdm/btcusdt_20230404.dat.gz',
  'hftbacktest/usdm/btcusdt_20230405.dat.gz',
  'cryptofeed/BINANCE_FUTURES-1125a2.0',
  'cryptofeed/BINANCE_FUTURES.ws.1.0',
  'cryptofeed/BINANCE_FUTURES.ws.5.0',
];

const SETUPS: Array<[Setup, number]> = [
  [{ tradeWindowMs: 60_000, cvdWindowMs: 60_000, thresholdNotional: 100_000 }, 100],
  [{ tradeWindowMs: 5_000, cvdWindowMs: 20_000, thresholdNotional: 5_000 }, 250],
  [{ tradeWindowMs: 100, cvdWindowMs: 100, thresholdNotional: 0 }, 50],
  [{ tradeWindowMs: 300_000, cvdWindowMs: 1_000, thresholdNotional: 20_000 }, 1_000],
];

for (const file of RECORDINGS) {
  test(`window folds equal the scan on every snapshot of ${file}`, async (t) => {
    const path = recordedPath(t, file);
    if (path === undefined) return;
    // Per symbol, stamps never going back (the engine's TradeStamp raises a late print to the last stamp).
    const bySymbol = new Map<string, Print[]>();
    for (const { input } of await loadInputs(path)) {
      if (input.kind !== 'trade' && input.kind !== 'aggTrade') continue;
      let list = bySymbol.get(input.symbol);
      if (!list) {
        list = [];
        bySymbol.set(input.symbol, list);
      }
      const last = list.length > 0 ? (list[list.length - 1] as Print).ts : 0;
      const sign = input.side === 'buy' ? 1 : -1;
      list.push({ ts: Math.max(last, input.tradeTime), price: input.price, qty: input.qty, sign });
    }
    let checked = 0;
    for (const [symbol, prints] of bySymbol) {
      for (const [setup, interval] of SETUPS) checked += run(prints, setup, interval, `${file} ${symbol}`);
    }
    assert.ok(checked > 100, `${checked} snapshots checked`);
  });
}

test('window folds equal the scan on generated prints, windows and snapshot times', () => {
  const print = fc.record({
    gap: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 400 }), fc.double({ min: 0, max: 50, noNaN: true })),
    price: fc.integer({ min: 1, max: 9_000_000 }).map((x) => x / 100),
    qty: fc.integer({ min: 1, max: 500_000 }).map((x) => x / 1000),
    sign: fc.constantFrom(1, -1),
    snapshot: fc.integer({ min: 0, max: 3 }),
  });
  fc.assert(
    fc.property(
      fc.array(print, { maxLength: 400 }),
      fc.integer({ min: 100, max: 5_000 }),
      fc.integer({ min: 100, max: 5_000 }),
      fc.constantFrom(0, 50, 1_000, 100_000),
      (list, tradeWindowMs, cvdWindowMs, thresholdNotional) => {
        const pair = new Pair({ tradeWindowMs, cvdWindowMs, thresholdNotional });
        let ts = 1_700_000_000_000;
        for (const p of list) {
          ts += p.gap;
          pair.print({ ts, price: p.price, qty: p.qty, sign: p.sign });
          // 0 to 3 snapshots after a print, the same time repeated: unchanged windows reuse the fold.
          for (let k = 0; k < p.snapshot; k++) pair.check(ts + (k === 2 ? 37 : 0), 'generated');
        }
        pair.check(ts + tradeWindowMs, 'generated');
      },
    ),
    { numRuns: 300 },
  );
});
