/**
 * The plain-data state of a SymbolEngine (structured-clone and JSON friendly): what `snapshot()` returns and
 * `SymbolEngine.restore` takes, for actor restarts and mid-stream replay checkpoints. Versioned.
 */
import type { LocalBookData } from './book/local-book.js';
import type { AtrData } from './metrics/atr.js';
import type { CvdData } from './metrics/cvd.js';
import type { DeltaZData } from './metrics/delta-z.js';
import type { OpenInterestData } from './metrics/open-interest.js';
import type { OrderFlowData } from './order-flow-views.js';
import type { StrategyParams } from './strategy/strategy-params.js';
import type { StrategyRunnerData } from './strategy/strategy-runner.js';
import type { SymbolEventQueueData } from './symbol-event-queue.js';
import type { SymbolParams } from './symbol-params.js';
import type { TimeRingData } from './time-ring.js';
import type { TradeStampData } from './trade-stamp.js';

export interface SymbolEngineSnapshot extends OrderFlowData {
  version: 1;
  symbol: string;
  params: SymbolParams;
  clock: number;
  nextBoundary: number;
  seq: number;
  lastPrice: number | null;
  backfillDone: boolean;
  applied: number;
  feedLagMs: number | null;
  queue: SymbolEventQueueData;
  book: LocalBookData;
  timeAndSales: TimeRingData;
  cvd: CvdData;
  deltaZ: DeltaZData;
  openInterest: OpenInterestData;
  atr: AtrData;
  /** Absent in snapshots taken before the strategies existed: defaults and a fresh state then. */
  strategyParams?: StrategyParams;
  strategies?: StrategyRunnerData;
  /** Absent in snapshots from before trade stamps (issue 14): fresh state then. */
  stamp?: TradeStampData;
  rpiOnly?: number;
}
