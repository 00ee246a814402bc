// machines/ stays pure: every file in it, at any depth, imports only xstate and files inside
// machines/, and reaches for no ambient time, chance, timers, console or I/O.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../../machines');
/** Paths relative to machines/, with '/' separators: `worker.machine.ts`, `registry/registry.ts`. */
const files = readdirSync(root, { recursive: true, encoding: 'utf8' })
  .map((path) => path.split(sep).join('/'))
  .filter((path) => path.endsWith('.ts'))
  .sort();

const forbidden: [string, RegExp][] = [
  ['Date', /\bDate\b/],
  ['Math.random', /Math\.random/],
  ['setTimeout/setInterval', /\bset(Timeout|Interval|Immediate)\b/],
  ['console', /\bconsole\./],
  ['process', /\bprocess\./],
];

/** Every module specifier: `from '…'`, bare `import '…'` and `import('…')`, either quote. */
function specifiersOf(source: string): string[] {
  const pattern = /\bfrom\s+(['"])([^'"]+)\1|\bimport\s*\(?\s*(['"])([^'"]+)\3/g;
  return [...source.matchAll(pattern)].map((m) => m[2] ?? m[4] ?? '');
}

/** xstate, or a relative `.ts` path that resolves to a file inside machines/. */
function allowedImport(file: string, spec: string): boolean {
  if (spec === 'xstate') return true;
  if (!/^\.\.?\//.test(spec) || !spec.endsWith('.ts')) return false;
  const target = relative(root, normalize(join(root, dirname(file), spec)));
  return !target.startsWith('..') && !target.includes(':') && files.includes(target.split(sep).join('/'));
}

describe('machines/ purity', () => {
  it('sees the files in subfolders too', () => {
    expect(files).toContain('worker.machine.ts');
    expect(files).toContain('registry/registry.ts');
  });

  it('accepts xstate and paths inside machines/, rejects anything else', () => {
    expect(allowedImport('registry/registry.ts', '../member.machine.ts')).toBe(true);
    expect(allowedImport('registry/registry.ts', './sweeps.ts')).toBe(true);
    expect(allowedImport('worker.machine.ts', './registry/registry.ts')).toBe(true);
    expect(allowedImport('registry/registry.ts', '../../runtime/clock/clock.ts')).toBe(false);
    expect(allowedImport('worker.machine.ts', '../runtime/clock/clock.ts')).toBe(false);
    expect(allowedImport('worker.machine.ts', './no-such-file.ts')).toBe(false);
    expect(allowedImport('worker.machine.ts', 'node:fs')).toBe(false);
    expect(allowedImport('worker.machine.ts', 'xstate/actors')).toBe(false);
    expect(specifiersOf(`import './a.ts';\nconst m = await import("node:fs");\nimport type {\n  X,\n} from '../b.ts';`)).toEqual([
      './a.ts',
      'node:fs',
      '../b.ts',
    ]);
  });

  it.each(files)('%s imports only xstate and files inside machines/', (file) => {
    const source = readFileSync(join(root, file), 'utf8');
    for (const spec of specifiersOf(source)) expect(allowedImport(file, spec), `${file} imports ${spec}`).toBe(true);
  });

  it.each(files)('%s uses no ambient time, chance, timers, console or I/O', (file) => {
    const code = readFileSync(join(root, file), 'utf8').replace(/\/\/.*$/gm, '');
    for (const [what, pattern] of forbidden) expect(pattern.test(code), `${file} uses ${what}`).toBe(false);
  });

  it.each(files)('%s has a kebab-case name and stays under 300 lines', (file) => {
    for (const part of file.split('/').slice(0, -1)) expect(part).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    expect(file.split('/').at(-1)).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*(\.[a-z]+)*\.ts$/);
    expect(readFileSync(join(root, file), 'utf8').split('\n').length).toBeLessThan(300);
  });
});
