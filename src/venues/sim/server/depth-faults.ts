/**
 * `DepthFaults`: which published diff-depth events the stream hub drops or holds back, by count (the next N
 * events) or by rate (each event with probability p, drawn from a seeded sfc32 so a run is reproducible), and
 * an exact account of what was injected: every fault is counted and logged by symbol and update id, so a soak
 * can match each injected fault to the gap the client detected (or did not). Pure state: no I/O, no clock.
 * Invariant: `events` counts every diff-depth event somebody would have received, dropped or not.
 */
import { Rng } from '../market/rng.js';

/** Injected faults logged at most (about 40 bytes each); beyond, only counted (`logOverflow`). */
export const FAULT_LOG_CAP = 200_000;
/** sfc32 stream ids of the two draws, so a gap rate and a reorder rate never share a sequence. */
const GAP_STREAM = 0x6761;
const REORDER_STREAM = 0x726f;

export type DepthFaultKind = 'gap' | 'reorder';

/** One injected fault: the affected event's `pu` (the `u` a client last applied before it) and its own `u`.
 * `malformed`: a `malformed` fault cut this diff's frame, so a client loses it as if dropped. */
export interface InjectedFault {
  symbol: string;
  kind: DepthFaultKind | 'malformed';
  pu: number;
  u: number;
}

export interface DepthFaultReport {
  /** Diff-depth events somebody listened to (each counted once, whatever its number of streams). */
  events: number;
  /** Events dropped (gap faults) and held back one place (reorder faults), count and rate faults together. */
  dropped: number;
  reordered: number;
  /** Diff frames a `malformed` fault happened to cut. */
  malformed: number;
  rates: Record<DepthFaultKind, Record<string, number>>;
  pending: Record<DepthFaultKind, Record<string, number>>;
  logged: number;
  logOverflow: number;
  /** Present when asked for: every logged fault, oldest first. */
  log?: InjectedFault[];
}

export class FaultPlan {
  /** Events still to fault, per symbol ('*' = any symbol). */
  readonly remaining = new Map<string, number>();
  /** Per-event probability, per symbol ('*' = any symbol without its own rate). */
  readonly rate = new Map<string, number>();
  rng: Rng;

  constructor(private readonly stream: number) {
    this.rng = new Rng(1, stream);
  }

  reseed(seed: number): void {
    this.rng = new Rng(seed, this.stream);
  }

  /** Whether this event is faulted: a pending count first (no draw), else one draw when a rate applies. */
  take(symbol: string): boolean {
    if (this.remaining.size > 0 && (this.spend(symbol) || this.spend('*'))) return true;
    if (this.rate.size === 0) return false;
    const p = this.rate.get(symbol) ?? this.rate.get('*');
    return p !== undefined && this.rng.next() < p;
  }

  private spend(key: string): boolean {
    const n = this.remaining.get(key);
    if (n === undefined) return false;
    if (n <= 1) this.remaining.delete(key);
    else this.remaining.set(key, n - 1);
    return true;
  }
}

export class DepthFaults {
  readonly gap = new FaultPlan(GAP_STREAM);
  readonly reorder = new FaultPlan(REORDER_STREAM);
  events = 0;
  dropped = 0;
  reordered = 0;
  malformed = 0;
  logOverflow = 0;
  private readonly log: InjectedFault[] = [];

  /** An event somebody listens to is about to go out: should it be dropped? Counts it either way. */
  drop(symbol: string, pu: number, u: number): boolean {
    this.events++;
    if (!this.gap.take(symbol)) return false;
    this.dropped++;
    this.record(symbol, 'gap', pu, u);
    return true;
  }

  /** Should this (not dropped) event be held and sent after the next one? */
  hold(symbol: string, pu: number, u: number): boolean {
    if (!this.reorder.take(symbol)) return false;
    this.reordered++;
    this.record(symbol, 'reorder', pu, u);
    return true;
  }

  /** A `malformed` fault cut this diff's frame on its way out. */
  cut(symbol: string, pu: number, u: number): void {
    this.malformed++;
    this.record(symbol, 'malformed', pu, u);
  }

  plan(kind: DepthFaultKind): FaultPlan {
    return kind === 'gap' ? this.gap : this.reorder;
  }

  report(withLog: boolean): DepthFaultReport {
    const out: DepthFaultReport = {
      events: this.events,
      dropped: this.dropped,
      reordered: this.reordered,
      malformed: this.malformed,
      rates: { gap: Object.fromEntries(this.gap.rate), reorder: Object.fromEntries(this.reorder.rate) },
      pending: { gap: Object.fromEntries(this.gap.remaining), reorder: Object.fromEntries(this.reorder.remaining) },
      logged: this.log.length,
      logOverflow: this.logOverflow,
    };
    if (withLog) out.log = this.log.slice();
    return out;
  }

  private record(symbol: string, kind: InjectedFault['kind'], pu: number, u: number): void {
    if (this.log.length >= FAULT_LOG_CAP) this.logOverflow++;
    else this.log.push({ symbol, kind, pu, u });
  }
}
