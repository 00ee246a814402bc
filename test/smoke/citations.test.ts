// Code and docs cite the project's own behaviour contract (docs/behaviour.md) by section, never
// a file outside the repository: every "§N" citation names a section the contract has, and no
// tracked file points at the steering folder or cites the old "SPEC §N".
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');
const TEXT = /\.(ts|js|md|proto|html|css|json|sh)$|^\.ci\/run$/;
const files = spawnSync('git', ['ls-files'], { cwd: ROOT, encoding: 'utf8' })
  .stdout.split('\n')
  .filter((file) => TEXT.test(file) && !file.startsWith('bench/harness-power/mutants/') && file !== 'package-lock.json');
const contract = readFileSync(join(ROOT, 'docs/behaviour.md'), 'utf8');
const sections = new Set([...contract.matchAll(/^## §(\d+) /gm)].map((m) => m[1]));

describe('citations of the behaviour contract', () => {
  it('has numbered sections to cite', () => {
    expect([...sections]).toEqual(['1', '2', '3', '4', '5', '6', '7', '8']);
  });

  it('every tracked file cites docs/behaviour.md, never SPEC or a path outside the repository', () => {
    const found: string[] = [];
    for (const file of files) {
      const text = readFileSync(join(ROOT, file), 'utf8');
      for (const [i, line] of text.split('\n').entries()) {
        if (/\bSPEC §|shared\/SPEC|\.\.\/shared\//.test(line) && file !== 'test/smoke/citations.test.ts') found.push(`${file}:${i + 1}: ${line.trim()}`);
        for (const m of line.matchAll(/behaviour\.md\]?(?:\([^)]*\))? ?§(\d+)|behaviour\.md §(\d+)/g)) {
          const n = m[1] ?? m[2];
          if (n && !sections.has(n)) found.push(`${file}:${i + 1}: cites §${n}, which docs/behaviour.md does not have`);
        }
      }
    }
    expect(found).toEqual([]);
  });
});
