/**
 * The recorded side of the calibration: the hftbacktest (BTC/ETH, `@trade` + `@depth@0ms`) and cryptofeed
 * (2021 alts, `@aggTrade` + `@depth@100ms`) tapes under the shared data folder, read with the project's tape
 * readers and fed to MarketStats per symbol. Diffs count only once the symbol's REST snapshot is in.
 */
import { join } from 'node:path';
import { mergeTapes, readTape } from '../../src/venues/tape/index.js';
import { MarketStats, type RunStats } from './market-stats.js';

export interface TapeSet {
  label: string;
  files: string[];
}

/** Majors: what the default symbols are calibrated against. Pairs that continue each other are one run. */
export const MAJOR_TAPES: readonly TapeSet[] = [
  { label: 'BTCUSDT 2024-08-08', files: ['hftbacktest/usdm/btcusdt_20240808.gz'] },
  { label: 'ETHUSDT 2024-08-08', files: ['hftbacktest/usdm/ethusdt_20240808.gz'] },
  {
    label: 'BTCUSDT 2024-07-18/19',
    files: ['hftbacktest/usdm/btcusdt_20240718.gz', 'hftbacktest/usdm/btcusdt_20240719.gz'],
  },
  {
    label: 'BTCUSDT 2023-04-04/05',
    files: ['hftbacktest/usdm/btcusdt_20230404.dat.gz', 'hftbacktest/usdm/btcusdt_20230405.dat.gz'],
  },
];

/** Long-tail contracts (30–120 s each): what symbols added live get their scale from. */
export const ALT_TAPES: readonly TapeSet[] = [
  {
    label: 'SUSHI/AKRO/KEEP/CTK 2021-07-22',
    files: ['cryptofeed/BINANCE_FUTURES.ws.1.0', 'cryptofeed/BINANCE_FUTURES.http.0.0'],
  },
  {
    label: 'KSM/YFI/DENT/XMR 2021-04-17',
    files: ['cryptofeed/BINANCE_FUTURES.ws.5.0', 'cryptofeed/BINANCE_FUTURES.http.4.0'],
  },
  { label: 'BAT/CTK/NEO/SAND/CHR 2021-04-05', files: ['cryptofeed/BINANCE_FUTURES-1125a2.0'] },
];

type Json = Record<string, unknown>;

interface SymbolRun {
  stats: MarketStats;
  /** lastUpdateId of the snapshot; −1 before it. */
  snapshotId: number;
}

const pairs = (levels: unknown): Array<[number, number]> =>
  (levels as string[][]).map((l) => [Number(l[0]), Number(l[1])]);

function flat(levels: unknown): number[] {
  const out: number[] = [];
  for (const l of levels as string[][]) out.push(Number(l[0]), Number(l[1]));
  return out;
}

/** Statistics of every symbol of one tape set (symbols with fewer than 20 taker orders are dropped). */
export async function measureTapeSet(dataDir: string, set: TapeSet): Promise<Map<string, RunStats>> {
  const runs = new Map<string, SymbolRun>();
  const runOf = (symbol: string): SymbolRun => {
    let r = runs.get(symbol);
    if (!r) {
      r = { stats: new MarketStats(), snapshotId: -1 };
      runs.set(symbol, r);
    }
    return r;
  };
  for await (const frame of mergeTapes(set.files.map((f) => readTape(join(dataDir, f))))) {
    const data = frame.data as Json;
    if (frame.kind === 'rest') {
      const symbol = /symbol=([A-Z0-9]+)/.exec(frame.url ?? '')?.[1];
      if (!symbol || !Array.isArray(data.bids)) continue;
      const r = runOf(symbol);
      r.stats.snapshot(pairs(data.bids), pairs(data.asks));
      r.snapshotId = data.lastUpdateId as number;
      continue;
    }
    const symbol = data.s as string | undefined;
    if (!symbol) continue;
    const r = runOf(symbol);
    switch (data.e) {
      case 'depthUpdate':
        if (r.snapshotId >= 0 && (data.u as number) >= r.snapshotId)
          r.stats.depth(data.E as number, flat(data.b), flat(data.a));
        break;
      case 'trade':
      case 'aggTrade':
        if ((data.X ?? 'MARKET') === 'MARKET')
          r.stats.trade(data.T as number, Number(data.p), Number(data.q), data.m === false);
        break;
      case 'forceOrder':
        r.stats.liquidation(data.E as number);
        break;
    }
  }
  const out = new Map<string, RunStats>();
  for (const [symbol, r] of runs) {
    const s = r.stats.finish();
    if (s.notionals.length >= 20 && r.snapshotId >= 0) out.set(symbol, s);
  }
  return out;
}
