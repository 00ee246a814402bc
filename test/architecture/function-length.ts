// Functions longer than the house limit (about 60 lines), found by parsing each source file with
// the TypeScript parser of Vite, which vitest runs on (oxc): function declarations and
// expressions, arrow functions and methods. A machine's `setup({...}).createMachine({...})` config is an object, not a function,
// so it is not measured, nor is a function that only returns one (a machine factory such as
// `createMemberMachine(limits)`); the functions inside it are.
// `npx node test/architecture/function-length.ts` prints them; function-length.test.ts fails on one.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseSync } from 'vite';

export const MAX_FUNCTION_LINES = 60;
export const CHECKED_FOLDERS = ['machines', 'runtime', 'bench', 'scenarios'] as const;

export interface LongFunction {
  file: string;
  name: string;
  line: number;
  lines: number;
}

interface Node {
  type: string;
  start: number;
  end: number;
  [key: string]: unknown;
}

const FUNCTION_TYPES = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression']);

const isNode = (value: unknown): value is Node =>
  typeof value === 'object' && value !== null && typeof (value as Node).type === 'string' && typeof (value as Node).start === 'number';

/** The name a function is known by: its own, or the key, variable or property that holds it. */
function nameOf(node: Node, holder: Node | undefined): string {
  const own = (node.id as { name?: string } | null)?.name;
  if (own) return own;
  const key = (holder?.key ?? holder?.id) as { name?: string; value?: unknown } | undefined;
  return key?.name ?? (key?.value === undefined ? '(anonymous)' : String(key.value));
}

/** A function whose body is `return setup(…).createMachine(…)`: its length is the machine's config. */
function isMachineFactory(node: Node): boolean {
  const statements = (node.body as { body?: Node[] } | null)?.body;
  const only = statements?.length === 1 ? statements[0] : undefined;
  const call = only?.type === 'ReturnStatement' ? (only.argument as Node | null) : null;
  const callee = call?.type === 'CallExpression' ? (call.callee as Node & { property?: { name?: string } }) : null;
  return callee?.type === 'MemberExpression' && callee.property?.name === 'createMachine';
}

/** Every function of `source` longer than `max` lines, outermost first. */
export function longFunctions(file: string, source: string, max = MAX_FUNCTION_LINES): LongFunction[] {
  const parsed = parseSync(file, source, { lang: 'ts' });
  if (parsed.errors.length > 0) throw new Error(`${file}: cannot parse: ${parsed.errors[0]!.message}`);
  const lineStarts = [0];
  for (let i = 0; i < source.length; i++) if (source[i] === '\n') lineStarts.push(i + 1);
  const lineOf = (offset: number) => {
    let low = 0;
    let high = lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (lineStarts[mid]! <= offset) low = mid;
      else high = mid - 1;
    }
    return low + 1;
  };
  const found: LongFunction[] = [];
  const visit = (node: Node, holder: Node | undefined): void => {
    if (FUNCTION_TYPES.has(node.type) && !isMachineFactory(node)) {
      const [first, last] = [lineOf(node.start), lineOf(node.end)];
      if (last - first + 1 > max) found.push({ file, name: nameOf(node, holder), line: first, lines: last - first + 1 });
    }
    for (const value of Object.values(node)) {
      for (const child of Array.isArray(value) ? value : [value]) if (isNode(child)) visit(child, node);
    }
  };
  visit(parsed.program as unknown as Node, undefined);
  return found;
}

function sourceFiles(root: string, dir: string): string[] {
  return readdirSync(join(root, dir)).sort().flatMap((name) => {
    const path = join(dir, name);
    if (statSync(join(root, path)).isDirectory()) return sourceFiles(root, path);
    return name.endsWith('.ts') && !name.endsWith('.d.ts') ? [path] : [];
  });
}

/** The long functions of every source file under `folders` of `root`. */
export function longFunctionsUnder(root: string, folders: readonly string[] = CHECKED_FOLDERS): LongFunction[] {
  return folders.flatMap((dir) => sourceFiles(root, dir)).flatMap((file) => longFunctions(file, readFileSync(join(root, file), 'utf8')));
}

if (import.meta.main) {
  const root = join(import.meta.dirname, '..', '..');
  for (const f of longFunctionsUnder(root)) console.log(`${f.file}:${f.line} ${f.name} ${f.lines} lines`);
}
