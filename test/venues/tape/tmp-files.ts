/** Test helper: small tape files in a per-test temp directory, removed after the test. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { gzipSync } from 'node:zlib';
import { readTape } from '../../../src/venues/tape/index.js';
import type { ReadTapeOptions, TapeFrame, TapeReader } from '../../../src/venues/tape/index.js';

export function tempDir(t: TestContext): string {
  const dir = mkdtempSync(join(tmpdir(), 'tapeline-tape-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export function writeTemp(dir: string, name: string, content: string | Buffer, gzip = false): string {
  const path = join(dir, name);
  writeFileSync(path, gzip ? gzipSync(content) : content);
  return path;
}

export async function collect(
  path: string,
  options?: ReadTapeOptions,
): Promise<{ frames: TapeFrame[]; reader: TapeReader }> {
  const reader = readTape(path, options);
  const frames: TapeFrame[] = [];
  for await (const frame of reader) frames.push(frame);
  return { frames, reader };
}

/** One combined-stream frame text for a given symbol and event type. */
export function wsFrame(symbol: string, e: string, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ stream: `${symbol.toLowerCase()}@${e}`, data: { e, E: 1723161256299, s: symbol, ...extra } });
}
