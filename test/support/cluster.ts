// Real processes for integration tests: a registry and workers spawned as `rollcall` children
// on 127.0.0.1 with every time constant shortened, their ready lines parsed, and the means to
// SIGKILL, SIGTERM, SIGSTOP and restart them.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
export { freePort } from '../../runtime/net/free-port.ts';

const cli = join(import.meta.dirname, '../../runtime/cli/rollcall.ts');

/** Registry settings at about 1/100 of the defaults, so a scenario takes seconds. */
export const FAST_REGISTRY = [
  '--heartbeat-interval', '200ms',
  // Wide enough that a process stalled by a loaded CI machine is not taken for dead.
  '--unhealthy-after', '1500ms',
  '--failed-after', '800ms',
  '--health-check-interval', '400ms',
  '--cleanup-interval', '500ms',
  '--cleanup-after', '1s',
  '--reconnect-interval', '300ms',
  '--reconnect-backoff-max', '1s',
  '--dial-timeout', '500ms',
  '--restart-grace', '1s',
  '--deadline-resolution', '50ms',
  '--heartbeat-flush-interval', '100ms',
  '--flap-cooldown', '0ms',
];

export const FAST_WORKER = [
  '--heartbeat-interval', '200ms',
  '--initial-delay', '50ms',
  '--max-delay', '400ms',
  '--breaker-open', '300ms',
  '--rpc-timeout', '1s',
  '--drain-timeout', '5s',
];

export class Proc {
  readonly child: ChildProcess;
  readonly lines: string[] = [];
  readonly #waiters: { test: (line: string) => boolean; resolve: (line: string) => void }[] = [];
  readonly exited: Promise<number | null>;
  stderr = '';

  constructor(args: string[], cwd: string) {
    this.child = spawn(process.execPath, [cli, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    createInterface({ input: this.child.stdout! }).on('line', (line) => {
      this.lines.push(line);
      for (const w of [...this.#waiters]) {
        if (!w.test(line)) continue;
        this.#waiters.splice(this.#waiters.indexOf(w), 1);
        w.resolve(line);
      }
    });
    this.child.stderr!.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    this.exited = new Promise((resolve) => this.child.once('exit', (code) => resolve(code)));
  }

  /** The first stdout line (seen or to come) that passes `test`. */
  line(test: (line: string) => boolean, timeoutMs = 10_000): Promise<string> {
    const seen = this.lines.find(test);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no such line within ${timeoutMs} ms; stdout:\n${this.lines.join('\n')}\nstderr:\n${this.stderr}`)), timeoutMs);
      this.#waiters.push({ test, resolve: (l) => (clearTimeout(timer), resolve(l)) });
    });
  }

  signal(name: NodeJS.Signals): void {
    this.child.kill(name);
  }

  async kill(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
    await this.exited;
  }
}

export class Cluster {
  readonly dir = mkdtempSync(join(tmpdir(), 'rollcall-it-'));
  readonly procs: Proc[] = [];
  grpcPort = 0;
  httpPort = 0;
  registry: Proc | null = null;
  /** Given to the registry and every worker explicitly (a restart keeps them either way). */
  joinToken = `it-join-${randomBytes(12).toString('hex')}`;
  adminToken = `it-admin-${randomBytes(12).toString('hex')}`;
  /** The registry's `--db`: a SQLite file in the cluster's directory unless a test sets a postgres:// URL. */
  db = '';

  get endpoint(): string {
    return `127.0.0.1:${this.grpcPort}`;
  }

  get http(): string {
    return `http://127.0.0.1:${this.httpPort}`;
  }

  spawn(args: string[]): Proc {
    const proc = new Proc(args, this.dir);
    this.procs.push(proc);
    return proc;
  }

  /** Starts (or restarts, on the same ports and database) the registry; `tokens: false` lets it use kept or generated ones. */
  async startRegistry(extra: string[] = [], tokens = true): Promise<Proc> {
    const given = tokens ? ['--join-token', this.joinToken, '--admin-token', this.adminToken] : [];
    const ports = this.grpcPort ? ['--grpc-port', String(this.grpcPort), '--http-port', String(this.httpPort)] : ['--grpc-port', '0', '--http-port', '0'];
    const proc = this.spawn(['registry', ...ports, '--db', this.db || join(this.dir, 'registry.db'), '--log-level', 'warn', ...FAST_REGISTRY, ...given, ...extra]);
    const ready = await proc.line((l) => l.startsWith('rollcall registry: gRPC on'));
    const match = /:(\d+), REST on https?:\/\/[^:]+:(\d+)/.exec(ready)!;
    this.grpcPort = Number(match[1]);
    this.httpPort = Number(match[2]);
    this.registry = proc;
    return proc;
  }

  /** Starts a worker with its own state dir (kept across restarts under the same name). */
  async startWorker(name: string, extra: string[] = [], attachOnly = false): Promise<Proc> {
    const registry = attachOnly ? [] : ['--registry', this.endpoint];
    const token = extra.some((a) => a.startsWith('--join-token')) ? [] : ['--join-token', this.joinToken];
    const proc = this.spawn(['worker', ...registry, ...token, '--name', name, '--state-dir', join(this.dir, name), ...FAST_WORKER, ...extra]);
    await proc.line((l) => l.includes('"worker.listening"'));
    return proc;
  }

  /** Resolves when the worker's process says it reached `state`. */
  workerState(proc: Proc, state: string, timeoutMs = 10_000): Promise<string> {
    return proc.line((l) => l.includes('"event":"worker.state"') && l.includes(`"to":"${state}"`), timeoutMs);
  }

  /** The credential a real client sends: the join token to register, else the admin token. */
  tokenFor(method: string, path: string): string {
    return method === 'POST' && /^\/api\/workers(\/batch)?\/?$/.test(path) ? this.joinToken : this.adminToken;
  }

  /** One REST call with the credential of `tokenFor`, unless `token` says otherwise (null: no Authorization). */
  async api<T = Record<string, unknown>>(method: string, path: string, body?: unknown, token?: string | null): Promise<{ status: number; body: T }> {
    if (token === undefined) token = this.tokenFor(method, path);
    const headers: Record<string, string> = {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(token === null ? {} : { authorization: `Bearer ${token}` }),
    };
    const response = await fetch(this.http + path, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : {}) as T };
  }

  /** Polls the REST API until `check` passes on a worker's record (or times out). */
  async until<T>(probe: () => Promise<T>, check: (value: T) => boolean, timeoutMs = 10_000, what = 'condition'): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    let last: T = await probe();
    while (!check(last)) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(last)}`);
      await new Promise((r) => setTimeout(r, 50));
      last = await probe();
    }
    return last;
  }

  member(id: string) {
    return this.api<{ id: string; state: string; substate: string | null; epoch: number; maxConcurrentJobs: number; currentJobs: number }>('GET', `/api/workers/${id}`).then((r) => r.body);
  }

  memberState(id: string, state: string, timeoutMs = 10_000) {
    return this.until(() => this.member(id), (m) => m.state === state || `${m.state}.${m.substate}` === state, timeoutMs, `${id} to be ${state}`);
  }

  async workerId(proc: Proc): Promise<string> {
    const line = await this.workerState(proc, 'active');
    return JSON.parse(line).workerId as string;
  }

  async stop(): Promise<void> {
    await Promise.all(this.procs.map((p) => p.kill()));
  }
}
