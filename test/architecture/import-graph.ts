// The project's import graph, read from the source with a small scanner over import and
// export-from statements (static and dynamic), for the layering test (import-graph.test.ts).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';

/** Each file (a path relative to the root) with the files it imports, in source order. */
export type ImportGraph = Map<string, string[]>;

const SPECIFIERS = [
  /\b(?:import|export)\s+(?:type\s+)?[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]/g,
  /\bimport\s*['"]([^'"]+)['"]/g,
  /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g,
];

/** What `source` imports by relative path (packages and node: modules are not part of the graph). */
export function importsOf(source: string): string[] {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const found: { at: number; spec: string }[] = [];
  for (const pattern of SPECIFIERS) {
    for (const match of code.matchAll(pattern)) if (match[1]!.startsWith('.')) found.push({ at: match.index, spec: match[1]! });
  }
  return found.sort((a, b) => a.at - b.at).map((f) => f.spec);
}

function tsFiles(root: string, dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(join(root, dir))) {
    const path = join(dir, name);
    if (statSync(join(root, path)).isDirectory()) out.push(...tsFiles(root, path));
    else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

/** The graph of every .ts file under `dirs` of `root`; imports leaving those folders are kept as edges too. */
export function readImportGraph(root: string, dirs: readonly string[]): ImportGraph {
  const graph: ImportGraph = new Map();
  for (const file of dirs.flatMap((dir) => tsFiles(root, dir)).sort()) {
    const targets = importsOf(readFileSync(join(root, file), 'utf8')).map((spec) => normalize(relative(root, join(root, dirname(file), spec))));
    graph.set(file, targets);
  }
  return graph;
}

/** Every import cycle, one per strongly connected set of files, each as a path that ends where it starts. */
export function cyclesOf(graph: ImportGraph): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (node: string): void => {
    index.set(node, index.size);
    low.set(node, index.get(node)!);
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!graph.has(next)) continue;
      if (!index.has(next)) visit(next);
      if (onStack.has(next)) low.set(node, Math.min(low.get(node)!, index.get(next)! < low.get(next)! ? index.get(next)! : low.get(next)!));
    }
    if (low.get(node) !== index.get(node)) return;
    const members = new Set<string>();
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      members.add(member);
    } while (member !== node);
    if (members.size > 1 || graph.get(node)!.includes(node)) cycles.push(cycleThrough(graph, node, members));
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return cycles;
}

/** The shortest path from `start` back to itself inside `members` (a strongly connected set). */
function cycleThrough(graph: ImportGraph, start: string, members: Set<string>): string[] {
  const cameFrom = new Map<string, string>();
  const queue = [start];
  for (let i = 0; i < queue.length; i++) {
    const node = queue[i]!;
    for (const next of graph.get(node) ?? []) {
      if (!members.has(next)) continue;
      if (next === start) {
        const path = [start];
        for (let at = node; at !== start; at = cameFrom.get(at)!) path.splice(1, 0, at);
        return [...path, start];
      }
      if (!cameFrom.has(next)) {
        cameFrom.set(next, node);
        queue.push(next);
      }
    }
  }
  return [start, start];
}

/** Imports of files under `layer` by files that `mayImport` does not allow to, as "from → to". */
export function importsInto(graph: ImportGraph, layer: string, mayImport: (file: string) => boolean): string[] {
  const out: string[] = [];
  for (const [file, targets] of graph) {
    if (mayImport(file)) continue;
    for (const target of targets) if (target.startsWith(layer)) out.push(`${file} → ${target}`);
  }
  return out;
}
