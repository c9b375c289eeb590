/**
 * The import graph of `src/`, read from the TypeScript sources (relative specifiers only: packages are not
 * layers). Used by the layering test; kept apart so a planted-violation test can run the same rules on a
 * made-up graph.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/** Bottom to top: a file may import its own layer or a lower one, never a higher one. */
export const LAYERS = ['schema', 'runtime', 'venues', 'actors', 'app'] as const;

export type ImportGraph = Map<string, string[]>;

const SPECIFIER = /(?:\bfrom\s+|\bimport\s*\(\s*|\bimport\s+)'(\.\.?\/[^']+)'/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(path);
    return /\.c?ts$/.test(e.name) && !e.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Every src file (path relative to `srcRoot`, `.ts`) → the src files it imports. */
export function readImportGraph(srcRoot: string): ImportGraph {
  const graph: ImportGraph = new Map();
  for (const file of sourceFiles(srcRoot)) {
    const from = relative(srcRoot, file);
    const targets: string[] = [];
    for (const m of readFileSync(file, 'utf8').matchAll(SPECIFIER)) {
      const spec = m[1]!.replace(/\.js$/, '.ts').replace(/\.cjs$/, '.cts');
      targets.push(relative(srcRoot, resolve(dirname(file), spec)));
    }
    graph.set(from, targets);
  }
  return graph;
}

/** `actors/risk/x.ts` → `actors`; `app/cli/main.ts` → `app`. */
export function layerOf(path: string): string {
  return path.split('/')[0]!;
}

/** `actors/risk/x.ts` → `actors/risk` (the unit that may not import a sibling unit of its layer). */
function actorOf(path: string): string | undefined {
  const [top, name] = path.split('/');
  return top === 'actors' ? `actors/${name}` : undefined;
}

/** Imports that go upward, into an unknown layer, or from one actor into another (share through schema). */
export function layerViolations(graph: ImportGraph): string[] {
  const out: string[] = [];
  const rank = (p: string) => (LAYERS as readonly string[]).indexOf(layerOf(p));
  for (const [from, targets] of graph) {
    for (const to of targets) {
      if (rank(from) < 0) out.push(`${from}: not in a layer (${LAYERS.join(', ')})`);
      else if (rank(to) < 0) out.push(`${from} → ${to}: target is outside src/ layers`);
      else if (rank(to) > rank(from)) out.push(`${from} → ${to}: ${layerOf(from)} may not import ${layerOf(to)}`);
      else if (actorOf(from) && actorOf(to) && actorOf(from) !== actorOf(to))
        out.push(`${from} → ${to}: one actor may not import another (share it through schema/)`);
    }
  }
  return out;
}

/** Each import cycle once, as the file sequence that closes it (Tarjan's strongly connected components). */
export function importCycles(graph: ImportGraph): string[][] {
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (v: string): void => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1 || (graph.get(v) ?? []).includes(v)) cycles.push(scc.sort());
    }
  };
  for (const v of [...graph.keys()].sort()) if (!idx.has(v)) visit(v);
  return cycles;
}

/** Files outside `src/venues/` that open a connection to a venue themselves (undici, a WebSocket client). */
export function venueCallsOutsideAdapters(srcRoot: string): string[] {
  return sourceFiles(srcRoot)
    .map((file) => relative(srcRoot, file))
    .filter((path) => !path.startsWith('venues/'))
    .filter((path) => /from 'undici'|new WebSocket\(|from 'ws'/.test(readFileSync(join(srcRoot, path), 'utf8')));
}
