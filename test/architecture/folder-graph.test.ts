// docs/architecture.md's picture of the layout is the code's: its folder-level import graph is
// generated (folder-graph.ts), and this test fails when the code's imports changed and the
// picture was not regenerated (npm run import-graph).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { architecturePath, folderEdges, folderFlowchart, folderOf, LAYERS, ROOT, withImportGraph } from './folder-graph.ts';
import { readImportGraph, type ImportGraph } from './import-graph.ts';

describe('the generated import graph in docs/architecture.md', () => {
  it('is up to date (npm run import-graph)', () => {
    const current = readFileSync(architecturePath, 'utf8');
    expect(withImportGraph(current, readImportGraph(ROOT, LAYERS))).toBe(current);
  });
});

describe('the folder graph itself', () => {
  const fixture: ImportGraph = new Map(Object.entries({
    'runtime/chaos/real/cluster.ts': ['runtime/chaos/scenario.ts', 'runtime/sim/clock.ts', 'test/helper.ts'],
    'runtime/chaos/scenario.ts': ['machines/registry/core.ts', 'machines/registry/core.ts'],
    'runtime/sim/clock.ts': [],
    'machines/registry/core.ts': ['machines/random.ts'],
    'machines/random.ts': [],
    'bench/sim/sim.bench.ts': ['runtime/sim/clock.ts'],
  }));

  it('draws a file in the first two folders of its path, and bench/ and scenarios/ as one box each', () => {
    expect(folderOf('runtime/chaos/real/cluster.ts')).toBe('runtime/chaos');
    expect(folderOf('machines/random.ts')).toBe('machines');
    expect(folderOf('bench/sim/sim.bench.ts')).toBe('bench');
    expect(folderOf('scenarios/support/replicas.ts')).toBe('scenarios');
  });

  it('counts imports between folders, leaving out those inside one folder or leaving the graph', () => {
    expect(Object.fromEntries(folderEdges(fixture))).toEqual({
      'runtime/chaos → runtime/sim': 1,
      'runtime/chaos → machines/registry': 2,
      'machines/registry → machines': 1,
      'bench → runtime/sim': 1,
    });
  });

  it('labels each arrow with its count and rewrites only the marked block', () => {
    const chart = folderFlowchart(fixture);
    expect(chart).toContain('runtime_chaos -->|2| machines_registry');
    const document = 'before\n<!-- import-graph -->\nstale\n<!-- /import-graph -->\nafter\n';
    const written = withImportGraph(document, fixture);
    expect(written).toBe(`before\n<!-- import-graph -->\n\`\`\`mermaid\n${chart}\n\`\`\`\n<!-- /import-graph -->\nafter\n`);
    expect(withImportGraph(written, fixture)).toBe(written);
    expect(() => withImportGraph('no block', fixture)).toThrow(/no <!-- import-graph -->/);
  });
});
