/**
 * Rendezvous (highest-random-weight) hashing: each symbol goes to the live node with the highest hash of
 * (node, symbol). Every node computes the same answer from the same live set with no coordination, and a node
 * joining or leaving moves only the symbols it wins or held (about 1/N of them), not a reshuffle of all.
 */
import { createHash } from 'node:crypto';

function weight(node: string, symbol: string): bigint {
  // 64 bits of sha256: uniform enough that 500 symbols over 3 nodes land within a few percent of 1/3 each.
  return createHash('sha256').update(node).update('\0').update(symbol).digest().readBigUInt64BE(0);
}

/** The winning node for `symbol` among `nodes` (undefined when there is none); ties go to the smaller id. */
export function rendezvousOwner(symbol: string, nodes: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestWeight = -1n;
  for (const node of nodes) {
    const w = weight(node, symbol);
    if (w > bestWeight || (w === bestWeight && best !== undefined && node < best)) {
      best = node;
      bestWeight = w;
    }
  }
  return best;
}

/** symbol → winning node for every symbol. */
export function assignSymbols(symbols: readonly string[], nodes: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const s of symbols) {
    const owner = rendezvousOwner(s, nodes);
    if (owner !== undefined) out.set(s, owner);
  }
  return out;
}
