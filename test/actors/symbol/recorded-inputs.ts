/**
 * Test helper: a recorded tape (shared/data or $TAPELINE_RECORDED_DATA) decoded into the SymbolInput sequence a
 * symbol actor would receive, with each frame's receive time. Loaded once per test file; absent data → skip.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import type { SymbolInput } from '../../../src/schema/symbol-input.js';
import { decodeEvent, decodeRest } from '../../../src/venues/binance/codec/index.js';
import { readTape } from '../../../src/venues/tape/index.js';
import { RECORDED_DATA } from '../../venues/tape/recorded-data.js';

export interface TimedInput {
  input: SymbolInput;
  recvTs: number;
}

export function recordedPath(t: TestContext, relative: string): string | undefined {
  const path = join(RECORDED_DATA, relative);
  if (!existsSync(path)) {
    t.skip(`recorded data absent: ${path}`);
    return undefined;
  }
  return path;
}

export async function loadInputs(path: string): Promise<TimedInput[]> {
  const out: TimedInput[] = [];
  for await (const frame of readTape(path)) {
    if (frame.kind === 'ws') {
      const e = decodeEvent(frame.data, frame.stream);
      if (e) out.push({ input: e, recvTs: frame.recvTsMs });
    } else {
      for (const e of decodeRest(frame.url as string, frame.data, frame.recvTsMs) ?? []) {
        out.push({ input: e, recvTs: frame.recvTsMs });
      }
    }
  }
  return out;
}
