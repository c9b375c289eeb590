/**
 * One piscina task of a parallel replay: the whole tape goes through this thread's ingest pipeline (cheap,
 * and each symbol's book sync depends only on its own frames), but only the symbols hashed to this worker get
 * a SymbolEngine — the expensive part — so N workers split the metric work N ways.
 */
import type { SymbolParams } from '../../actors/symbol/symbol-params.js';
import type { StrategyParams } from '../../actors/symbol/strategy/strategy-params.js';
import type { MetricsMessage } from '../../schema/metrics-message.js';
import { replayTapes, workerFor } from './replay-tapes.js';

export interface ReplayTask {
  tapes: string[];
  params: SymbolParams;
  strategyParams: StrategyParams;
  worker: number;
  workers: number;
}

export interface ReplayTaskResult {
  frames: number;
  messages: MetricsMessage[];
}

export default async function replayTask(task: ReplayTask): Promise<ReplayTaskResult> {
  const messages: MetricsMessage[] = [];
  const summary = await replayTapes({
    tapes: task.tapes,
    params: task.params,
    strategyParams: task.strategyParams,
    owns: (symbol) => workerFor(symbol, task.workers) === task.worker,
    onSnapshot: (m) => messages.push(m),
  });
  return { frames: summary.frames, messages };
}
