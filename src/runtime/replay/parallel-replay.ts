/**
 * `tapeline replay --workers N`: symbols split over a piscina pool (one task per worker), results merged in
 * (ts, symbol, seq) order. The merged output is the same for any N — the single-thread replay sorts the same
 * way — which the tests check (1 worker vs many).
 */
import { Piscina } from 'piscina';
import type { SymbolParams } from '../../actors/symbol/symbol-params.js';
import type { StrategyParams } from '../../actors/symbol/strategy/strategy-params.js';
import type { MetricsMessage } from '../../schema/metrics-message.js';
import { errorCode, errorMessage, TapelineError } from '../errors.js';
import { compareSnapshots } from './replay-tapes.js';
import type { ReplayTask, ReplayTaskResult } from './replay-worker.js';

const WORKER = new URL('./replay-worker-entry.cjs', import.meta.url).href;

export async function replayParallel(
  tapes: string[],
  params: SymbolParams,
  strategyParams: StrategyParams,
  workers: number,
): Promise<{ frames: number; messages: MetricsMessage[] }> {
  const pool = new Piscina<ReplayTask, ReplayTaskResult>({
    filename: WORKER,
    minThreads: workers,
    maxThreads: workers,
  });
  try {
    const results = await Promise.all(
      Array.from({ length: workers }, (_, worker) => pool.run({ tapes, params, strategyParams, worker, workers })),
    ).catch((err: unknown) => {
      // A worker's error crosses the thread as a plain Error; keep its code for the CLI's exit status.
      throw new TapelineError(errorCode(err, 'TL_REPLAY_FAILED'), `replay worker failed: ${errorMessage(err)}`);
    });
    const messages = results.flatMap((r) => r.messages).sort(compareSnapshots);
    return { frames: results[0]?.frames ?? 0, messages };
  } finally {
    await pool.destroy();
  }
}
