/**
 * Test helper: where the recorded venue data lives (`../shared/data` from the repo root, or
 * `$TAPELINE_RECORDED_DATA`), and a one-pass decode of a recording into what the checks need. The data is
 * never copied into the repo; a test whose file is absent skips with a visible message.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { TestContext } from 'node:test';
import { fileURLToPath } from 'node:url';
import { decodeEvent, decodeRest } from '../../../src/venues/binance/codec/index.js';
import type {
  AggTradeEvent,
  DepthSnapshotEvent,
  DepthUpdateEvent,
  MarketEvent,
} from '../../../src/venues/binance/codec/index.js';
import { readTape } from '../../../src/venues/tape/index.js';
import type { TapeFrame, TapeReadStats } from '../../../src/venues/tape/index.js';

function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('package.json not found above the test file');
    dir = up;
  }
  return dir;
}

export const RECORDED_DATA = process.env.TAPELINE_RECORDED_DATA ?? resolve(repoRoot(), '..', 'shared', 'data');

/** The file's path, or undefined after marking the test skipped (the caller returns). */
export function recordedFile(t: TestContext, relative: string): string | undefined {
  const path = join(RECORDED_DATA, relative);
  if (!existsSync(path)) {
    t.skip(`recorded data absent: ${path}`);
    return undefined;
  }
  return path;
}

export interface Decoded {
  stats: TapeReadStats;
  frames: TapeFrame[];
  counts: Record<string, number>;
  depth: Map<string, DepthUpdateEvent[]>;
  aggTrades: Map<string, AggTradeEvent[]>;
  snapshots: DepthSnapshotEvent[];
  /** Frames no codec claims (exchangeInfo, spot shapes): checked by the tests that expect them. */
  undecoded: TapeFrame[];
}

function pushTo<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Reads and decodes a whole recording; any codec or tape error fails the calling test. */
export async function decodeRecording(source: string | AsyncIterable<TapeFrame>, keepFrames = false): Promise<Decoded> {
  const reader = typeof source === 'string' ? readTape(source) : undefined;
  const result: Decoded = {
    stats: reader?.stats ?? ({} as TapeReadStats),
    frames: [],
    counts: {},
    depth: new Map(),
    aggTrades: new Map(),
    snapshots: [],
    undecoded: [],
  };
  for await (const frame of reader ?? (source as AsyncIterable<TapeFrame>)) {
    if (keepFrames) result.frames.push(frame);
    let events: readonly MarketEvent[] | null;
    if (frame.kind === 'ws') {
      const event = decodeEvent(frame.data, frame.stream);
      events = event ? [event] : null;
    } else {
      events = decodeRest(frame.url as string, frame.data, frame.recvTsMs);
    }
    if (events === null) {
      result.undecoded.push(frame);
      continue;
    }
    for (const e of events) {
      result.counts[e.kind] = (result.counts[e.kind] ?? 0) + 1;
      if (e.kind === 'depthUpdate') pushTo(result.depth, e.symbol, e);
      else if (e.kind === 'aggTrade') pushTo(result.aggTrades, e.symbol, e);
      else if (e.kind === 'depthSnapshot') result.snapshots.push(e);
    }
  }
  return result;
}

/** Indexes (in order) where `pu` differs from the previous event's `u`: empty when the stream is contiguous. */
export function puGaps(events: readonly DepthUpdateEvent[]): number[] {
  const gaps: number[] = [];
  for (let i = 1; i < events.length; i++) {
    if ((events[i] as DepthUpdateEvent).prevFinalUpdateId !== (events[i - 1] as DepthUpdateEvent).finalUpdateId)
      gaps.push(i);
  }
  return gaps;
}

/** Futures alignment: some diff of the snapshot's symbol has `U <= lastUpdateId <= u`. */
export function isAligned(snapshot: DepthSnapshotEvent, diffs: readonly DepthUpdateEvent[]): boolean {
  return diffs.some((d) => d.firstUpdateId <= snapshot.lastUpdateId && snapshot.lastUpdateId <= d.finalUpdateId);
}
