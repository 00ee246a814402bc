// A worker node in the simulator: the worker machine as an XState actor on the virtual
// clock, its RPCs carried by the simulated network to the simulated registry, its identity
// on a "disk" that survives crashes, and tasks that take virtual time to run. Each boot is one
// simulated process: stopped (SIGSTOP), it holds its timers and whatever reaches it until
// resumed, then runs them late, as a frozen process does.
import { createActor, type Actor, type ActorSystem } from 'xstate';
import type { SeededRandom } from '../../machines/random.ts';
import type { Outcome, Task } from '../../machines/registry/registry.types.ts';
import type { CoreAccess } from '../registry/core-turn.ts';
import type { workerMachine, WorkerConfig, WorkerContext, WorkerEvent } from '../../machines/worker.machine.ts';
import type { Clock } from '../clock/clock.ts';
import type { VirtualClock } from '../clock/virtual-clock.ts';
import { SimProcess } from './cluster/sim-process.ts';
import type { EventLog } from '../events/event-log.ts';
import { WorkerNotes } from './worker-notes.ts';
import type { CallResult, SimNetwork } from './sim-network.ts';
import { movesOn } from '../grpc/registry-connection.ts';

/** Where a simulated worker's RPCs land: the one registry, or the replica at an endpoint. */
export interface SimEndpoints {
  /** How many endpoints the workers list (`--registry a,b,c`). */
  readonly count: number;
  serve<R>(endpoint: number, handle: (core: CoreAccess, now: number) => Outcome<R>, respond: (reply: Outcome<R>) => void, drop: () => void, refuse: () => void): void;
}

export interface SimWorkerPorts {
  clock: VirtualClock;
  network: SimNetwork;
  log: EventLog;
  registry: SimEndpoints;
  random: SeededRandom;
  rpcTimeoutMs: number;
  workerConfig: Partial<WorkerConfig>;
  /** The worker machine with the simulator's effects, built once for every node. */
  machine: typeof workerMachine;
  /** Which node an actor system belongs to, so the shared machine finds its host. */
  hosts: WeakMap<ActorSystem<any>, SimWorker>;
}

type WorkerActor = Actor<typeof workerMachine>;

function topState(value: unknown): string {
  return typeof value === 'string' ? value : Object.keys(value as object)[0]!;
}

/** How long a task runs: "sleep:MS" payloads say; anything else takes 1 s. */
function taskDurationMs(task: Task): number {
  const match = /^sleep:(\d+)$/.exec(task.payload);
  return match ? Number(match[1]) : 1000;
}

export class SimWorker {
  readonly node: string;
  readonly address: string;
  readonly capacity: number;
  readonly ports: SimWorkerPorts;
  readonly #seed: number;
  /** What the worker keeps in its state dir: it survives a crash. */
  readonly disk: { workerId?: string; workerSecret?: string } = {};
  #actor: WorkerActor | null = null;
  /** This boot's process: its timers and deliveries, held while it is paused. */
  #process: SimProcess | null = null;
  /** The worker talks to the registry already (it knew it at boot, or was attached). */
  #knowsRegistry = false;
  #generation = 0;
  #boots = 0;
  #state = 'down';
  /** Breaker transitions and retries, logged for this incarnation. */
  #notes: WorkerNotes | null = null;
  /** The machine's running jobs as of its last snapshot: a heartbeat reads them without going through the actor. */
  #running: string[] = [];
  /** Which of the registry endpoints the RPCs go to; the next one after a refusal or a timeout. */
  #endpoint = 0;
  readonly #tasks = new Map<string, Task>();

  constructor(node: string, capacity: number, seed: number, ports: SimWorkerPorts) {
    this.node = node;
    this.address = `${node}:7000`;
    this.capacity = capacity;
    this.#seed = seed;
    this.ports = ports;
    this.disk.workerId = node;
    // Made before the first registration and kept, so a retried registration proves it is the same worker.
    this.disk.workerSecret = `secret-${node}-${seed}`;
  }

  get up(): boolean {
    return this.#actor !== null;
  }

  get state(): string {
    return this.#state;
  }

  get context(): WorkerContext | undefined {
    return this.#actor?.getSnapshot().context;
  }

  /** The clock this boot's timers run on (held while paused); the shared one while down. */
  get clock(): Clock {
    return this.#process ?? this.ports.clock;
  }

  get paused(): boolean {
    return this.#process?.paused ?? false;
  }

  /** SIGSTOP: nothing runs, nothing is answered, until `resume`. */
  pause(): void {
    this.#process?.pause();
  }

  /** SIGCONT: what came due meanwhile runs now, late. */
  resume(): void {
    this.#process?.resume();
  }

