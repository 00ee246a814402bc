// A worker node in the simulator: the worker machine as an XState actor on the virtual
// clock, its RPCs carried by the simulated network to the simulated registry, its identity
// on a "disk" that survives crashes, and tasks that take virtual time to run (sim-tasks.ts).
// Each boot is one simulated process: stopped (SIGSTOP), it holds its timers and whatever
// reaches it until resumed, then runs them late, as a frozen process does.
import { createActor, type Actor, type ActorSystem } from 'xstate';
import type { SeededRandom } from '../../machines/random.ts';
import type { Outcome, Task } from '../../machines/registry/registry.types.ts';
import type { CoreAccess } from '../registry/core-turn.ts';
import type { workerMachine, WorkerConfig, WorkerContext, WorkerEvent } from '../../machines/worker.machine.ts';
import type { Clock } from '../clock/clock.ts';
import type { VirtualClock } from '../clock/virtual-clock.ts';
import { SimProcess } from './cluster/sim-process.ts';
import type { EventLog } from '../events/event-log.ts';
import { leavingWith } from '../events/worker-transition.ts';
import { WorkerNotes } from './worker-notes.ts';
import { SimTasks, type TaskHost } from './sim-tasks.ts';
import type { CallResult, SimNetwork } from './sim-network.ts';
import { EndpointChoice, type SimEndpoints } from './sim-endpoints.ts';

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

export class SimWorker implements TaskHost {
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
  readonly #endpoints: EndpointChoice;
  /** The tasks this boot was assigned, run on its clock. */
  readonly tasks = new SimTasks(this);

  constructor(node: string, capacity: number, seed: number, ports: SimWorkerPorts) {
    this.node = node;
    this.address = `${node}:7000`;
    this.capacity = capacity;
    this.#seed = seed;
    this.ports = ports;
    this.#endpoints = new EndpointChoice(node, ports.registry, ports.log, () => ports.clock.now());
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
    this.tasks.clear();
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
      notes.seen(snapshot.context);
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
    this.tasks.clear();
    this.#setState('down');
  }

  /** SIGTERM: drain, then deregister. */
  stop(): void {
    this.#sendIfRunning({ type: 'worker.stop' });
  }

  receiveTask(task: Task): void {
    this.#process?.run(() => {
      if (!this.#actor) return;
      this.tasks.hold(task);
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

  /** An RPC failed, with the registry's retry-after if it gave one (logged with the retry it causes). */
  failedWith(retryAfterMs: number | undefined): void {
    this.#notes?.failed(retryAfterMs);
  }

  /** The worker's circuit breaker changed state. */
  breakerChanged(state: string): void {
    this.#notes?.breaker(state, this.#actor?.getSnapshot().context.workerId ?? this.disk.workerId ?? null);
  }

  #setState(state: string): void {
    if (state === this.#state) return;
    const context = this.#actor?.getSnapshot().context;
    const id = context?.workerId ?? this.disk.workerId ?? null;
    this.ports.log.write(this.ports.clock.now(), 'worker', { node: this.node, id, from: this.#state, to: state, ...leavingWith(state, context?.runningJobs ?? []) });
    this.#state = state;
  }

  /** A worker that stopped (its machine is final) hears nothing more: a late task or a second SIGTERM goes nowhere. */
  #sendIfRunning(event: WorkerEvent): void {
    if (this.#actor?.getSnapshot().status === 'active') this.#actor.send(event);
  }

  /** A check that this incarnation still runs: false once the worker crashed or booted again. */
  incarnation(): () => boolean {
    const generation = this.#generation;
    return () => generation === this.#generation;
  }

  /** A sender of events to this incarnation only: after a crash its events go nowhere. */
  sender(): (event: WorkerEvent) => void {
    const current = this.incarnation();
    return (event) => {
      if (current()) this.#sendIfRunning(event);
    };
  }

  /** An RPC to the registry whose outcome reaches this incarnation only. */
  call<R>(handle: (core: CoreAccess, now: number) => Outcome<R>, done: (result: CallResult<Outcome<R>>) => void): void {
    const current = this.incarnation();
    const { network, registry, rpcTimeoutMs } = this.ports;
    const endpoint = this.#endpoints.current;
    const process = this.#process;
    network.call<Outcome<R>>(
      this.node,
      (respond, drop, refuse) => registry.serve(endpoint, handle, respond, drop, refuse),
      (result) => process?.run(() => {
        if (!current()) return;
        if (!result.ok) this.#endpoints.failed(endpoint, result.code);
        done(result);
      }),
      rpcTimeoutMs,
    );
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
}
