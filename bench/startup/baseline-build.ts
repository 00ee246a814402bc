// The builds `bench startup` compares: this checkout, built in place (dist/), and a baseline
// commit unpacked into a scratch folder (the one bench compare uses) and built there.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { resolveCommit, SourceTreeError, sourceTree } from '../compare/source-tree.ts';

export const ROOT = join(import.meta.dirname, '../..');

export interface Build {
  /** What the table calls it: "baseline a2a9623", "this checkout". */
  name: string;
  /** The compiled `rollcall` command. */
  cli: string;
  /** Environment added to each run (e.g. the compile cache turned off). */
  env: Record<string, string>;
  remove(): void;
}

function npmBuild(dir: string): void {
  const build = spawnSync('npm', ['run', '-s', 'build'], { cwd: dir, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`npm run build failed in ${dir}: ${build.stderr || build.stdout}`);
}

/** The commit `rev` names, unpacked by bench compare's source trees (cached by hash) and built there. */
export function baselineBuild(rev: string): Build {
  const { sha } = resolveCommit(ROOT, rev);
  const dir = sourceTree(ROOT, sha, (line) => console.error(line));
  const cli = join(dir, 'dist/runtime/cli/rollcall.js');
  if (!existsSync(cli)) npmBuild(dir);
  if (!existsSync(cli)) throw new SourceTreeError(`the build of ${sha.slice(0, 7)} has no dist/runtime/cli/rollcall.js`);
  return { name: `baseline ${sha.slice(0, 7)}`, cli, env: {}, remove: () => {} };
}

/** This checkout, built into its dist/. */
export function checkoutBuild(): Build {
  npmBuild(ROOT);
  return { name: 'this checkout', cli: join(ROOT, 'dist/runtime/cli/rollcall.js'), env: {}, remove: () => {} };
}
