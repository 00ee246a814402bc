// The OS processes of a real-mode run: the registry (one `rollcall registry` on a SQLite file,
// or replicas r1…rN on one PostgreSQL database, each reaching it through a fault proxy of its
// own) and one worker process per scenario worker (`RealWorkers`), whose link to every registry
// goes through a fault proxy of its own (an attach-only worker's dial-in path through another).
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FaultProxies, FaultProxy } from '../../proxy/fault-proxy.ts';
import { RealLog } from './merged-log.ts';
import type { RollcallChild } from './child-process.ts';
import { RealRegistry } from './registry-process.ts';
import type { RealSettings } from './time-scale.ts';
import type { RegistryRest } from './registry-rest.ts';
import type { WorkerSpec } from '../scenario.ts';
import { freePort } from '../../net/free-port.ts';
import { BootGate } from './boot-gate.ts';
import type { RealNode } from './worker-node.ts';
import { RealWorkers } from './worker-processes.ts';

export interface ClusterOptions {
  replicas?: { names: readonly string[]; databaseUrl: string } | null;
  /** Run this command for each worker instead of `rollcall worker` (docs/chaos.md, "Your own worker"). */
  workerCommand?: string;
  gate?: BootGate;
}

export class RealCluster {
  readonly nodes = new Map<string, RealNode>();
  readonly #dir: string;
  readonly #settings: RealSettings;
  readonly #log: RealLog;
  readonly #faults: FaultProxies;
  readonly #tag: string;
  /** The registry, or the replicas r1…rN. */
  readonly registries: RealRegistry[];
  /** With replicas: the shared database's URL (each replica reaches it through its own proxy). */
  readonly #databaseUrl: string | null;
  /** The replica last found leading. */
  #leader: RealRegistry | null = null;
  /** The run's tokens: given to the registry; workers read the join token from a file. */
  readonly joinToken = `chaos-join-${randomBytes(16).toString('hex')}`;
  readonly adminToken = `chaos-admin-${randomBytes(16).toString('hex')}`;
  readonly #joinTokenFile: string;
  readonly #workers: RealWorkers;

