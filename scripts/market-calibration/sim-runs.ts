/**
 * The synthetic side of the calibration: SymbolMarket stepped in exchange time as fast as the CPU allows (no
 * server, no sockets), its prints and @depth diffs converted to prices and quantities and fed to the same
 * MarketStats as the recordings. The @0ms cadence matches hftbacktest's `@depth@0ms`, @100ms cryptofeed's.
 */
import type { AggTradePrint, MarketSink } from '../../src/venues/sim/market/market-events.js';
import { ASK, BID } from '../../src/venues/sim/market/order-book.js';
import { STEP_MS, SymbolMarket } from '../../src/venues/sim/market/symbol-market.js';
import { symbolSpec } from '../../src/venues/sim/market/symbol-spec.js';
import { MarketStats, type RunStats } from './market-stats.js';

export const SIM_START_TIME = 1_723_075_200_000;
const OI_POLL_MS = 10_000;

class StatsSink implements MarketSink {
  tick = 1;
  step = 1;
  private readonly bids: number[] = [];
  private readonly asks: number[] = [];

  constructor(
    readonly stats: MarketStats,
    private readonly cadence: number,
  ) {}

  aggTrade(_s: string, _e: number, t: AggTradePrint): void {
    this.stats.trade(t.time, t.priceTick * this.tick, t.qtyUnits * this.step, !t.buyerMaker);
  }

  depth(
    _s: string,
    cadence: number,
    eventTime: number,
    _f: number,
    _l: number,
    _p: number,
    bids: number[],
    asks: number[],
  ): void {
    if (cadence !== this.cadence) return;
    this.stats.depth(eventTime, this.scale(bids, this.bids), this.scale(asks, this.asks));
  }

  bookTicker(): void {}
  markPrice(): void {}

  forceOrder(_s: string, eventTime: number): void {
    this.stats.liquidation(eventTime);
  }

  klineClosed(): void {}

  private scale(levels: number[], into: number[]): number[] {
    into.length = levels.length;
    for (let i = 0; i < levels.length; i += 2) {
      into[i] = (levels[i] as number) * this.tick;
      into[i + 1] = (levels[i + 1] as number) * this.step;
    }
    return into;
  }
}

/** `minutes` of one symbol's synthetic market from `seed`, measured with diffs of `cadence` (0: @0ms). */
export function measureSim(symbol: string, seed: number, minutes: number, cadence = 0): RunStats {
  const stats = new MarketStats();
  const sink = new StatsSink(stats, cadence);
  const spec = symbolSpec(symbol);
  sink.tick = spec.tickSize;
  sink.step = spec.stepSize;
  const market = new SymbolMarket(spec, seed, SIM_START_TIME, sink);
  const side = (s: typeof BID | typeof ASK): Array<[number, number]> =>
    market.book.sides[s].ticks.map((t) => [
      t * spec.tickSize,
      (market.book.sides[s].qty.get(t) as number) * spec.stepSize,
    ]);
  stats.snapshot(side(BID), side(ASK));
  const steps = (minutes * 60_000) / STEP_MS;
  for (let i = 0; i < steps; i++) {
    market.step();
    if (market.time % OI_POLL_MS === 0) stats.openInterest(market.time, market.openInterest);
  }
  return stats.finish();
}
