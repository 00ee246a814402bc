// The OS processes of a real-mode run: one `rollcall registry` and one `rollcall worker` per
// scenario worker, each worker's link to the registry's gRPC port through its own fault proxy
// (an attach-only worker's dial-in path through another), and what they print turned into
// `worker` entries of the run's log.
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FaultProxies, FaultProxy } from '../proxy/fault-proxy.ts';
import { RealLog } from './real-log.ts';
import { RollcallChild } from './real-child.ts';
import type { RealSettings } from './real-settings.ts';
import { RegistryRest } from './registry-rest.ts';
import type { WorkerSpec } from './scenario.ts';
import { freePort } from '../net/free-port.ts';

const READY_TIMEOUT_MS = 20_000;
const READY_LINE = /^rollcall registry: gRPC on [^:]+:(\d+), REST on http:\/\/[^:]+:(\d+)/;

export interface RealNode {
  spec: WorkerSpec;
  /** The worker ID it asks for (its name) and, once registered, the one it holds. */
  id: string;
  child: RollcallChild | null;
  /** The last top-level state the process printed; `down` when it is not running. */
  state: string;
  /** Worker → registry gRPC. */
  link: FaultProxy | null;
  /** Registry → worker agent, for attach-only workers: the address they are pre-registered under. */
  dial: FaultProxy | null;
  agentPort: number;
}

export class RealCluster {
  readonly nodes = new Map<string, RealNode>();
  readonly #dir: string;
  readonly #settings: RealSettings;
  readonly #log: RealLog;
  readonly #faults: FaultProxies;
  readonly #tag: string;
  #registry: RollcallChild | null = null;
  #incarnation = 0;
  grpcPort = 0;
  httpPort = 0;
  rest = new RegistryRest('http://127.0.0.1:0');
  /** The run's tokens: given to the registry; workers read the join token from a file. */
  readonly joinToken = `chaos-join-${randomBytes(16).toString('hex')}`;
  readonly adminToken = `chaos-admin-${randomBytes(16).toString('hex')}`;
  readonly #joinTokenFile: string;

