// One measurement of one build: a short command's wall and CPU time (`rollcall --version`,
// `--help`), or a worker's time to listening, its CPU until then and its RSS once idle. Node 24
// is called directly (process.execPath); CPU is user + system of the process and its threads.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Build } from './baseline-build.ts';

export interface Sample {
  wallMs: number;
  cpuMs: number;
  rssMb?: number;
}

/** `bash`'s clock and `times` (CPU of waited-for children, in ms) around one run. */
const TIMED = 'start=$EPOCHREALTIME; "$@" >/dev/null 2>&1; end=$EPOCHREALTIME; echo "$start $end"; times';

function seconds(text: string): number {
  const match = /^(\d+)m([\d.]+)s$/.exec(text);
  if (!match) throw new Error(`cannot read the time "${text}"`);
  return Number(match[1]) * 60 + Number(match[2]);
}

/** Runs `rollcall ARGS` once, to its exit. */
export function commandSample(build: Build, args: readonly string[]): Sample {
  const run = spawnSync('bash', ['-c', TIMED, 'timed', process.execPath, build.cli, ...args], { encoding: 'utf8', env: { ...process.env, ...build.env } });
  const [clock, , children] = run.stdout.trim().split('\n');
  const [start, end] = clock!.split(' ').map(Number);
  const [user, system] = children!.trim().split(/\s+/).map(seconds);
  return { wallMs: (end! - start!) * 1000, cpuMs: (user! + system!) * 1000 };
}

/** CPU time so far of every thread of `pid`, from /proc (nanosecond precision). */
function cpuMsOf(pid: number): number {
  let ns = 0;
  for (const task of readdirSync(`/proc/${pid}/task`)) ns += Number(readFileSync(`/proc/${pid}/task/${task}/schedstat`, 'utf8').split(' ')[0]);
  return ns / 1e6;
}

function rssMbOf(pid: number): number {
  const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
  return kb / 1024;
}

/** Starts `rollcall worker` (no registry: it waits to be attached), until its listening line, then idles `idleMs`. */
export async function workerSample(build: Build, idleMs: number): Promise<Sample> {
  const dir = mkdtempSync(join(tmpdir(), 'rollcall-startup-worker-'));
  const started = performance.now();
  const child = spawn(process.execPath, [build.cli, 'worker', '--state-dir', join(dir, 'state'), '--quiet'], { env: { ...process.env, ...build.env }, stdio: ['ignore', 'pipe', 'ignore'] });
  try {
    const { wallMs, cpuMs } = await new Promise<Sample>((resolve, reject) => {
      let text = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        text += chunk;
        if (text.includes('"worker.listening"')) resolve({ wallMs: performance.now() - started, cpuMs: cpuMsOf(child.pid!) });
      });
      child.once('exit', (code) => reject(new Error(`the worker of ${build.name} exited (${code}) before listening`)));
    });
    await new Promise((resolve) => setTimeout(resolve, idleMs));
    return { wallMs, cpuMs, rssMb: rssMbOf(child.pid!) };
  } finally {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
}
