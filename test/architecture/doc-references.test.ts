/**
 * Every document a comment cites must be in the repository: references to `*.md` files and `docs/...` paths in
 * the comments of src/, test/, bench/ and scripts/ must resolve (from the repo root or the citing file's folder),
 * and no comment may cite sections of documents kept outside the repo (the old design and venue notes).
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const SCANNED = ['src', 'test', 'bench', 'scripts'];
const SOURCE_FILE = /\.(ts|mts|js|mjs)$/;
const COMMENT = /\/\*[\s\S]*?\*\/|\/\/[^\n]*/g;
const DOC_REF = /(?:[\w.-]+\/)*[\w.-]+\.md\b|\bdocs\/[\w./-]*[\w-]/g;
const OUTSIDE_CITATION = /\bDESIGN\s+(?:A\d|B\b)|binance-usdm/;

function sourceFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourceFiles(path);
    return SOURCE_FILE.test(entry.name) ? [path] : [];
  });
}

/** The problems in one file's comments, as `file: message` lines; `fileDir` is where relative paths start. */
export function scanComments(text: string, file: string, fileDir: string, root: string): string[] {
  const problems: string[] = [];
  for (const comment of text.match(COMMENT) ?? []) {
    const outside = OUTSIDE_CITATION.exec(comment);
    if (outside) problems.push(`${file}: cites "${outside[0]}", a document outside the repo; cite docs/ instead`);
    for (const ref of comment.match(DOC_REF) ?? []) {
      if (/^https?:/.test(ref) || ref.includes('://')) continue;
      if (!existsSync(join(root, ref)) && !existsSync(join(fileDir, ref))) {
        problems.push(`${file}: cites ${ref}, which is not in the repository`);
      }
    }
  }
  return problems;
}

test('every document cited in a comment exists, and nothing cites DESIGN/binance-usdm sections', () => {
  const files = SCANNED.flatMap((top) => sourceFiles(join(ROOT, top)));
  assert.ok(files.length > 100, `only ${files.length} source files found under ${ROOT}: wrong root?`);
  const problems = files.flatMap((path) =>
    scanComments(readFileSync(path, 'utf8'), relative(ROOT, path), dirname(path), ROOT),
  );
  assert.deepEqual(problems, [], problems.join('\n'));
});

test('the scan fails on a missing document and on an outside citation (planted)', () => {
  const open = '/' + '*';
  const planted = [
    `${open}* Per docs/no-such-page.md and DESIGN A4. */`,
    `${'/'}/ see binance-usdm.md section 3, and docs/contract.md which exists`,
  ].join('\n');
  const problems = scanComments(planted, 'planted.ts', ROOT, ROOT);
  assert.ok(
    problems.some((p) => p.includes('docs/no-such-page.md')),
    problems.join('\n'),
  );
  assert.ok(
    problems.some((p) => p.includes('"DESIGN A4"')),
    problems.join('\n'),
  );
  assert.ok(
    problems.some((p) => p.includes('"binance-usdm"')),
    problems.join('\n'),
  );
  assert.ok(!problems.some((p) => p.includes('cites docs/contract.md')), problems.join('\n'));
});
