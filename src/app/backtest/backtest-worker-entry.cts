/**
 * CommonJS entry for the piscina backtest workers (see src/runtime/replay/replay-worker-entry.cts for why a
 * CJS shim: piscina's require() of an ES module graph trips an internal assertion on Node 20).
 */
module.exports = async function backtestJobEntry(job: unknown): Promise<unknown> {
  const mod = (await import('./backtest-worker.js')) as { default: (j: unknown) => Promise<unknown> };
  return mod.default(job);
};
