/**
 * Where the shared recordings are: $TAPELINE_RECORDED_DATA, else ../shared/data next to the repo (never copied
 * into it); undefined when absent, so callers can say so and skip.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) return process.cwd();
    dir = up;
  }
  return dir;
}

export function recordedDataDir(): string | undefined {
  const dir = process.env.TAPELINE_RECORDED_DATA || resolve(repoRoot(), '..', 'shared', 'data');
  return existsSync(join(dir, 'hftbacktest')) ? dir : undefined;
}
