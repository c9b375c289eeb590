/**
 * CommonJS entry for the piscina replay workers. piscina loads a task file with `require()` first; on Node 20
 * that half-loads an ES module graph and the `import()` fallback then trips an internal assertion
 * (ERR_INTERNAL_ASSERTION, seen in tests). A CJS shim that imports the ES module itself avoids the path.
 */
module.exports = async function replayTaskEntry(task: unknown): Promise<unknown> {
  const mod = (await import('./replay-worker.js')) as { default: (t: unknown) => Promise<unknown> };
  return mod.default(task);
};
