/**
 * Which core actors share a thread (`runtime.placement`, issue 19). Core actors (ingest, risk, execution,
 * gateway) can be packed onto one worker the way symbol actors are (src/runtime/packing/), each keeping its own
 * mailbox, state, control port, heartbeat and restart. "isolated" is a thread per actor; "auto" picks the
 * placement measured best for the machine's core count (bench/placement.bench.ts, table in bench/RESULTS.md,
 * reason in docs/architecture.md); an explicit list of groups names who shares with whom.
 */
import { availableParallelism } from 'node:os';
import { TapelineError } from '../schema/errors.js';

/** `symbols` stands for every symbol actor configured at start (the hot path on one thread with few symbols). */
export const CORE_ACTORS = ['ingest', 'risk', 'execution', 'gateway', 'symbols'] as const;
export type CoreActor = (typeof CORE_ACTORS)[number];

/** The config value: a keyword, or groups of core actor names (an actor in no group runs alone). */
export type PlacementSetting = 'auto' | 'isolated' | readonly (readonly string[])[];

/** Resolved: the groups of two or more actors that share a thread; every other core actor runs alone. */
export type Placement = CoreActor[][];

/**
 * The default, from bench/placement.bench.ts on the 2-vCPU guest (bench/RESULTS.md, "Placement by measurement";
 * 3 interleaved rounds, load 14–20): every thread the hot path leaves costs a wake of a parked thread and cold
 * caches, so fewer threads measured better, monotonically: isolated 1.86× the floor at p50, risk+execution 1.53×,
 * ingest+risk+execution 1.34×, with the symbols too 0.99×. So with ≤ 2 cores and a handful of symbols
 * (≤ AUTO_SYMBOLS, unpacked) the hot path runs on one thread (each actor still its own mailbox, state and
 * restart) and the gateway on its own; with more symbols their engine work would queue behind each other, so
 * they keep their threads (or runtime.symbolsPerWorker) and ingest, risk and execution share one. Above 2
 * cores (not measured: no such machine here) risk and execution share a thread: the hand-off between them is
 * sequential anyway and they already fail together (invariant 3); the rest keep a thread each.
 */
export const AUTO_SYMBOLS = 16;

export function autoPlacement(cores: number, symbols = 1, symbolsPerWorker = 1): Placement {
  if (cores > 2) return [['risk', 'execution']];
  if (symbols <= AUTO_SYMBOLS && symbolsPerWorker <= 1) return [['ingest', 'symbols', 'risk', 'execution']];
  return [['ingest', 'risk', 'execution']];
}

function invalid(detail: string): TapelineError {
  return new TapelineError(
    'TL_CONFIG_INVALID',
    `runtime.placement ${detail}; use "auto", "isolated", or groups of core actors such as [["risk","execution"]]`,
  );
}

/** Checks an explicit placement: known core actors only, each in at most one group, no empty group. */
export function parsePlacement(setting: unknown, symbols = 1, symbolsPerWorker = 1): Placement {
  if (setting === undefined || setting === 'auto')
    return autoPlacement(availableParallelism(), symbols, symbolsPerWorker);
  if (setting === 'isolated') return [];
  if (!Array.isArray(setting))
    throw invalid(`must be "auto", "isolated" or an array of groups (got ${JSON.stringify(setting)})`);
  const seen = new Set<string>();
  const groups: Placement = [];
  setting.forEach((group: unknown, i: number) => {
    if (!Array.isArray(group) || group.length === 0)
      throw invalid(`[${i}] must be a non-empty array of actor names (got ${JSON.stringify(group)})`);
    for (const name of group as unknown[]) {
      if (!(CORE_ACTORS as readonly unknown[]).includes(name))
        throw invalid(
          `[${i}] names ${JSON.stringify(name)}, which is not a core actor (one of ${CORE_ACTORS.join(', ')}; single symbol actors are packed by runtime.symbolsPerWorker)`,
        );
      if (seen.has(name as string)) throw invalid(`names ${JSON.stringify(name)} in more than one group`);
      seen.add(name as string);
    }
    if (group.length > 1) groups.push(group as CoreActor[]);
  });
  return groups;
}
