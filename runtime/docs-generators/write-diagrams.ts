// Rewrites the generated state diagrams in docs/architecture.md from the machine definitions.
//   npm run docs:diagrams          (write)
//   npm run docs:diagrams -- --check  (exit 1 if the file is out of date)
import { join } from 'node:path';
import type { AnyStateMachine } from 'xstate';
import { breakerMachine } from '../../machines/breaker.machine.ts';
import { createMemberMachine } from '../../machines/member.machine.ts';
import { defaultRegistryConfig } from '../../machines/registry/registry.config.ts';
import { workerMachine } from '../../machines/worker.machine.ts';
import { runGenerator, withBlock } from './generated-block.ts';
import { stateDiagram } from './state-diagram.ts';

export const diagramMachines: Record<string, AnyStateMachine> = {
  member: createMemberMachine(defaultRegistryConfig),
  worker: workerMachine,
  breaker: breakerMachine,
};

export const architecturePath = join(import.meta.dirname, '../../docs/architecture.md');

/** The document with every `<!-- diagram:NAME -->…<!-- /diagram:NAME -->` block regenerated. */
export function withDiagrams(document: string): string {
  let out = document;
  for (const [name, machine] of Object.entries(diagramMachines)) {
    out = withBlock(out, `diagram:${name}`, `\`\`\`mermaid\n${stateDiagram(machine)}\n\`\`\``, 'docs/architecture.md');
  }
  return out;
}

if (import.meta.main) runGenerator(architecturePath, 'docs/architecture.md', withDiagrams, 'npm run docs:diagrams', 'diagrams');