  constructor(dir: string, settings: RealSettings, log: RealLog, faults: FaultProxies, specs: readonly WorkerSpec[]) {
    this.#dir = dir;
    this.#settings = settings;
    this.#log = log;
    this.#faults = faults;
    // Proxy names are unique per server, and an external Toxiproxy may serve several runs.
    this.#tag = `rollcall-${process.pid}-${Date.now().toString(36)}`;
    this.#joinTokenFile = join(dir, 'join-token');
    writeFileSync(this.#joinTokenFile, this.joinToken + '\n', { mode: 0o600 });
    for (const spec of specs) this.nodes.set(spec.name, { spec, id: spec.name, child: null, state: 'down', link: null, dial: null, agentPort: 0 });
  }

  node(name: string): RealNode {
    const node = this.nodes.get(name);
    if (!node) throw new Error(`no worker named "${name}" in this scenario (workers: ${[...this.nodes.keys()].join(', ')})`);
    return node;
  }

  get registryRunning(): boolean {
    return this.#registry?.running ?? false;
  }

  /** Every process still running: the registry and the workers. */
  pids(): number[] {
    const children = [this.#registry, ...[...this.nodes.values()].map((n) => n.child)];
    return children.filter((c): c is RollcallChild => c !== null && c.running).map((c) => c.pid);
  }

  /** Starts the registry: on free ports the first time, on the same ports and database after. */
  async startRegistry(): Promise<void> {
    // A killed registry's ports are free at once on Linux; elsewhere they may take a moment.
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.#spawnRegistry();
      } catch (error) {
        if (this.grpcPort === 0 || attempt >= 3 || !/EADDRINUSE|cannot listen/.test((error as Error).message)) throw error;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
  }

  async #spawnRegistry(): Promise<void> {
    const events = join(this.#dir, `events-${++this.#incarnation}.jsonl`);
    this.#log.addFile(events);
    const ports = ['--grpc-port', String(this.grpcPort), '--http-port', String(this.httpPort)];
    const args = ['registry', ...ports, '--db', join(this.#dir, 'registry.db'), '--events', events, '--log-level', 'warn', '--join-token', this.joinToken, '--admin-token', this.adminToken, ...this.#settings.registryFlags];
    const child = new RollcallChild(args, this.#dir);
    const ready = await child.line((l) => READY_LINE.test(l), READY_TIMEOUT_MS, 'rollcall registry did not start').catch(async (error: unknown) => {
      await child.stop();
      throw error;
    });
    const match = READY_LINE.exec(ready)!;
    this.grpcPort = Number(match[1]);
    this.httpPort = Number(match[2]);
    this.rest = new RegistryRest(`http://127.0.0.1:${this.httpPort}`, 2000, { join: this.joinToken, admin: this.adminToken });
    this.#registry = child;
  }

  async crashRegistry(): Promise<void> {
    await this.#registry?.stop('SIGKILL');
  }

  /** The proxies of every worker; after the registry is up (the links point at its gRPC port). */
  async createProxies(): Promise<void> {
    for (const [name, node] of this.nodes) {
      node.link = await this.#faults.create(`${this.#tag}-${name}`, `127.0.0.1:${this.grpcPort}`);
      if (!node.spec.attachOnly) continue;
      node.agentPort = await freePort();
      node.dial = await this.#faults.create(`${this.#tag}-${name}-dial`, `127.0.0.1:${node.agentPort}`);
    }
  }

  /** Every proxy on this worker's paths to and from the registry. */
  proxiesOf(name: string): FaultProxy[] {
    const node = this.node(name);
    return [node.link, node.dial].filter((p): p is FaultProxy => p !== null);
  }

  /** Spawns the worker (with its state dir kept from any earlier run) and waits until it listens. */
  async startWorker(name: string): Promise<void> {
    const node = this.node(name);
    if (node.child?.running) throw new Error(`${name} is already running`);
    // An attach-only worker learns the registry from the dial-in, and reaches it through its link all the same.
    const where = node.spec.attachOnly ? ['--agent-port', String(node.agentPort), '--registry-via', node.link!.listen] : ['--registry', node.link!.listen];
    const stateDir = join(this.#dir, name);
    mkdirSync(stateDir, { recursive: true });
    const args = ['worker', ...where, '--name', name, '--id', node.id, '--state-dir', stateDir, '--join-token-file', this.#joinTokenFile, '--http-port', '0', '--capacity', String(node.spec.capacity ?? 4), ...this.#settings.workerFlags];
    const spawnedAt = Date.now();
    let started = false;
    const markStarted = (wallMs: number) => {
      if (started) return;
      started = true;
      // Logged when the worker itself began (its first note), not at spawn: Node's own start-up is not the protocol's.
      this.#log.write('worker', { node: name, id: node.id, from: node.state, to: 'starting' }, wallMs);
      node.state = 'starting';
    };
    const child = new RollcallChild(args, this.#dir, (line) => this.#onWorkerLine(node, line, markStarted));
    node.child = child;
    void child.exited.then(() => {
      markStarted(spawnedAt);
      if (node.child !== child) return;
      this.#log.write('worker', { node: name, id: node.id, from: node.state, to: 'down' });
      node.state = 'down';
    });
    await child.line((l) => l.includes('"worker.listening"'), READY_TIMEOUT_MS, `rollcall worker ${name} did not start`);
  }

  #onWorkerLine(node: RealNode, line: string, markStarted: (wallMs: number) => void): void {
    let note: { event?: string; at?: number; workerId?: string | null; from?: string; to?: string };
    try {
      note = JSON.parse(line) as typeof note;
    } catch {
      return;
    }
    if (typeof note.at === 'number') markStarted(note.at);
    if (typeof note.workerId === 'string' && note.workerId !== '') node.id = note.workerId;
    if (note.event !== 'worker.state' || typeof note.to !== 'string') return;
    this.#log.write('worker', { node: node.spec.name, id: node.id, from: note.from ?? node.state, to: note.to }, note.at ?? Date.now());
    node.state = note.to;
  }

  /** SIGKILL (a crash) or SIGTERM (drain, deregister, exit; SIGKILL after `graceMs`). */
  async stopWorker(name: string, signal: 'SIGKILL' | 'SIGTERM', graceMs = 10_000, wait = true): Promise<void> {
    await this.node(name).child?.stop(signal, graceMs, wait);
  }

  /** Kills everything still running. */
  async close(): Promise<void> {
    const children = [...[...this.nodes.values()].map((n) => n.child), this.#registry];
    await Promise.all(children.map((c) => c?.stop('SIGKILL')));
  }
}
