// The layering of the code, checked on its import graph (import-graph.ts): no import cycles in
// machines/, runtime/, scenarios/ or bench/, and nothing the production registry or worker runs
// imports the simulator (runtime/sim/): the simulator plugs into the registry's ports (its
// clock, store, network and event log), never the reverse.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cyclesOf, importsInto, importsOf, readImportGraph, type ImportGraph } from './import-graph.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const graph = readImportGraph(root, ['machines', 'runtime', 'scenarios', 'bench']);

/**
 * Who may import runtime/sim/: the simulator itself, the benches, and its front ends — the
 * `sim` command, the chaos harness's simulated mode (runtime/chaos/sim/) and the report of
 * a simulated run (runtime/report/sim-result.ts, screenshot.ts).
 */
const SIM_FRONT_ENDS = new Set(['runtime/cli/sim.command.ts', 'runtime/report/sim-result.ts', 'runtime/report/screenshot.ts']);
function mayImportSim(file: string): boolean {
  return file.startsWith('runtime/sim/') || file.startsWith('bench/') || file.startsWith('runtime/chaos/sim/') || SIM_FRONT_ENDS.has(file);
}

const named = (cycles: string[][]) => cycles.map((cycle) => cycle.join(' → '));

describe('the import graph', () => {
  it('reads every source file and its relative imports', () => {
    expect(graph.size).toBeGreaterThan(300);
    expect(graph.get('runtime/registry/registry-host.ts')).toContain('machines/registry/registry.ts');
  });

  it('has no import cycle', () => {
    expect(named(cyclesOf(graph))).toEqual([]);
  });

  it('has no production file importing the simulator (runtime/sim/)', () => {
    expect(importsInto(graph, 'runtime/sim/', mayImportSim)).toEqual([]);
  });
});

describe('the checks themselves', () => {
  const fixture = (edges: Record<string, string[]>): ImportGraph => new Map(Object.entries(edges));

  it('name a planted cycle, start to end', () => {
    const planted = fixture({ 'a.ts': ['b.ts'], 'b.ts': ['c.ts', 'x.ts'], 'c.ts': ['a.ts'], 'x.ts': [] });
    expect(named(cyclesOf(planted))).toEqual(['a.ts → b.ts → c.ts → a.ts']);
    expect(named(cyclesOf(fixture({ 'a.ts': ['a.ts'] })))).toEqual(['a.ts → a.ts']);
    expect(cyclesOf(fixture({ 'a.ts': ['b.ts'], 'b.ts': [] }))).toEqual([]);
  });

  it('find a cycle planted in the real graph, and an upward import', () => {
    const planted = new Map(graph);
    planted.set('machines/registry/sessions.ts', [...graph.get('machines/registry/sessions.ts')!, 'machines/registry/registry.ts']);
    planted.set('runtime/registry/registry-host.ts', [...graph.get('runtime/registry/registry-host.ts')!, 'runtime/sim/sim-network.ts']);
    const cycles = named(cyclesOf(planted));
    expect(cycles).toHaveLength(1);
    expect(cycles[0]).toMatch(/^machines\/registry\/\S+ → .* → machines\/registry\/\S+$/);
    expect(cycles[0]).toContain('machines/registry/sessions.ts → machines/registry/registry.ts');
    expect(importsInto(planted, 'runtime/sim/', mayImportSim)).toEqual(['runtime/registry/registry-host.ts → runtime/sim/sim-network.ts']);
  });

  it('read imports of every form, not commented ones nor packages', () => {
    const source = [
      "import { a } from './a.ts';",
      "import type {\n  B,\n  C,\n} from '../b.ts';",
      "export { d } from './d.ts';",
      "import './side-effect.ts';",
      "const e = await import('./e.ts');",
      "// import { f } from './f.ts';",
      "import { g } from 'node:fs';",
    ].join('\n');
    expect(importsOf(source)).toEqual(['./a.ts', '../b.ts', './d.ts', './side-effect.ts', './e.ts']);
  });
});
