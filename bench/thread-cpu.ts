/**
 * CPU time of the calling thread, for benches that report work per CPU-second (wall time on the shared,
 * loaded 2-core machine mostly measures the other tenants). Linux: `/proc/thread-self/schedstat` (ns on CPU);
 * elsewhere the process's `cpuUsage()` (which also counts other threads: say so when quoting it).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const SCHEDSTAT = '/proc/thread-self/schedstat';
const hasSchedstat = existsSync(SCHEDSTAT);

export function threadCpuNs(): number {
  if (hasSchedstat) return Number(readFileSync(SCHEDSTAT, 'latin1').split(' ')[0]);
  const u = process.cpuUsage();
  return (u.user + u.system) * 1000;
}

export function spread(xs: readonly number[]): { min: number; median: number; max: number } {
  const s = [...xs].sort((a, b) => a - b);
  return {
    min: s[0] ?? Number.NaN,
    median: s[Math.floor(s.length / 2)] ?? Number.NaN,
    max: s[s.length - 1] ?? Number.NaN,
  };
}

function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

/** Recorded venue data (`$TAPELINE_RECORDED_DATA` or ../shared/data), read in place. */
export const DATA = process.env.TAPELINE_RECORDED_DATA ?? resolve(repoRoot(), '..', 'shared', 'data');
