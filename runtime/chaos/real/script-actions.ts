// `ScenarioRun` in real mode: each action a signal to a process, a call to the registry's REST
// API, or a toxic on a worker's proxies, logged as the simulator logs it; every duration the
// script gives is production time, run × scale.
import type { FaultProxy } from '../../proxy/fault-proxy.ts';
import type { LogFields } from '../../events/log-entry.ts';
import type { RealCluster } from './cluster.ts';
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

  constructor(cluster: RealCluster, log: RealLog, settings: RealSettings, state: ScriptState, say: (text: string) => void = () => {}) {
    this.#state = state;
    this.#cluster = cluster;
    this.#log = log;
    this.#settings = settings;
    this.#say = say;
    this.workers = [...cluster.nodes.keys()];
    this.replicas = cluster.replicated ? cluster.registries.map((r) => r.name) : [];
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

  async #fault(type: string, names: readonly string[], fields: LogFields, apply: (proxy: FaultProxy) => Promise<void>): Promise<void> {
    this.#note(`${type.replace('fault.', '')} ${names.join(' ')}`);
    this.#log.write(type, { nodes: [...names], ...fields });
    await Promise.all(names.flatMap((name) => this.#cluster.proxiesOf(name).map(apply)));
  }

  partition(...names: string[]): Promise<void> {
    return this.#fault('fault.partition', names, { forMs: 0 }, (p) => p.partition());
  }

  heal(...names: string[]): Promise<void> {
    return this.#fault('fault.heal', names, {}, (p) => p.enable());
  }

  latency(names: readonly string[], latency: string | number, jitter: string | number = 0): Promise<void> {
    const [realMs, realJitterMs] = [this.#real(latency), this.#real(jitter)];
    const fields = { latencyMs: ms(latency), jitterMs: ms(jitter) };
    return this.#fault('fault.latency', names, fields, async (p) => {
      await p.latency(realMs, realJitterMs, 'upstream');
      await p.latency(realMs, realJitterMs, 'downstream');
    });
  }

  resetPeer(...names: string[]): Promise<void> {
    return this.#fault('fault.reset', names, {}, async (p) => {
      await p.resetPeer(0, 'upstream');
      await p.resetPeer(0, 'downstream');
    });
  }

  bandwidth(names: readonly string[], kbps: number): Promise<void> {
    return this.#fault('fault.bandwidth', names, { kbps }, async (p) => {
      await p.bandwidth(kbps, 'upstream');
      await p.bandwidth(kbps, 'downstream');
    });
  }

  /** Replies held back past three RPC deadlines: requests land, the worker never hears in time. */
  loseReplies(...names: string[]): Promise<void> {
    const realMs = 3 * this.#settings.worker.rpcTimeoutMs;
    return this.#fault('fault.lose-replies', names, {}, (p) => p.latency(realMs, 0, 'downstream'));
  }

  blackhole(names: readonly string[], after: string | number): Promise<void> {
    // A timeout toxic of 0 never closes: keep a positive `after` positive once scaled.
    const realMs = ms(after) > 0 ? Math.max(1, this.#real(after)) : 0;
    return this.#fault('fault.blackhole', names, { afterMs: ms(after) }, async (p) => {
      await p.timeout(realMs, 'upstream');
      await p.timeout(realMs, 'downstream');
    });
  }

  clearFaults(...names: string[]): Promise<void> {
    return this.#fault('fault.clear', names, {}, async (p) => {
      await p.clear();
      await p.enable();
    });
  }

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

  /** Logs what happens to the registry when replica `name` is acted on: a leader's registry stops serving. */
  async #leaderFault(name: string, type: string, registryEvent: string | null): Promise<void> {
    const replica = this.#cluster.replica(name);
    this.#note(`${type.replace('fault.replica.', '')} replica ${name}`);
    this.#log.write(type, { replica: name });
    if (registryEvent && (await replica.health())?.registryUp) this.#log.write(registryEvent, { replica: name });
  }

  async crashReplica(name: string): Promise<void> {
    await this.#leaderFault(name, 'fault.replica.crash', 'registry.crashed');
    await this.#cluster.replica(name).kill();
  }

  async restartReplica(name: string): Promise<void> {
    await this.#leaderFault(name, 'fault.replica.restart', 'registry.crashed');
    await this.#cluster.replica(name).kill();
    await this.#cluster.replica(name).start();
  }

  async pauseReplica(name: string): Promise<void> {
    await this.#leaderFault(name, 'fault.replica.pause', 'registry.paused');
    this.#cluster.replica(name).pause();
  }

  async resumeReplica(name: string): Promise<void> {
    const replica = this.#cluster.replica(name);
    this.#note(`resume replica ${name}`);
    this.#log.write('fault.replica.resume', { replica: name });
    replica.resume();
    if ((await replica.health())?.registryUp) this.#log.write('registry.resumed', { replica: name });
  }

  async #databaseFault(type: string, links: FaultProxy[], apply: (proxy: FaultProxy) => Promise<void>, fields: LogFields = {}): Promise<void> {
    this.#note(type.replace('db.', 'database '));
    this.#log.write(type, fields);
    await Promise.all(links.map(apply));
  }

  stallDatabase(): Promise<void> {
    // The replicas' connections stay open and carry nothing: statements hang until their timeout.
    return this.#databaseFault('db.stalled', this.#cluster.databaseLinks(), (p) => p.blackhole());
  }

  stopDatabase(): Promise<void> {
    return this.#databaseFault('db.stopped', this.#cluster.databaseLinks(), (p) => p.partition());
  }

  resumeDatabase(): Promise<void> {
    return this.#databaseFault('db.resumed', this.#cluster.databaseLinks(), async (p) => {
      await p.clear();
      await p.enable();
    });
  }

  databaseLatency(latency: string | number): Promise<void> {
    const realMs = this.#real(latency);
    return this.#databaseFault('db.latency', this.#cluster.databaseLinks(), async (p) => {
      if (realMs === 0) return p.clear();
      await p.latency(realMs, 0, 'upstream');
      await p.latency(realMs, 0, 'downstream');
    }, { ms: ms(latency) });
  }

  cutFromDatabase(name: string): Promise<void> {
    return this.#databaseFault('db.cut', [this.#cluster.replica(name).dbLink!], (p) => p.blackhole(), { replica: name });
  }

  healDatabase(name: string): Promise<void> {
    return this.#databaseFault('db.healed', [this.#cluster.replica(name).dbLink!], (p) => p.clear(), { replica: name });
  }

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
