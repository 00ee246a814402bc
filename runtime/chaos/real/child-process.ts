// One child process of a real-mode run: `rollcall` spawned with the running Node on the repo's
// CLI, a parked worker (`parked-worker.ts`: loaded, waiting for its arguments on stdin), or a
// user's own worker command run by the shell (which `exec`s it, so signals reach the worker
// itself); its stdout read line by line, the tail of its stderr kept for error messages,
// and the signals a scenario sends it (SIGKILL for a crash, SIGTERM for a stop).
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { CLI_PATH } from '../../package/cli-path.ts';

// Beside this module, in the same form: .ts in a checkout, .js in the built package.
const PARKED_WORKER = fileURLToPath(new URL(`parked-worker${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url));
const STDERR_KEPT_MAX = 4096;

/** A user's command line, run by /bin/sh with these variables added to the environment. */
export interface ShellCommand {
  command: string;
  env: Record<string, string>;
}

export class RollcallChild {
  readonly pid: number;
  readonly exited: Promise<void>;
  readonly #child: ChildProcess;
  readonly #waiters = new Set<{ test: (line: string) => boolean; resolve: (line: string) => void }>();
  #stderr = '';
  /** Sees every stdout line as it arrives. */
  onLine: (line: string) => void;

  /** `rollcall ARGS`, a parked worker, or a shell command. */
  constructor(what: string[] | 'parked-worker' | ShellCommand, cwd: string, onLine: (line: string) => void = () => {}) {
    this.onLine = onLine;
    const stdio: ['ignore' | 'pipe', 'pipe', 'pipe'] = [what === 'parked-worker' ? 'pipe' : 'ignore', 'pipe', 'pipe'];
    if (Array.isArray(what)) this.#child = spawn(process.execPath, [CLI_PATH, ...what], { cwd, stdio });
    else if (what === 'parked-worker') this.#child = spawn(process.execPath, [PARKED_WORKER], { cwd, stdio });
    else this.#child = spawn('/bin/sh', ['-c', `exec ${what.command}`], { cwd, stdio, env: { ...process.env, ...what.env } });
    this.#child.stdin?.on('error', () => {}); // a parked worker that died: its exit is what gets reported
    this.pid = this.#child.pid ?? -1;
    // 'close', not 'exit': by then every line it printed has been read.
    this.exited = new Promise((resolve) => this.#child.once('close', () => resolve()));
    createInterface({ input: this.#child.stdout! }).on('line', (line) => {
      this.onLine(line);
      for (const waiter of [...this.#waiters]) {
        if (!waiter.test(line)) continue;
        this.#waiters.delete(waiter);
        waiter.resolve(line);
      }
    });
    this.#child.stderr!.setEncoding('utf8').on('data', (text: string) => {
      this.#stderr = (this.#stderr + text).slice(-STDERR_KEPT_MAX);
    });
  }

  get running(): boolean {
    return this.#child.exitCode === null && this.#child.signalCode === null;
  }

  get stderr(): string {
    return this.#stderr.trim();
  }

  /** The next stdout line that passes `test`; rejects if the process exits or `timeoutMs` passes. */
  line(test: (line: string) => boolean, timeoutMs: number, what: string): Promise<string> {
    return new Promise((resolve, reject) => {
      const fail = (why: string) => {
        this.#waiters.delete(waiter);
        clearTimeout(timer);
        reject(new Error(`${what}: ${why}${this.stderr ? `; stderr: ${this.stderr}` : ''}`));
      };
      const timer = setTimeout(() => fail(`nothing within ${timeoutMs} ms`), timeoutMs);
      const waiter = {
        test,
        resolve: (line: string) => {
          clearTimeout(timer);
          resolve(line);
        },
      };
      this.#waiters.add(waiter);
      void this.exited.then(() => {
        if (this.#waiters.has(waiter)) fail('the process exited');
      });
    });
  }

  /** A parked worker: run `rollcall worker ARGS` now. */
  go(args: readonly string[]): void {
    this.#child.stdin!.end(JSON.stringify(args) + '\n');
  }

  /** Sends a signal that does not end it (SIGSTOP, SIGCONT). */
  signal(signal: NodeJS.Signals): void {
    if (this.running) this.#child.kill(signal);
  }

  /** Sends `signal`; a process still up after `graceMs` is killed. `wait`: resolve only once it exited. */
  async stop(signal: NodeJS.Signals = 'SIGKILL', graceMs = 5000, wait = true): Promise<void> {
    if (!this.running) return this.exited;
    this.#child.kill(signal);
    const timer = signal === 'SIGKILL' ? undefined : setTimeout(() => this.#child.kill('SIGKILL'), graceMs);
    void this.exited.then(() => clearTimeout(timer));
    if (wait) await this.exited;
  }
}
