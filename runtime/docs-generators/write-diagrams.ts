// Rewrites the generated state diagrams in docs/architecture.md from the machine definitions.
//   npm run docs:diagrams          (write)
//   npm run docs:diagrams -- --check  (exit 1 if the file is out of date)
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AnyStateMachine } from 'xstate';
import { breakerMachine } from '../../machines/breaker.machine.ts';
import { createMemberMachine } from '../../machines/member.machine.ts';
import { defaultRegistryConfig } from '../../machines/registry/registry.config.ts';
import { workerMachine } from '../../machines/worker.machine.ts';
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
    const open = `<!-- diagram:${name} -->`;
    const close = `<!-- /diagram:${name} -->`;
    const start = out.indexOf(open);
    const end = out.indexOf(close);
    if (start < 0 || end < start) throw new Error(`docs/architecture.md has no ${open} … ${close} block`);
    const block = `${open}\n\`\`\`mermaid\n${stateDiagram(machine)}\n\`\`\`\n${close}`;
    out = out.slice(0, start) + block + out.slice(end + close.length);
  }
  return out;
}

if (import.meta.main) {
  const current = readFileSync(architecturePath, 'utf8');
  const next = withDiagrams(current);
  if (process.argv.includes('--check')) {
    if (next !== current) {
      console.error('docs/architecture.md is out of date: run npm run docs:diagrams');
      process.exit(1);
    }
  } else {
    writeFileSync(architecturePath, next);
    console.log('docs/architecture.md: diagrams regenerated');
  }
}
