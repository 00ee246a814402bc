// `ScenarioRun` in real mode: each action a signal to a process, a call to the registry's REST
// API, or a toxic on a worker's proxies (link-faults.ts) or on the replicas' database links
// (cluster-faults.ts), logged as the simulator logs it; every duration the script gives is
// production time, run × scale.
import type { RealCluster } from './cluster.ts';
import { ClusterFaults } from './cluster-faults.ts';
import { LinkFaults } from './link-faults.ts';
import type { RealLog } from './merged-log.ts';
import type { RealSettings } from './time-scale.ts';
import { ms } from '../duration.ts';
import type { ScriptState } from '../script-state.ts';
import type { JobStatus, MemberStatus, ScenarioRun } from '../scenario.ts';
import type { RegistryRest } from './registry-rest.ts';
import { ScenarioError } from '../duration.ts';
import { openSocketsTo } from './open-sockets.ts';

/** Real milliseconds between two looks at an `until` condition. */
export const REAL_POLL_MS = 10;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class RealScenarioRun implements ScenarioRun {
  readonly mode = 'real';
  readonly workers: readonly string[];
  readonly replicas: readonly string[];
  readonly #state: ScriptState;
  readonly #cluster: RealCluster;
  readonly #log: RealLog;
  readonly #settings: RealSettings;
  readonly #say: (text: string) => void;
  readonly #links: LinkFaults;
  readonly #replicas: ClusterFaults;

  constructor(cluster: RealCluster, log: RealLog, settings: RealSettings, state: ScriptState, say: (text: string) => void = () => {}) {
    this.#state = state;
    this.#cluster = cluster;
    this.#log = log;
    this.#settings = settings;
    this.#say = say;
    this.workers = [...cluster.nodes.keys()];
    this.replicas = cluster.replicated ? cluster.registries.map((r) => r.name) : [];
    const context = { cluster, log, settings, note: (text: string) => this.#note(text), real: (duration: string | number) => this.#real(duration) };
    this.#links = new LinkFaults(context);
    this.#replicas = new ClusterFaults(context);
  }

  /** The REST API of the registry that serves now; an operation fails while none does. */
  async #rest(): Promise<RegistryRest> {
    const rest = await this.#cluster.serving();
    if (!rest) throw new ScenarioError(this.#cluster.replicated ? 'no replica leads' : 'the registry is down');
    return rest;
  }

  elapsed(): number {
    return this.#log.scenarioMs(Date.now());
  }

  /** Real milliseconds of a production duration. */
  #real(duration: string | number): number {
    return Math.round(ms(duration) * this.#settings.scale);
  }

  #note(text: string): void {
    this.#say(`${(this.elapsed() / 1000).toFixed(1)}s ${text}`);
  }

  async start(...names: string[]): Promise<void> {
    this.#note(`start ${names.join(' ')}`);
    await Promise.all(names.map((name) => this.#cluster.startWorker(name)));
  }

  async crash(...names: string[]): Promise<void> {
    this.#note(`crash ${names.join(' ')}`);
    for (const name of names) this.#log.write('fault.crash', { node: name, id: this.#cluster.node(name).id });
    await Promise.all(names.map((name) => this.#cluster.stopWorker(name, 'SIGKILL')));
  }

  async restart(...names: string[]): Promise<void> {
    this.#note(`restart ${names.join(' ')}`);
    for (const name of names) this.#log.write('fault.restart', { node: name });
    await Promise.all(names.map((name) => this.#cluster.startWorker(name)));
  }

  async stop(...names: string[]): Promise<void> {
    this.#note(`stop ${names.join(' ')}`);
    // A graceful stop may drain for drainTimeout and then retry deregistration a few times.
    const graceMs = this.#settings.worker.drainTimeoutMs + 10 * this.#settings.worker.rpcTimeoutMs + 2000;
    // SIGTERM and go on, as the simulator does: the script watches the drain happen.
    await Promise.all(names.map((name) => this.#cluster.stopWorker(name, 'SIGTERM', graceMs, false)));
  }

  async crashRegistry(): Promise<void> {
    this.#note('crash the registry');
    this.#log.write('registry.crashed');
    await this.#cluster.crashRegistry();
  }

  async restartRegistry(): Promise<void> {
    this.#note('restart the registry');
    await this.#cluster.startRegistry();
  }

  async preRegister(name: string): Promise<void> {
    const node = this.#cluster.node(name);
    if (!node.dial) throw new Error(`preRegister(${name}): only attachOnly workers are pre-registered`);
    this.#note(`pre-register ${name} at ${node.dial.listen}`);
    await (await this.#rest()).preRegister(node.id, name, node.dial.listen);
  }

  async pause(...names: string[]): Promise<void> {
    this.#note(`pause ${names.join(' ')}`);
    this.#log.write('fault.pause', { nodes: names });
    for (const name of names) this.#cluster.node(name).child?.signal('SIGSTOP');
  }

  async resume(...names: string[]): Promise<void> {
    this.#note(`resume ${names.join(' ')}`);
    this.#log.write('fault.resume', { nodes: names });
    for (const name of names) this.#cluster.node(name).child?.signal('SIGCONT');
  }

  /** The registries' connections to the worker's agent port or its dial-in proxy, read from /proc. */
  async dialSockets(name: string): Promise<number> {
    const node = this.#cluster.node(name);
    const ports = [node.agentPort, ...(node.dial ? [Number(node.dial.listen.split(':').at(-1))] : [])].filter((p) => p > 0);
    const pids = this.#cluster.registries.map((r) => r.pid).filter((pid): pid is number => pid !== null);
    const open = pids.reduce((sum, pid) => sum + openSocketsTo(pid, ports), 0);
    this.#log.write('dial.sockets', { node: name, id: node.id, open });
    return open;
  }

  partition(...names: string[]): Promise<void> { return this.#links.partition(names); }
  heal(...names: string[]): Promise<void> { return this.#links.heal(names); }
  latency(names: readonly string[], latency: string | number, jitter: string | number = 0): Promise<void> { return this.#links.latency(names, latency, jitter); }
  resetPeer(...names: string[]): Promise<void> { return this.#links.resetPeer(names); }
  bandwidth(names: readonly string[], kbps: number): Promise<void> { return this.#links.bandwidth(names, kbps); }
  loseReplies(...names: string[]): Promise<void> { return this.#links.loseReplies(names); }
  blackhole(names: readonly string[], after: string | number): Promise<void> { return this.#links.blackhole(names, after); }
  clearFaults(...names: string[]): Promise<void> { return this.#links.clear(names); }

  async submitJobs(count: number, runFor: string | number): Promise<string[]> {
    this.#note(`submit ${count} jobs`);
    const ids: string[] = [];
    for (let i = 0; i < count; i++) ids.push(await (await this.#rest()).submitJob('sleep', String(this.#real(runFor))));
    return ids;
  }

  async drain(name: string): Promise<void> {
    this.#note(`drain ${name}`);
    await (await this.#rest()).drain(this.#cluster.node(name).id);
  }

  async unregister(name: string): Promise<void> {
    this.#note(`unregister ${name}`);
    await (await this.#rest()).unregister(this.#cluster.node(name).id);
  }

  async registerImpostor(name: string): Promise<string> {
    this.#note(`impostor for ${name}`);
    return (await this.#rest()).registerImpostor(this.#cluster.node(name).id, name);
  }

  forgeCall(): Promise<string> {
    return Promise.reject(new ScenarioError('forged calls need the session token the registry issued, which only the simulator can read: give the scenario modes: [\'sim\']'));
  }

  wait(duration: string | number): Promise<void> {
    return sleep(this.#real(duration));
  }

  until(condition: () => Promise<boolean> | boolean, within: string | number, what: string): Promise<void> {
    // Look every REAL_POLL_MS of real time: that many production milliseconds divided by the scale.
    return this.#state.until(condition, ms(within), what, (step) => sleep(this.#real(step)), REAL_POLL_MS / this.#settings.scale);
  }

  async member(name: string): Promise<MemberStatus | undefined> {
    return (await this.#cluster.serving())?.member(this.#cluster.node(name).id);
  }

  /** The registry's jobs; none while it is down. */
  async jobs(): Promise<JobStatus[]> {
    return (await (await this.#cluster.serving())?.jobs()) ?? [];
  }

  async leader(): Promise<{ name: string; epoch: number } | undefined> {
    const found = this.#cluster.replicated ? await this.#cluster.leader() : null;
    return found ? { name: found.registry.name, epoch: found.epoch } : undefined;
  }

  crashReplica(name: string): Promise<void> { return this.#replicas.crashReplica(name); }
  restartReplica(name: string): Promise<void> { return this.#replicas.restartReplica(name); }
  pauseReplica(name: string): Promise<void> { return this.#replicas.pauseReplica(name); }
  resumeReplica(name: string): Promise<void> { return this.#replicas.resumeReplica(name); }
  stallDatabase(): Promise<void> { return this.#replicas.stallDatabase(); }
  stopDatabase(): Promise<void> { return this.#replicas.stopDatabase(); }
  resumeDatabase(): Promise<void> { return this.#replicas.resumeDatabase(); }
  databaseLatency(latency: string | number): Promise<void> { return this.#replicas.databaseLatency(latency); }
  cutFromDatabase(name: string): Promise<void> { return this.#replicas.cutFromDatabase(name); }
  healDatabase(name: string): Promise<void> { return this.#replicas.healDatabase(name); }

  async workerState(name: string): Promise<string> {
    const node = this.#cluster.node(name);
    return node.child?.running ? node.state : 'down';
  }

  figure(name: string, value: number, unit: 'ms' | 'count'): void {
    this.#state.figure(name, value, unit);
  }

  check(ok: boolean, message: string): void {
    this.#state.check(ok, message);
  }
}
