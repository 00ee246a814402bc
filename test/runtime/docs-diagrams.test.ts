// docs/architecture.md shows the machines as they are: its diagrams are generated from the
// definitions, and this test fails when a machine changes and the docs were not regenerated.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { architecturePath, diagramMachines, withDiagrams } from '../../runtime/docs-generators/write-diagrams.ts';
import { stateDiagram } from '../../runtime/docs-generators/state-diagram.ts';

describe('generated state diagrams', () => {
  it('docs/architecture.md is up to date (npm run docs:diagrams)', () => {
    const current = readFileSync(architecturePath, 'utf8');
    expect(withDiagrams(current)).toBe(current);
  });

  it.each(Object.entries(diagramMachines))('the %s diagram names every state of the machine', (_name, machine) => {
    const diagram = stateDiagram(machine);
    const walk = (node: typeof machine.root): string[] => [node.key, ...Object.values(node.states).flatMap((c) => walk(c as typeof node))];
    for (const key of walk(machine.root).slice(1)) expect(diagram).toContain(` : ${key}`);
  });
});
