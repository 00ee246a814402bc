// One `rollcall registry` process of a real-mode run: started on free ports the first time and
// on the same ports (and database) after, its `--events` file added to the run's log (tagged
// with the replica's name when there are replicas), killed, paused and resumed by signal, and
// asked over REST whether it leads.
import { join } from 'node:path';
import type { FaultProxy } from '../../proxy/fault-proxy.ts';
import { BOOT_GUARD_MS } from './boot-gate.ts';
import { RollcallChild } from './child-process.ts';
import type { RealLog } from './merged-log.ts';
import { RegistryRest } from './registry-rest.ts';

const READY_LINE = /^rollcall registry: gRPC on [^:]+:(\d+), REST on http:\/\/[^:]+:(\d+)/;

export interface RegistryLaunch {
  dir: string;
  log: RealLog;
  tokens: { join: string; admin: string };
  /** Everything after `registry --grpc-port P --http-port P --events FILE`. */
  args(): string[];
  /** The replica's name, for its log entries (none for a single registry). */
  replica?: string;
}

export class RealRegistry {
  readonly name: string;
  readonly #launch: RegistryLaunch;
  #child: RollcallChild | null = null;
  #incarnation = 0;
  #paused = false;
  grpcPort = 0;
  httpPort = 0;
  rest = new RegistryRest('http://127.0.0.1:0');
  /** With replicas: this one's path to the database, through a fault proxy. */
  dbLink: FaultProxy | null = null;

  constructor(name: string, launch: RegistryLaunch) {
    this.name = name;
    this.#launch = launch;
  }

  get running(): boolean {
    return this.#child?.running ?? false;
  }

  get paused(): boolean {
    return this.running && this.#paused;
  }

  get pid(): number | null {
    return this.running ? this.#child!.pid : null;
  }

  /** Starts it; a killed process's ports may take a moment to be free (not on Linux). */
  async start(): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.#spawn();
      } catch (error) {
        if (this.grpcPort === 0 || attempt >= 3 || !/EADDRINUSE|cannot listen/.test((error as Error).message)) throw error;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
  }

  async #spawn(): Promise<void> {
    const { dir, log, tokens } = this.#launch;
    const events = join(dir, `events-${this.#launch.replica ? `${this.#launch.replica}-` : ''}${++this.#incarnation}.jsonl`);
    log.addFile(events, this.#launch.replica ? { replica: this.#launch.replica } : {});
    const ports = ['--grpc-port', String(this.grpcPort), '--http-port', String(this.httpPort)];
    const child = new RollcallChild(['registry', ...ports, '--events', events, ...this.#launch.args()], dir);
    const ready = await child.line((l) => READY_LINE.test(l), BOOT_GUARD_MS, `rollcall registry ${this.name} did not start`).catch(async (error: unknown) => {
      await child.stop();
      throw error;
    });
    const match = READY_LINE.exec(ready)!;
    this.grpcPort = Number(match[1]);
    this.httpPort = Number(match[2]);
    this.rest = new RegistryRest(`http://127.0.0.1:${this.httpPort}`, 2000, tokens);
    this.#child = child;
    this.#paused = false;
  }

  async kill(): Promise<void> {
    if (this.#paused) this.#child?.signal('SIGCONT'); // a stopped process dies all the same; let it
    await this.#child?.stop('SIGKILL');
  }

  pause(): void {
    this.#child?.signal('SIGSTOP');
    this.#paused = this.running;
  }

  resume(): void {
    this.#child?.signal('SIGCONT');
    this.#paused = false;
  }

  /** Whether its registry serves, and under which lease epoch (replicas); null when it does not answer. */
  async health(): Promise<{ registryUp: boolean; leader?: { replica: string; epoch: number } } | null> {
    if (!this.running || this.#paused) return null;
    return fetch(`${this.rest.base}/health`, { signal: AbortSignal.timeout(500) }).then(
      (r) => r.json() as Promise<{ registryUp: boolean; leader?: { replica: string; epoch: number } }>,
      () => null,
    );
  }
}