  /** Starts the worker process; it registers by itself when `registryKnown`. */
  boot(registryKnown = true): void {
    if (this.#actor) throw new Error(`${this.node} is already running; crash or stop it before booting it again`);
    this.#generation++;
    this.#boots++;
    this.#tasks.clear();
    this.#process = new SimProcess(this.node, this.ports.clock);
    this.#knowsRegistry = registryKnown;
    const notes = (this.#notes = new WorkerNotes(this.node, this.ports.log, () => this.ports.clock.now()));
    const actor = createActor(this.ports.machine, {
      clock: this.#process,
      input: {
        name: this.node,
        workerId: this.disk.workerId,
        workerSecret: this.disk.workerSecret,
        maxConcurrentJobs: this.capacity,
        registryKnown,
        seed: this.#seed * 7919 + this.#boots,
        config: this.ports.workerConfig,
      },
    });
    this.ports.hosts.set(actor.system, this);
    this.#actor = actor;
    this.#setState('starting');
    actor.subscribe((snapshot) => {
      this.#running = snapshot.context.runningJobs;
      this.#setState(topState(snapshot.value));
      notes.retries(snapshot.context);
    });
    actor.start();
    actor.send({ type: 'worker.start' });
  }

  /** SIGKILL: memory and in-flight work are gone; the disk stays. */
  crash(): void {
    if (!this.#actor) return;
    this.#generation++;
    this.#process?.kill();
    this.#process = null;
    this.#actor.stop();
    this.#actor = null;
    this.#running = [];
    this.#tasks.clear();
    this.#setState('down');
  }

  /** SIGTERM: drain, then deregister. */
  stop(): void {
    this.#sendIfRunning({ type: 'worker.stop' });
  }

  receiveTask(task: Task): void {
    this.#process?.run(() => {
      if (!this.#actor) return;
      this.#tasks.set(task.jobId, task);
      this.#actor.send({ type: 'task.assigned', jobId: task.jobId });
    });
  }

  /**
   * WorkerAgent.Attach: the registry dialled in. The worker takes it when it runs (at once, or
   * once resumed) if the dial is still `open` then, and `answer`s whether it will register;
   * nothing answers while it is stopped, or ever if it is down or killed meanwhile.
   */
  attach(open: () => boolean, answer: (accepted: boolean) => void): void {
    const actor = this.#actor;
    this.#process?.run(() => {
      if (!open() || !actor || actor !== this.#actor) return;
      if (actor.getSnapshot().status !== 'active') return answer(false);
      const sameRegistry = this.#knowsRegistry;
      this.#knowsRegistry = true;
      actor.send({ type: 'worker.attached', endpoint: 'registry', sameRegistry });
      answer(true);
    });
  }

  /** The worker's circuit breaker changed state. */
  /** An RPC failed, with the registry's retry-after if it gave one (logged with the retry it causes). */
  failedWith(retryAfterMs: number | undefined): void {
    this.#notes?.failed(retryAfterMs);
  }

  breakerChanged(state: string): void {
    this.#notes?.breaker(state, this.#actor?.getSnapshot().context.workerId ?? this.disk.workerId ?? null);
  }

  #setState(state: string): void {
    if (state === this.#state) return;
    const id = this.#actor?.getSnapshot().context.workerId ?? this.disk.workerId ?? null;
    this.ports.log.write(this.ports.clock.now(), 'worker', { node: this.node, id, from: this.#state, to: state });
    this.#state = state;
  }

  /** A worker that stopped (its machine is final) hears nothing more: a late task or a second SIGTERM goes nowhere. */
  #sendIfRunning(event: WorkerEvent): void {
    if (this.#actor?.getSnapshot().status === 'active') this.#actor.send(event);
  }

  /** A sender of events to this incarnation only: after a crash its events go nowhere. */
  sender(): (event: WorkerEvent) => void {
    const generation = this.#generation;
    return (event) => {
      if (generation === this.#generation) this.#sendIfRunning(event);
    };
  }

  /** An RPC to the registry whose outcome reaches this incarnation only. */
  call<R>(handle: (core: CoreAccess, now: number) => Outcome<R>, done: (result: CallResult<Outcome<R>>) => void): void {
    const generation = this.#generation;
    const { network, registry, rpcTimeoutMs } = this.ports;
    const endpoint = this.#endpoint;
    const process = this.#process;
    network.call<Outcome<R>>(
      this.node,
      (respond, drop, refuse) => registry.serve(endpoint, handle, respond, drop, refuse),
      (result) => process?.run(() => {
        if (generation !== this.#generation) return;
        if (!result.ok && registry.count > 1 && movesOn(result.code, registry.count) && this.#endpoint === endpoint) this.#failover();
        done(result);
      }),
      rpcTimeoutMs,
    );
  }

  #failover(): void {
    const from = this.#endpoint;
    this.#endpoint = (from + 1) % this.ports.registry.count;
    this.ports.log.write(this.ports.clock.now(), 'worker.failover', { node: this.node, from, to: this.#endpoint });
  }

  /** What a heartbeat says about this worker right now. */
  status(): { currentJobs: number; activeJobIds: string[]; draining: boolean } {
    const running = this.#running;
    return { currentJobs: running.length, activeJobIds: running, draining: this.#state === 'draining' };
  }

  persist(context: WorkerContext): void {
    this.disk.workerId = context.workerId;
    this.disk.workerSecret = context.workerSecret;
  }

  /** Runs an assigned task for its virtual duration, then tells the machine it finished. */
  runTask(jobId: string): void {
    const task = this.#tasks.get(jobId);
    if (!task) return;
    const runMs = taskDurationMs(task);
    const send = this.sender();
    this.clock.setTimeout(() => send({ type: 'task.finished', jobId, ok: runMs <= task.timeoutMs }), Math.min(runMs, task.timeoutMs));
  }

  finishTask(context: WorkerContext, jobId: string, ok: boolean): void {
    const task = this.#tasks.get(jobId);
    this.#tasks.delete(jobId);
    if (task) this.#report(context, task, ok, 5);
  }

  /** Reports a task's result, retrying lost reports; a stale report is dropped by the registry. */
  #report(context: WorkerContext, task: Task, ok: boolean, triesLeft: number): void {
    const report = {
      workerId: context.workerId ?? '',
      epoch: context.epoch,
      sessionToken: context.sessionToken ?? '',
      jobId: task.jobId,
      attempt: task.attempt,
      ok,
      result: ok ? 'done' : 'timed out',
    };
    this.call(
      (core, now) => core.run({ kind: 'reportTask', report: report }, now),
      (result) => {
        if (result.ok || triesLeft <= 1) return;
        const generation = this.#generation;
        this.clock.setTimeout(() => {
          if (generation === this.#generation) this.#report(context, task, ok, triesLeft - 1);
        }, 1000);
      },
    );
  }
}
