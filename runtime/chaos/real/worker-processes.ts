// The worker processes of a real-mode run: the built-in `rollcall worker` (taken from processes
// parked ahead of need) or the user's own worker command, started at most about one per core at
// a time, judged ready by their own signals, and what they print turned into `worker` entries
// of the run's log.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from '../../net/free-port.ts';
import { BOOT_GUARD_MS, type BootGate } from './boot-gate.ts';
import { ScenarioError } from '../duration.ts';
import { ParkedWorkers } from './parked-workers.ts';
import { RollcallChild } from './child-process.ts';
import type { RealNode } from './worker-node.ts';
import type { RealLog } from './merged-log.ts';
import type { RealSettings } from './time-scale.ts';
import { workerLaunch, type WorkerLaunch } from './worker-launch.ts';
import { awaitReady } from './worker-ready.ts';
import type { LogFields } from '../../events/log-entry.ts';

/** Spare worker processes loaded before a script, beyond one per worker. */
const SPARES_MAX = 8;

export interface WorkersLaunch {
  /** The run's directory: state dirs are made in it. */
  dir: string;
  settings: RealSettings;
  log: RealLog;
  joinToken: { value: string; file: string };
  /** The user's worker command, run instead of `rollcall worker`. */
  workerCommand?: string;
}

export class RealWorkers {
  readonly #nodes: ReadonlyMap<string, RealNode>;
  readonly #launch: WorkersLaunch;
  /** Workers starting at once: about one per core. */
  readonly #gate: BootGate;
  /** Built-in worker processes loaded ahead of their start. */
  readonly #parked: ParkedWorkers;
  #closed = false;

  constructor(nodes: ReadonlyMap<string, RealNode>, launch: WorkersLaunch, gate: BootGate) {
    this.#nodes = nodes;
    this.#launch = launch;
    this.#gate = gate;
    this.#parked = new ParkedWorkers(gate, launch.dir);
  }

  /**
   * Before the script: a loaded built-in worker process waiting for each worker, and spares for
   * restarts, one per worker up to SPARES_MAX (none for a user's command). Loading one during
   * the script would take a core from the processes it measures.
   */
  async park(): Promise<void> {
    if (this.#launch.workerCommand === undefined) await this.#parked.ready(this.#nodes.size + Math.min(this.#nodes.size, SPARES_MAX));
  }

  /** After a spare is taken: at least one per boot slot stays parked or on its way. */
  #keepSpares(): void {
    if (this.#launch.workerCommand === undefined) this.#parked.keep(this.#gate.slots);
  }

  /**
   * A parked built-in worker told to go, or the user's command spawned, once a boot slot is free
   * (its own start, ~40 ms of CPU for a parked one, is paced too: forty at once would swamp the
   * registry's first second); `leave` frees the slot. The spare is taken before the slot, as
   * parking one needs a slot of its own.
   */
  async #spawn(launch: WorkerLaunch): Promise<{ child: RollcallChild; leave: () => void }> {
    if (launch.kind === 'built-in') {
      const child = await this.#parked.take();
      const leave = await this.#gate.enter();
      if (this.#closed) await this.#refuseLate(child, leave);
      child.go(launch.args);
      return { child, leave };
    }
    const leave = await this.#gate.enter();
    if (this.#closed) await this.#refuseLate(null, leave);
    return { child: new RollcallChild(launch.command, launch.cwd), leave };
  }

  /**
   * A start still waiting for a boot slot when the run ended (a scenario that failed while it
   * started forty workers): nothing is spawned, or it would outlive the run and keep it open.
   */
  async #refuseLate(child: RollcallChild | null, leave: () => void): Promise<never> {
    leave();
    await child?.stop('SIGKILL');
    throw new ScenarioError('the run ended before this worker could start');
  }

  /**
   * Starts the worker (with its state dir kept from any earlier run) and waits until it says it
   * is ready. Its `starting` entry is stamped with its first note, or with the moment it was
   * seen ready: the invariants count from there, not from a spawn.
   */
  async start(node: RealNode): Promise<void> {
    const name = node.spec.name;
    if (node.child?.running) throw new Error(`${name} is already running`);
    const { dir, settings, log, joinToken, workerCommand } = this.#launch;
    const stateDir = join(dir, name);
    mkdirSync(stateDir, { recursive: true });
    // A user's worker prints no listening line: it is given its agent port, the same one at every start.
    if (workerCommand !== undefined && node.agentPort === 0) node.agentPort = await freePort();
    const place = { spec: node.spec, id: node.id, endpoints: node.links.map((l) => l.listen), agentPort: node.agentPort, stateDir };
    const launch = await workerLaunch(place, settings, joinToken, workerCommand);
    const { child, leave } = await this.#spawn(launch);
    let started = false;
    const markStarted = (wallMs: number) => {
      if (started) return;
      started = true;
      log.write('worker', { node: name, id: node.id, from: node.state, to: 'starting' }, wallMs);
      node.state = 'starting';
    };
    child.onLine = (line) => this.#onLine(node, line, markStarted);
    node.child = child;
    this.#keepSpares();
    void child.exited.then(() => {
      // One that never said it was ready never started, as far as the log knows.
      if (node.child !== child || !started) return;
      log.write('worker', { node: name, id: node.id, from: node.state, to: 'down' });
      node.state = 'down';
    });
    const what = launch.kind === 'built-in' ? `rollcall worker ${name} did not start` : `worker ${name} (${launch.command.command}) did not start`;
    try {
      await awaitReady(child, launch.kind === 'command' ? launch.httpPort : null, BOOT_GUARD_MS, what);
      markStarted(Date.now());
    } catch (error) {
      await child.stop('SIGKILL');
      // What the machine or the command did, not a bug of the run: one line, no stack.
      throw new ScenarioError((error as Error).message);
    } finally {
      leave();
    }
  }

  #onLine(node: RealNode, line: string, markStarted: (wallMs: number) => void): void {
    let note: { event?: string; at?: number; time?: number; workerId?: string | null; from?: string; to?: string; agentPort?: number; running?: unknown[] };
    try {
      note = JSON.parse(line) as typeof note;
    } catch {
      return;
    }
    // `at`: an onNote note printed as is; `time`: a log line of `rollcall worker` (docs/operations.md).
    note.at ??= note.time;
    if (typeof note.at === 'number') markStarted(note.at);
    // Where the registry dials it: `dialSockets` counts the registry's connections to this port.
    if (note.event === 'worker.listening' && typeof note.agentPort === 'number') node.agentPort = note.agentPort;
    if (typeof note.workerId === 'string' && note.workerId !== '') node.id = note.workerId;
    if (note.event !== 'worker.state' || typeof note.to !== 'string') return;
    const entry: LogFields = { node: node.spec.name, id: node.id, from: note.from ?? node.state, to: note.to };
    if (Array.isArray(note.running)) entry.running = note.running.map(String);
    this.#launch.log.write('worker', entry, note.at ?? Date.now());
    node.state = note.to;
  }

  /** SIGKILL (a crash) or SIGTERM (drain, deregister, exit; SIGKILL after `graceMs`). */
  async stop(node: RealNode, signal: 'SIGKILL' | 'SIGTERM', graceMs: number, wait: boolean): Promise<void> {
    await node.child?.stop(signal, graceMs, wait);
  }

  /** Kills the spares, and no worker starts from now on; the workers themselves are the cluster's to kill. */
  close(): Promise<void> {
    this.#closed = true;
    return this.#parked.close();
  }
}