  constructor(dir: string, settings: RealSettings, log: RealLog, faults: FaultProxies, specs: readonly WorkerSpec[], options: ClusterOptions = {}) {
    const replicas = options.replicas ?? null;
    this.#dir = dir;
    this.#settings = settings;
    this.#log = log;
    this.#faults = faults;
    // Proxy names are unique per server, and an external Toxiproxy may serve several runs.
    this.#tag = `rollcall-${process.pid}-${Date.now().toString(36)}`;
    this.#joinTokenFile = join(dir, 'join-token');
    writeFileSync(this.#joinTokenFile, this.joinToken + '\n', { mode: 0o600 });
    for (const spec of specs) this.nodes.set(spec.name, { spec, id: spec.name, child: null, state: 'down', links: [], dial: null, agentPort: 0 });
    const launch = { dir, settings, log, joinToken: { value: this.joinToken, file: this.#joinTokenFile }, ...(options.workerCommand === undefined ? {} : { workerCommand: options.workerCommand }) };
    this.#workers = new RealWorkers(this.nodes, launch, options.gate ?? new BootGate());
    this.#databaseUrl = replicas?.databaseUrl ?? null;
    const tokens = { join: this.joinToken, admin: this.adminToken };
    const common = ['--log-level', 'warn', '--join-token', this.joinToken, '--admin-token', this.adminToken, ...settings.registryFlags];
    this.registries = replicas
      ? replicas.names.map((name) => {
          const registry: RealRegistry = new RealRegistry(name, {
            dir,
            log,
            tokens,
            replica: name,
            args: () => ['--db', this.#throughProxy(registry), '--replica-id', name, ...settings.leaseFlags, ...common],
          });
          return registry;
        })
      : [new RealRegistry('registry', { dir, log, tokens, args: () => ['--db', join(dir, 'registry.db'), ...common] })];
  }

  get replicated(): boolean {
    return this.#databaseUrl !== null;
  }

  /** The database URL as `registry` reaches it: through its fault proxy. */
  #throughProxy(registry: RealRegistry): string {
    const url = new URL(this.#databaseUrl!);
    url.host = registry.dbLink!.listen;
    return url.toString();
  }

  /** Replica `name`. */
  replica(name: string): RealRegistry {
    const found = this.replicated ? this.registries.find((r) => r.name === name) : undefined;
    if (!found) throw new Error(this.replicated ? `no replica named "${name}" (replicas: ${this.registries.map((r) => r.name).join(', ')})` : 'this scenario has a single registry: give it `replicas: 2` or more for replica faults');
    return found;
  }

  /** Every replica's path to the database. */
  databaseLinks(): FaultProxy[] {
    if (!this.replicated) throw new Error('this scenario has a single registry on its own store: give it `replicas: 2` or more for database faults');
    return this.registries.map((r) => r.dbLink!);
  }

  /** Where the run's registry listens, in one line. */
  describe(): string {
    return this.registries.map((r) => `${r.name} gRPC 127.0.0.1:${r.grpcPort}, REST http://127.0.0.1:${r.httpPort}`).join('; ');
  }

  /** The replica whose registry serves now (the newest epoch, should two claim it); null while none does. */
  async leader(): Promise<{ registry: RealRegistry; epoch: number } | null> {
    let best: { registry: RealRegistry; epoch: number } | null = null;
    const healths = await Promise.all(this.registries.map(async (registry) => ({ registry, health: await registry.health() })));
    for (const { registry, health } of healths) {
      if (!health?.registryUp) continue;
      const epoch = health.leader?.epoch ?? 0;
      if (!best || epoch > best.epoch) best = { registry, epoch };
    }
    this.#leader = best?.registry ?? null;
    return best;
  }

  /** The REST API of the registry that serves now, or null while none does. */
  async serving(): Promise<RegistryRest | null> {
    if (!this.replicated) return this.registryRunning ? this.registries[0]!.rest : null;
    if (this.#leader?.running && !this.#leader.paused && (await this.#leader.health())?.registryUp) return this.#leader.rest;
    return (await this.leader())?.registry.rest ?? null;
  }

  node(name: string): RealNode {
    const node = this.nodes.get(name);
    if (!node) throw new Error(`no worker named "${name}" in this scenario (workers: ${[...this.nodes.keys()].join(', ')})`);
    return node;
  }

  get registryRunning(): boolean {
    return this.registries[0]!.running;
  }

  /** Every process still running: the registries and the workers. */
  pids(): number[] {
    const workers = [...this.nodes.values()].map((n) => n.child).filter((c): c is RollcallChild => c !== null && c.running).map((c) => c.pid);
    return [...this.registries.map((r) => r.pid).filter((pid): pid is number => pid !== null), ...workers];
  }

  /** Starts the registry (the single one), on the same ports and database after a crash. */
  startRegistry(): Promise<void> {
    return this.registries[0]!.start();
  }

  /** Starts every replica, each behind its own proxy to the database. */
  async startReplicas(): Promise<void> {
    const database = new URL(this.#databaseUrl!).host;
    for (const registry of this.registries) {
      registry.dbLink = await this.#faults.create(`${this.#tag}-db-${registry.name}`, database);
      await registry.start();
    }
  }

  async crashRegistry(): Promise<void> {
    await this.registries[0]!.kill();
  }

  /** The proxies of every worker; after the registries are up (the links point at their gRPC ports). */
  async createProxies(): Promise<void> {
    for (const [name, node] of this.nodes) {
      for (const registry of this.registries) {
        const suffix = this.replicated ? `-${registry.name}` : '';
        node.links.push(await this.#faults.create(`${this.#tag}-${name}${suffix}`, `127.0.0.1:${registry.grpcPort}`));
      }
      if (!node.spec.attachOnly) continue;
      node.agentPort = await freePort();
      node.dial = await this.#faults.create(`${this.#tag}-${name}-dial`, `127.0.0.1:${node.agentPort}`);
    }
  }

  /** Every proxy on this worker's paths to and from the registry. */
  proxiesOf(name: string): FaultProxy[] {
    const node = this.node(name);
    return [...node.links, node.dial].filter((p): p is FaultProxy => p !== null);
  }

  /** Starts the worker and waits until it says it is ready (`RealWorkers.start`). */
  startWorker(name: string): Promise<void> {
    return this.#workers.start(this.node(name));
  }

  /** SIGKILL (a crash) or SIGTERM (drain, deregister, exit; SIGKILL after `graceMs`). */
  stopWorker(name: string, signal: 'SIGKILL' | 'SIGTERM', graceMs = 10_000, wait = true): Promise<void> {
    return this.#workers.stop(this.node(name), signal, graceMs, wait);
  }

  /** Before the script: every built-in worker process loaded and waiting. */
  parkWorkers(): Promise<void> {
    return this.#workers.park();
  }

  /** Kills everything still running. */
  async close(): Promise<void> {
    await this.#workers.close();
    await Promise.all([...this.nodes.values()].map((n) => n.child?.stop('SIGKILL')));
    await Promise.all(this.registries.map((r) => r.kill()));
  }
}
