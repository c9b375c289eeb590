/**
 * Tape mode serves a recorded stream under the names a client asks for when the recorder used another: a
 * tape holds `depth@0ms` and `trade` (hftbacktest), our ingest subscribes `depth@100ms` and `aggTrade`. A
 * full-depth diff stream is the same chain of diffs at any cadence (each `pu` is the previous `u`), so it is
 * forwarded byte-exact under the other depth names; a MARKET trade becomes a one-trade aggTrade (a = f = l =
 * the trade id); markPrice and markPrice@1s stand in for each other. A name the tape recorded itself is never
 * aliased over (docs/fill-model.md, paper trading on a tape).
 */
const DEPTH_NAMES = ['depth', 'depth@0ms', 'depth@100ms', 'depth@250ms', 'depth@500ms'];
const MARK_NAMES = ['markPrice', 'markPrice@1s'];

export class TapeStreamAliases {
  private readonly recorded = new Set<string>();
  private readonly cache = new Map<string, string[]>();

  /** Names (other than `name` itself) a recorded frame on `name` also goes out under. */
  aliases(name: string, symbolLower: string, event: string): string[] {
    this.recorded.add(name);
    const part = name.slice(symbolLower.length + 1);
    let targets = this.cache.get(part);
    if (targets === undefined) {
      targets = DEPTH_NAMES.includes(part)
        ? DEPTH_NAMES
        : MARK_NAMES.includes(part)
          ? MARK_NAMES
          : part === 'trade'
            ? ['aggTrade']
            : [];
      targets = targets.filter((t) => t !== part);
      this.cache.set(part, targets);
    }
    if (targets.length === 0 || (part === 'trade' && event !== 'trade')) return [];
    const out: string[] = [];
    for (const t of targets) {
      const full = `${symbolLower}@${t}`;
      if (!this.recorded.has(full)) out.push(full);
    }
    return out;
  }
}

/** A MARKET trade as the one-trade aggTrade the venue would print; undefined for non-market prints. */
export function toAggTrade(d: Record<string, unknown>): string | undefined {
  if (d.X !== undefined && d.X !== 'MARKET') return undefined;
  return `{"e":"aggTrade","E":${d.E},"a":${d.t},"s":"${d.s}","p":"${d.p}","q":"${d.q}","f":${d.t},"l":${d.t},"T":${d.T},"m":${d.m === true}}`;
}
