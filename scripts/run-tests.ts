/**
 * `npm test`: runs every compiled `dist/test/**\/*.test.js` with node:test. Node 20's runner takes no globs and,
 * given a directory, would also run fixtures (anything under a `test` folder), hence this explicit list.
 * Extra arguments filter by path substring: `npm test -- runtime/channel`.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../test', import.meta.url));

function find(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'fixtures' ? [] : find(path);
    return e.name.endsWith('.test.js') ? [path] : [];
  });
}

const filters = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const files = find(root)
  .filter((f) => filters.length === 0 || filters.some((x) => relative(root, f).includes(x)))
  .sort();
if (files.length === 0) {
  console.error(`no test files match ${filters.join(' ') || '(all)'} under ${root}`);
  process.exit(1);
}
const result = spawnSync(
  process.execPath,
  [
    '--test',
    '--test-concurrency=2',
    // Per test file (node:test counts a file as one test): the armed e2e runs wait on a wall-clock market for up
    // to 4 min; a test that hangs still fails, within the CI's 20 min.
    '--test-timeout=330000',
    ...process.argv.slice(2).filter((a) => a.startsWith('-')),
    ...files,
  ],
  { stdio: 'inherit' },
);
process.exit(result.status ?? 1);
