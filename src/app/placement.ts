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
 * The default by core count, from bench/placement.bench.ts on the 2-vCPU guest (bench/RESULTS.md, "Placement"):
 * with two cores, risk and execution share a thread, which takes one cross-thread wake off tick-to-trade; ingest
 * stays alone so its socket reads never wait behind an order. With more cores the isolated layout keeps its
 * wake-free parallelism; it was not measured worse there (no such machine was available: stated, not guessed).
 */
export function autoPlacement(cores: number): Placement {
  return cores <= 2 ? [['risk', 'execution']] : [];
}

function invalid(detail: string): TapelineError {
  return new TapelineError(
    'TL_CONFIG_INVALID',
    `runtime.placement ${detail}; use "auto", "isolated", or groups of core actors such as [["risk","execution"]]`,
  );
}

/** Checks an explicit placement: known core actors only, each in at most one group, no empty group. */
export function parsePlacement(setting: unknown): Placement {
  if (setting === undefined || setting === 'auto') return autoPlacement(availableParallelism());
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
