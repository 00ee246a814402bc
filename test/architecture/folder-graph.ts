// The import graph at the grain of folders, drawn as a Mermaid flowchart for the layout section
// of docs/architecture.md: one box per folder of machines/ and runtime/ (bench/ and scenarios/
// each one box: their sub-folders are leaves), one arrow per importing pair, labelled with the
// number of imports. Rewrites the marked block:
//   npm run import-graph              (write)
//   npm run import-graph -- --check   (exit 1 if the block is out of date)
import { dirname, join } from 'node:path';
import { runGenerator, withBlock } from '../../runtime/docs-generators/generated-block.ts';
import { readImportGraph, type ImportGraph } from './import-graph.ts';

export const ROOT = join(import.meta.dirname, '../..');
export const LAYERS = ['machines', 'runtime', 'scenarios', 'bench'] as const;
export const architecturePath = join(ROOT, 'docs/architecture.md');

/** The folder a file is drawn in: its first two path segments, or its layer for bench/ and scenarios/. */
export function folderOf(file: string): string {
  const parts = dirname(file).split('/');
  return parts[0] === 'bench' || parts[0] === 'scenarios' ? parts[0] : parts.slice(0, 2).join('/');
}

/** How many imports go from each folder to each other folder ("from → to" → count), inside the graph. */
export function folderEdges(graph: ImportGraph): Map<string, number> {
  const edges = new Map<string, number>();
  for (const [file, targets] of graph) {
    for (const target of targets) {
      if (!graph.has(target) || folderOf(target) === folderOf(file)) continue;
      const key = `${folderOf(file)} → ${folderOf(target)}`;
      edges.set(key, (edges.get(key) ?? 0) + 1);
    }
  }
  return edges;
}

const idOf = (folder: string): string => folder.replace(/[^A-Za-z0-9]/g, '_');

/** The Mermaid flowchart: folders grouped by layer, edges sorted, so the same code gives the same text. */
export function folderFlowchart(graph: ImportGraph): string {
  const folders = [...new Set([...graph.keys()].map(folderOf))].sort();
  const lines = ['flowchart LR'];
  for (const layer of LAYERS) {
    const inLayer = folders.filter((folder) => folder.split('/')[0] === layer);
    lines.push(`  subgraph ${layer}_layer [${layer}/]`);
    for (const folder of inLayer) lines.push(`    ${idOf(folder)}["${folder === layer ? `${layer}/` : folder.slice(layer.length + 1)}"]`);
    lines.push('  end');
  }
  const edges = [...folderEdges(graph)].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  for (const [key, count] of edges) {
    const [from, to] = key.split(' → ') as [string, string];
    lines.push(`  ${idOf(from)} -->|${count}| ${idOf(to)}`);
  }
  return lines.join('\n');
}

/** The document with its `<!-- import-graph -->…<!-- /import-graph -->` block regenerated. */
export function withImportGraph(document: string, graph: ImportGraph): string {
  return withBlock(document, 'import-graph', `\`\`\`mermaid\n${folderFlowchart(graph)}\n\`\`\``, 'docs/architecture.md');
}

if (import.meta.main) {
  const graph = readImportGraph(ROOT, LAYERS);
  runGenerator(architecturePath, 'docs/architecture.md', (document) => withImportGraph(document, graph), 'npm run import-graph', 'import graph');
}
