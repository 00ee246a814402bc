// The servers the heartbeat bench drives, each its own OS process whose CPU is read from
// /proc/<pid>/stat: a `rollcall registry`, the bare grpc-js ceiling (bare-server.ts), and the
// etcd peer (etcd-peer.ts). A target is up and listening when its starter resolves.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export interface Target {
  /** `rollcall` or `etcd`: what the load generator speaks to it. */
  protocol: 'rollcall' | 'etcd';
  pid: number;
  port: number;
  /** What registrations must carry, if anything. */
  joinToken: string;
  /** The registry's /metrics, read over the measured window as a cross-check (server-handling.ts); none for other targets. */
  metricsUrl?: string;
  stop(): Promise<void>;
}

const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));
const CLI = here('../../runtime/cli/rollcall.ts');
let ticksPerSecond = 0;
/** The kernel's clock ticks per second (USER_HZ), asked once; 100 if getconf cannot say. */
function ticks(): number {
  if (ticksPerSecond === 0) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

/** CPU time (user + system, every thread) of a process so far, in microseconds. */
export function cpuUs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // fields from 3 (state) on
  return ((Number(fields[11]) + Number(fields[12])) / ticks()) * 1e6; // utime, stime
}

/** The whole machine's CPU time so far: busy and total jiffies over every core (/proc/stat). */
export function machineJiffies(): { busy: number; total: number } {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const total = fields.slice(0, 8).reduce((sum, n) => sum + n, 0); // user … steal (guest is inside user)
  const idle = fields[3]! + fields[4]!; // idle, iowait
  return { busy: total - idle, total };
}

export function rssMb(pid: number): number {
  const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return Number(kb) / 1024;
}

/** SIGTERM, then waits for the exit. */
export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

/** Resolves with the first stdout line that matches, rejects if the process exits first. */
function lineOf(child: ChildProcess, pattern: RegExp): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    const onExit = (code: number | null) => reject(new Error(`${child.spawnargs.join(' ')} exited (${code}) before printing ${pattern}`));
    child.once('exit', onExit);
    lines.on('line', (line) => {
      const match = pattern.exec(line);
      if (!match) return;
      lines.close();
      child.off('exit', onExit);
      resolve(match);
    });
  });
}

/** A node process serving on the port in group 1 of `ready`, and REST on the port in group 2 if there is one. */
async function nodeTarget(args: string[], ready: RegExp, joinToken = ''): Promise<Target> {
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  const match = await lineOf(child, ready);
  const metricsUrl = match[2] ? { metricsUrl: `http://127.0.0.1:${match[2]}/metrics` } : {};
  return { protocol: 'rollcall', pid: child.pid!, port: Number(match[1]), joinToken, ...metricsUrl, stop: () => stopChild(child) };
}

/** `rollcall registry` on an in-memory store and free ports; under `node --cpu-prof` with `profileDir`. */
export function startRegistry(profileDir = ''): Promise<Target> {
  const profile = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
  const joinToken = `bench-${randomBytes(16).toString('hex')}`;
  const args = ['registry', '--db', ':memory:', '--grpc-port', '0', '--http-port', '0', '--log-level', 'warn', '--join-token', joinToken, '--admin-token', `bench-${randomBytes(16).toString('hex')}`];
  return nodeTarget([...profile, CLI, ...args], /gRPC on [^:]+:(\d+), REST on http:\/\/[^:]+:(\d+)/, joinToken);
}

export function startBareServer(): Promise<Target> {
  return nodeTarget([here('./bare-server.ts')], /on 127\.0\.0\.1:(\d+)/);
}
