// A commit's files in a scratch folder with its dependencies installed, for running that
// commit's benchmarks beside the working tree's. Kept under the system's temp folder by commit
// hash and reused by later comparisons; `git archive` fills it, so the repository's own
// worktrees and index are never touched.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export class SourceTreeError extends Error {}

function git(repo: string, args: string[]): string {
  const run = spawnSync('git', args, { cwd: repo, encoding: 'utf8' });
  if (run.status !== 0) throw new SourceTreeError(run.stderr.trim().split('\n').at(-1) || `git ${args.join(' ')} failed`);
  return run.stdout.trim();
}

/** The full hash and subject line of `ref`, or a SourceTreeError naming what git said. */
export function resolveCommit(repo: string, ref: string): { sha: string; subject: string } {
  const found = spawnSync('git', ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], { cwd: repo, encoding: 'utf8' });
  const sha = found.status === 0 ? found.stdout.trim() : '';
  if (!sha) throw new SourceTreeError(`no commit named "${ref}" in ${repo}`);
  return { sha, subject: git(repo, ['log', '-1', '--format=%s', sha]) };
}

/**
 * `sha`'s tree, ready to run: dependencies shared with `repo` when the lock files match, else
 * `npm ci`. A tree left by an earlier comparison is reused only while its dependencies still
 * resolve: a link to another checkout's node_modules dangles once that checkout is gone.
 */
export function sourceTree(repo: string, sha: string, say: (line: string) => void, root = join(tmpdir(), 'rollcall-compare')): string {
  const dir = join(root, sha);
  const ready = join(dir, '.ready');
  if (existsSync(ready) && existsSync(join(dir, 'node_modules'))) return dir;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  say(`unpacking ${sha.slice(0, 10)} into ${dir}`);
  const unpack = spawnSync('sh', ['-c', `git archive --format=tar "$0" | tar -x -C "$1"`, sha, dir], { cwd: repo, encoding: 'utf8' });
  if (unpack.status !== 0) throw new SourceTreeError(`could not unpack ${sha}: ${unpack.stderr.trim()}`);
  if (sameLockFile(repo, dir) && existsSync(join(repo, 'node_modules'))) {
    symlinkSync(join(repo, 'node_modules'), join(dir, 'node_modules'), 'dir');
  } else {
    say(`installing ${sha.slice(0, 10)}'s dependencies (npm ci)`);
    const install = spawnSync('npm', ['ci', '--no-audit', '--no-fund', '--prefer-offline'], { cwd: dir, encoding: 'utf8' });
    if (install.status !== 0) {
      writeFileSync(join(dir, 'npm-ci.log'), `${install.stdout}\n${install.stderr}`);
      throw new SourceTreeError(`npm ci failed in ${dir} (see npm-ci.log there)`);
    }
  }
  writeFileSync(ready, `${new Date().toISOString()}\n`);
  return dir;
}

function sameLockFile(a: string, b: string): boolean {
  const read = (dir: string) => (existsSync(join(dir, 'package-lock.json')) ? readFileSync(join(dir, 'package-lock.json'), 'utf8') : null);
  const left = read(a);
  return left !== null && left === read(b);
}
