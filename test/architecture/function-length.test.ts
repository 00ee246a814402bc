// Functions stay at most about 60 lines (issue #18): the check (function-length.ts) parses every
// source file of machines/, runtime/, bench/ and scenarios/, and fails on a longer function.
import { describe, expect, it } from 'vitest';
import { longFunctions, longFunctionsUnder, MAX_FUNCTION_LINES } from './function-length.ts';
import { ROOT } from './folder-graph.ts';

const body = (lines: number) => Array.from({ length: lines - 2 }, (_, i) => `  step(${i});`).join('\n');

describe('function length', () => {
  const found = longFunctionsUnder(ROOT).map((f) => `${f.file} ${f.name}`);

  it(`finds no function over ${MAX_FUNCTION_LINES} lines in machines/, runtime/, bench/ or scenarios/ (npx node test/architecture/function-length.ts lists them)`, () => {
    expect(found).toEqual([]);
  });

  it('finds a planted 61-line function, arrow function and method, and passes 60 lines', () => {
    const source = [
      `function planted() {\n${body(61)}\n}`,
      `const arrow = (n: number): void => {\n${body(61)}\n};`,
      `class Holder {\n  method(): void {\n${body(61)}\n  }\n}`,
      `function fits() {\n${body(60)}\n}`,
    ].join('\n');
    expect(longFunctions('planted.ts', source).map((f) => [f.name, f.lines])).toEqual([
      ['planted', 61],
      ['arrow', 61],
      ['method', 61],
    ]);
  });

  it('measures the functions inside a machine config, not the config or a factory that only returns it', () => {
    const config = Array.from({ length: 70 }, (_, i) => `    s${i}: {},`).join('\n');
    const source = [
      `export const m = setup({}).createMachine({\n  states: {\n${config}\n  },\n});`,
      `export function createM(limits: number) {\n  return setup({}).createMachine({\n  states: {\n${config}\n  },\n  });\n}`,
      `export const n = setup({ actions: { big: () => {\n${body(61)}\n} } }).createMachine({});`,
    ].join('\n');
    expect(longFunctions('machine.ts', source).map((f) => f.name)).toEqual(['big']);
  });

  it('refuses a file it cannot parse, naming it', () => {
    expect(() => longFunctions('broken.ts', 'function (')).toThrow('broken.ts: cannot parse');
  });
});
