// The builds `bench startup` compares: this checkout, built in place (dist/), and a baseline
// commit exported into a scratch folder and built there with this checkout's node_modules.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

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

/** The commit `rev` names, exported into a scratch folder and built; `remove` deletes the folder. */
export function baselineBuild(rev: string): Build {
  const commit = execFileSync('git', ['rev-parse', '--short', `${rev}^{commit}`], { cwd: ROOT, encoding: 'utf8' }).trim();
  const dir = mkdtempSync(join(tmpdir(), 'rollcall-startup-'));
  execFileSync('sh', ['-c', `git archive ${commit} | tar -x -C "${dir}"`], { cwd: ROOT });
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  npmBuild(dir);
  const cli = join(dir, 'dist/runtime/cli/rollcall.js');
  if (!existsSync(cli)) throw new Error(`the build of ${commit} has no ${cli}`);
  return { name: `baseline ${commit}`, cli, env: {}, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** This checkout, built into its dist/. */
export function checkoutBuild(): Build {
  npmBuild(ROOT);
  return { name: 'this checkout', cli: join(ROOT, 'dist/runtime/cli/rollcall.js'), env: {}, remove: () => {} };
}
