// The registry as a simulated process: the registry core on virtual time, its sweeps on
// timers, a store that survives crashes, a per-message service time (so an overloaded
// registry can be simulated), and the effects turned into store writes, log lines, task
// dispatches and dial-ins over the simulated network.
import { SeededChance } from '../../machines/random.ts';
import { Registry } from '../../machines/registry/registry.ts';
import type { RegistryConfig } from '../../machines/registry/registry.config.ts';
import type { Effect, Task } from '../../machines/registry/registry.types.ts';
import type { MemberRecord } from '../../machines/registry/member-table.ts';
import type { VirtualClock } from '../clock/virtual-clock.ts';
import { writesFor, type Store } from '../store/store.ts';
import type { EventLog } from './event-log.ts';
import type { SimNetwork } from './sim-network.ts';

export interface SimRegistryPorts {
  clock: VirtualClock;
  network: SimNetwork;
  log: EventLog;
  store: Store;
  /** Delivers a task to the worker node that hosts `memberId`. */
  dispatch(node: string, memberId: string, task: Task): void;
  /** Dials a node's WorkerAgent; `done(true)` when it answered and will register. */
  dial(node: string, done: (ok: boolean) => void): void;
}

/** The node a member lives on: the host part of its agent address. */
export function nodeOf(member: MemberRecord): string {
  return member.address.slice(0, member.address.lastIndexOf(':'));
}

export class SimRegistry {
  readonly #config: RegistryConfig;
  readonly #ports: SimRegistryPorts;
  readonly #seed: number;
  #core: Registry | null = null;
  #incarnation = 0;
  #busyUntil = 0;
  serviceTimeMs = 0;
  heartbeats = 0;

  constructor(config: RegistryConfig, seed: number, ports: SimRegistryPorts) {
    this.#config = config;
    this.#seed = seed;
    this.#ports = ports;
  }

  get up(): boolean {
    return this.#core !== null;
  }

  /** The live registry core (for summaries and checks); throws while the registry is down. */
  get core(): Registry {
    if (!this.#core) throw new Error('the registry is down');
    return this.#core;
  }

  start(): void {
    const { clock, store, log } = this.#ports;
    const now = clock.now();
    const restored = this.#incarnation > 0 ? store.load() : undefined;
    this.#incarnation++;
    this.#core = new Registry(this.#config, new SeededChance(this.#seed, 1000 + this.#incarnation), now, restored);
    this.#busyUntil = now;
    log.write(now, this.#incarnation === 1 ? 'registry.started' : 'registry.restarted', {
      members: restored?.members.length ?? 0,
      jobs: restored?.jobs.length ?? 0,
    });
    const c = this.#config;
    this.#every(c.deadlineResolution, (core, t) => core.sweeps.tick(t));
    this.#every(c.healthCheckInterval, (core, t) => core.sweeps.healthCheck(t));
    this.#every(c.cleanupInterval, (core, t) => core.sweeps.cleanup(t));
    this.#every(c.reconnectInterval, (core, t) => this.#reconnect(core, t));
  }

  crash(): void {
    this.#core = null;
    this.#ports.log.write(this.#ports.clock.now(), 'registry.crashed');
  }

  #every(periodMs: number, run: (core: Registry, now: number) => void): void {
    const incarnation = this.#incarnation;
    const fire = () => {
      const core = this.#core;
      if (!core || this.#incarnation !== incarnation) return;
      run(core, this.#ports.clock.now());
      this.#flush(core);
      this.#ports.clock.setTimeout(fire, periodMs);
    };
    this.#ports.clock.setTimeout(fire, periodMs);
  }

  /**
   * Handles one request arriving over the network: waits its turn behind the service time,
   * runs it on the core, makes its effects durable, then answers. While the registry is down,
   * or if it crashes before the request's turn, the request is dropped unanswered.
   */
  serve<R>(handle: (core: Registry, now: number) => R, respond: (reply: R) => void, drop: () => void = () => {}): void {
    const { clock } = this.#ports;
    if (!this.#core) return drop();
    const incarnation = this.#incarnation;
    const run = () => {
      const core = this.#core;
      if (!core || this.#incarnation !== incarnation) return drop();
      const reply = handle(core, clock.now());
      this.#flush(core);
      respond(reply);
    };
    if (this.serviceTimeMs <= 0) return run();
    this.#busyUntil = Math.max(this.#busyUntil, clock.now()) + this.serviceTimeMs;
    clock.setTimeout(run, this.#busyUntil - clock.now());
  }

  #flush(core: Registry): void {
    if (core.effects.length === 0) return;
    const effects = core.takeEffects();
    this.#ports.store.write(writesFor(core, effects));
    const now = this.#ports.clock.now();
    for (const effect of effects) this.#perform(core, effect, now);
  }

  #perform(core: Registry, effect: Effect, now: number): void {
    const { log } = this.#ports;
    switch (effect.kind) {
      case 'member.transitioned':
        log.write(now, 'member', { id: effect.memberId, from: effect.from, to: effect.to, epoch: effect.epoch, reason: effect.reason });
        return;
      case 'member.removed':
        log.write(now, 'member.removed', { id: effect.memberId });
        return;
      case 'job.saved':
        log.write(now, 'job', { id: effect.jobId, state: effect.state, member: effect.memberId, epoch: effect.epoch, attempt: effect.attempt });
        return;
      case 'task.dispatched': {
        const member = core.table.get(effect.memberId);
        if (member) this.#ports.dispatch(nodeOf(member), member.id, effect.task);
        return;
      }
      case 'guard.changed':
        log.write(now, 'guard', { held: effect.held, unhealthyFraction: Math.round(effect.unhealthyFraction * 1000) / 1000 });
        return;
      case 'member.saved':
        return;
    }
  }

  #reconnect(core: Registry, now: number): void {
    const incarnation = this.#incarnation;
    for (const member of core.sweeps.dialTargets(now)) {
      core.sweeps.dialed(member, false, now); // pessimistic until the dial answers
      this.#ports.dial(nodeOf(member), (ok) => {
        if (!ok || this.#core !== core || this.#incarnation !== incarnation) return;
        core.sweeps.dialed(member, true, this.#ports.clock.now());
        this.#ports.log.write(this.#ports.clock.now(), 'reconnect.succeeded', { id: member.id });
      });
    }
  }
}
