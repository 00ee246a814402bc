// One `rollcall` child process of a real-mode run: spawned with the running Node on the repo's
// CLI, its stdout read line by line, the tail of its stderr kept for error messages, and the
// signals a scenario sends it (SIGKILL for a crash, SIGTERM for a stop).
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { CLI_PATH } from '../package/cli-path.ts';

const STDERR_KEPT_MAX = 4096;

export class RollcallChild {
  readonly pid: number;
  readonly exited: Promise<void>;
  readonly #child: ChildProcess;
  readonly #waiters = new Set<{ test: (line: string) => boolean; resolve: (line: string) => void }>();
  #stderr = '';

  /** `onLine` sees every stdout line as it arrives. */
  constructor(args: string[], cwd: string, onLine: (line: string) => void = () => {}) {
    this.#child = spawn(process.execPath, [CLI_PATH, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    this.pid = this.#child.pid ?? -1;
    // 'close', not 'exit': by then every line it printed has been read.
    this.exited = new Promise((resolve) => this.#child.once('close', () => resolve()));
    createInterface({ input: this.#child.stdout! }).on('line', (line) => {
      onLine(line);
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
