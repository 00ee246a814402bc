// bench compare's scratch trees: a commit unpacked once and reused, but not when the
// dependencies it links to have gone (another checkout's node_modules, since removed).
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveCommit, sourceTree } from '../../bench/compare/source-tree.ts';

const repo = join(import.meta.dirname, '../..');
const root = mkdtempSync(join(tmpdir(), 'rollcall-source-tree-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('a comparison source tree', () => {
  it('is reused while its dependencies resolve, and made again when its link dangles', () => {
    const { sha } = resolveCommit(repo, 'HEAD');
    const said: string[] = [];
    const dir = sourceTree(repo, sha, (line) => said.push(line), root);
    expect(existsSync(join(dir, 'package.json'))).toBe(true);
    expect(existsSync(join(dir, 'node_modules', 'vitest'))).toBe(true);

    expect(sourceTree(repo, sha, (line) => said.push(line), root)).toBe(dir);
    expect(said.filter((line) => line.startsWith('unpacking'))).toHaveLength(1);

    unlinkSync(join(dir, 'node_modules'));
    symlinkSync(join(root, 'gone', 'node_modules'), join(dir, 'node_modules'), 'dir');
    expect(sourceTree(repo, sha, (line) => said.push(line), root)).toBe(dir);
    expect(said.filter((line) => line.startsWith('unpacking'))).toHaveLength(2);
    expect(existsSync(join(dir, 'node_modules', 'vitest'))).toBe(true);
  }, 120_000);
});
