// `ScenarioRun` in real mode: each action a signal to a process, a call to the registry's REST
// API, or a toxic on a worker's proxies, logged as the simulator logs it; every duration the
// script gives is production time, run × scale.
import type { FaultProxy } from '../proxy/fault-proxy.ts';
import type { LogFields } from '../sim/event-log.ts';
import type { RealCluster } from './real-cluster.ts';
import type { RealLog } from './real-log.ts';
import type { RealSettings } from './real-settings.ts';
import { ms } from './duration.ts';
import type { ScriptState } from './script-state.ts';
import type { JobStatus, MemberStatus, ScenarioRun } from './scenario.ts';

/** Real milliseconds between two looks at an `until` condition. */
const POLL_MS = 10;

/** An `until` that ran out: it ends the script, and the run reports a `timeout` failure. */

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class RealScenarioRun implements ScenarioRun {
  readonly mode = 'real';
  readonly workers: readonly string[];
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
    await this.#cluster.rest.preRegister(node.id, name, node.dial.listen);
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
    for (let i = 0; i < count; i++) ids.push(await this.#cluster.rest.submitJob('sleep', String(this.#real(runFor))));
    return ids;
  }

  async drain(name: string): Promise<void> {
    this.#note(`drain ${name}`);
    await this.#cluster.rest.drain(this.#cluster.node(name).id);
  }

  async unregister(name: string): Promise<void> {
    this.#note(`unregister ${name}`);
    await this.#cluster.rest.unregister(this.#cluster.node(name).id);
  }

  registerImpostor(name: string): Promise<string> {
    this.#note(`impostor for ${name}`);
    return this.#cluster.rest.registerImpostor(this.#cluster.node(name).id, name);
  }

  wait(duration: string | number): Promise<void> {
    return sleep(this.#real(duration));
  }

  until(condition: () => Promise<boolean> | boolean, within: string | number, what: string): Promise<void> {
    // Look every POLL_MS of real time: that many production milliseconds divided by the scale.
    return this.#state.until(condition, ms(within), what, (step) => sleep(this.#real(step)), POLL_MS / this.#settings.scale);
  }

  async member(name: string): Promise<MemberStatus | undefined> {
    if (!this.#cluster.registryRunning) return undefined;
    return this.#cluster.rest.member(this.#cluster.node(name).id);
  }

  /** The registry's jobs; none while it is down. */
  async jobs(): Promise<JobStatus[]> {
    if (!this.#cluster.registryRunning) return [];
    return this.#cluster.rest.jobs();
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
