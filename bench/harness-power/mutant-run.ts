// Runs the harness against one mutant: the working tree's tracked files are copied into a
// scratch folder (node_modules linked, not copied), the patch applied there, and the simulated
// scenario library and a property campaign run on it, each as `rollcall chaos --json`. The
// repository's own tree, index and worktrees are never touched.
import { execFile } from 'node:child_process';
import { mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import type { Mutant } from './catalogue.ts';
import { verdictOf, type PrintedCampaign, type PrintedScenario, type Verdict } from './verdict.ts';

export interface RunSettings {
  repo: string;
  /** Scratch folder of this power run; each mutant gets a folder in it. */
  scratch: string;
  runs: number;
  seed: number;
  /** Wall-clock limit of each `rollcall chaos` run. */
  timeoutMs: number;
}

export interface MutantResult extends Verdict {
  mutant: Mutant;
  wallMs: number;
}

interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(file: string, args: string[], cwd: string, timeoutMs = 0): Promise<Finished> {
  return new Promise((resolve) => {
    execFile(file, args, { cwd, timeout: timeoutMs, maxBuffer: 256 * 2 ** 20, encoding: 'utf8' }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

export class MutantTreeError extends Error {}

/** The working tree's tracked files in `dir`, node_modules linked, `mutant` applied. */
async function mutantTree(repo: string, dir: string, mutant: Mutant): Promise<void> {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const copy = await run('sh', ['-c', 'git ls-files -z | tar --null -T - -cf - | tar -x -C "$0"', dir], repo);
  if (copy.code !== 0) throw new MutantTreeError(`could not copy the working tree into ${dir}: ${copy.stderr.trim()}`);
  symlinkSync(join(repo, 'node_modules'), join(dir, 'node_modules'), 'dir');
  const apply = await run('git', ['apply', mutant.path], dir);
  if (apply.code !== 0) throw new MutantTreeError(`${mutant.name} does not apply: ${apply.stderr.trim().split('\n')[0]}`);
}

function parsed<T>(finished: Finished): T | null {
  const line = finished.stdout.trim().split('\n').at(-1) ?? '';
  try {
    return JSON.parse(line) as T;
  } catch {
    return null;
  }
}

/** Plants `mutant` in a scratch copy and runs the library and the campaign on it. */
export async function runMutant(mutant: Mutant, settings: RunSettings): Promise<MutantResult> {
  const started = performance.now();
  const dir = join(settings.scratch, mutant.name);
  await mutantTree(settings.repo, dir, mutant);
  const chaos = (flags: string[]) =>
    run(process.execPath, ['runtime/cli/rollcall.ts', 'chaos', ...flags, '--seed', String(settings.seed), '--json'], dir, settings.timeoutMs);
  const library = parsed<PrintedScenario[]>(await chaos(['--all', '--mode', 'sim']));
  const campaign = parsed<PrintedCampaign>(await chaos(['--property', '--runs', String(settings.runs)]));
  rmSync(dir, { recursive: true, force: true });
  return { mutant, ...verdictOf(library, campaign), wallMs: Math.round(performance.now() - started) };
}
