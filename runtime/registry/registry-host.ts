// The registry as a process, in any world: the registry core on a Clock (the system's or a
// virtual one), its sweeps on timers, a Store it reloads on start, and its effects made real —
// store writes first (durable before any reply), then events, task dispatches and dial-ins.
// The simulator and the production registry both run this; they differ only in their ports.
import type { Chance } from '../../machines/random.ts';
import { Registry, type RegistrySnapshot } from '../../machines/registry/registry.ts';
import type { RegistryConfig } from '../../machines/registry/registry.config.ts';
import type { Effect } from '../../machines/registry/registry.types.ts';
import { writesFor } from '../store/store.ts';
import { CoreTurn, type CoreAccess } from './core-turn.ts';
import { DialsInFlight } from './dials-in-flight.ts';
import { DurableOrder } from './durable-order.ts';
import type { CoreSteps, Leadership, RegistryHostPorts, StandbyAnswer } from './host-ports.ts';
import { performEffect } from './host-effects.ts';
import { HostTimers } from './host-timers.ts';
import { reconnectRound } from './reconnect-round.ts';

export class RegistryHost {
  readonly config: RegistryConfig;
  readonly #ports: RegistryHostPorts;
  #core: CoreTurn | null = null;
  /** A core being built in steps (`startInSteps`); stopping drops it. */
  #building: object | null = null;
  #incarnation = 0;
  #busyUntil = 0;
  readonly #afterWrites = new DurableOrder();
  readonly #timers: HostTimers;
  /** Dial-ins in flight (see `dialsInFlight`). */
  readonly dials = new DialsInFlight();
  /** Registry CPU time per request; requests queue behind each other (the simulator sets it). */
  serviceTimeMs = 0;
  heartbeats = 0;

  constructor(config: RegistryConfig, ports: RegistryHostPorts) {
    this.config = config;
    this.#ports = ports;
    this.#timers = new HostTimers(ports.clock);
  }

  get up(): boolean {
    return this.#core !== null;
  }

  /** The live registry core's queries and commands; throws while the registry is down. */
  get core(): CoreAccess {
    if (!this.#core) throw new Error('the registry is down');
    return this.#core;
  }

  /** Starts the registry; with anything in its store it restarts from it, with the restart grace. */
  start(): void {
    const { now, loaded, restored, chance } = this.#load();
    this.#begin(new Registry(this.config, chance, now, restored), loaded);
  }

  /** `start` with the core built in `steps`: serves once built; false (never serves) if stopped meanwhile. */
  async startInSteps(steps: CoreSteps): Promise<boolean> {
    const { now, loaded, restored, chance } = this.#load();
    if (!restored) return this.#begin(new Registry(this.config, chance, now), loaded), true;
    const building = (this.#building = {});
    const build = Registry.restoring(this.config, chance, now, restored, steps.slice);
    for (let step = build.next(); ; step = build.next()) {
      if (step.done) return this.#begin(step.value, loaded), true;
      await steps.pause();
      if (this.#building !== building) return false;
    }
  }

  /** The store's snapshot (undefined when empty), for a new incarnation of the registry. */
  #load(): { now: number; loaded: RegistrySnapshot; restored: RegistrySnapshot | undefined; chance: Chance } {
    const now = this.#ports.clock.now();
    const loaded = this.#ports.store.load();
    const restored = loaded.members.length + loaded.jobs.length > 0 ? loaded : undefined;
    return { now, loaded, restored, chance: this.#ports.chance(++this.#incarnation) };
  }

  /** Serves with `core` from now on, its sweeps on timers. */
  #begin(core: Registry, loaded: RegistrySnapshot): void {
    const now = this.#ports.clock.now();
    this.#building = null;
    this.#core = new CoreTurn(core);
    this.#busyUntil = now;
    const restarted = loaded.members.length + loaded.jobs.length > 0;
    this.#ports.events.write(now, restarted ? 'registry.restarted' : 'registry.started', { members: loaded.members.length, jobs: loaded.jobs.length });
    const c = this.config;
    this.#every(c.deadlineResolutionMs, (core, t) => core.tick(t));
    this.#every(c.healthCheckIntervalMs, (core, t) => core.run({ kind: 'checkHealth' }, t));
    this.#every(c.cleanupIntervalMs, (core, t) => core.run({ kind: 'cleanup' }, t));
    this.#every(c.reconnectIntervalMs, (core, t) => this.#reconnect(core, t));
    this.#every(c.heartbeatFlushIntervalMs, (core) => this.#writeHeartbeats(core));
  }

  /** The write-behind of heartbeat times: one coalesced batch per interval. */
  #writeHeartbeats(core: CoreTurn): void {
    const beats = core.takeHeartbeatWrites();
    if (beats.length > 0) this.#ports.store.writeHeartbeats(beats);
  }

  #leadership: Leadership | null = null;
  #downReason = 'the registry is not running';
  #standbyBeats: StandbyAnswer | null = null;

  /** With replicas, while this one leads: its name and the lease epoch it leads under. */
  get leadership(): Leadership | null {
    return this.#leadership;
  }

  /** Why the registry is not serving, while it is down (a standby replica says who leads). */
  get downReason(): string {
    return this.#downReason;
  }

  /**
   * While down, a standby replica may still answer heartbeats it can vouch for (null: this one
   * does not; the caller answers with `downReason`). See runtime/cluster/standby-beats.ts.
   */
  get standbyBeats(): StandbyAnswer | null {
    return this.#standbyBeats;
  }

  /**
   * A replica won the lease: the registry starts, leading under `leadership`; with `steps`, it
   * builds its core in them and serves once it resolves true (see `startInSteps`).
   */
  lead(leadership: Leadership, steps?: CoreSteps): Promise<boolean> | true {
    this.#leadership = leadership;
    return steps ? this.startInSteps(steps) : (this.start(), true);
  }

  /** A replica stands by: why it does not serve, and who leads if it knows. */
  standingBy(reason: string): void {
    this.#downReason = reason;
  }

  /** A standby replica answers the heartbeats it can vouch for with `answer` (null: no longer). */
  answerStandbyBeats(answer: StandbyAnswer | null): void {
    this.#standbyBeats = answer;
  }

  /**
   * Stops serving because this process may no longer write (a replica that lost its lease):
   * memory and timers go as in a crash; another replica carries on from the database.
   */
  stepDown(reason: string): void {
    this.#leadership = null;
    this.#building = null;
    if (!this.#core) return;
    this.#halt();
    this.#ports.events.write(this.#ports.clock.now(), 'registry.stepped-down', { reason });
  }

  /** Stops the registry as a crash would: memory gone, timers gone, nothing more written. */
  crash(): void {
    this.#halt();
    this.#ports.events.write(this.#ports.clock.now(), 'registry.crashed');
  }

  /** Stops the registry gracefully, writing the heartbeat times it still holds. */
  stop(): void {
    this.#leadership = null;
    if (this.#core) this.#writeHeartbeats(this.#core);
    this.#halt();
    this.#ports.events.write(this.#ports.clock.now(), 'registry.stopped');
  }

  #halt(): void {
    this.#core = null;
    this.#building = null;
    this.dials.cancel('the registry stopped');
    this.#timers.clear();
  }

  /** Runs `run` every `periodMs` while this incarnation of the registry lives. */
  #every(periodMs: number, run: (core: CoreTurn, now: number) => void): void {
    const incarnation = this.#incarnation;
    this.#timers.every(periodMs, () => {
      const core = this.#core;
      if (!core || this.#incarnation !== incarnation) return false;
      run(core, this.#ports.clock.now());
      this.#flush(core);
      return true;
    });
  }

  /**
   * Handles one request: waits its turn behind the service time, runs it on the core, makes
   * its effects durable, then answers. While the registry is down, or if it goes down before
   * the request's turn, the request is dropped unanswered.
   */
  serve<R>(handle: (core: CoreAccess, now: number) => R, respond: (reply: R) => void, drop: () => void = () => {}): void {
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

  /** Runs `handle` now and returns its reply (for callers that are not queued: the API, tests). */
  call<R>(handle: (core: CoreAccess, now: number) => R): R {
    const core = this.#core;
    if (!core) throw new Error('the registry is down');
    const reply = handle(core, this.#ports.clock.now());
    this.#flush(core);
    return reply;
  }

  /**
   * When every write handed to the store so far is durable (undefined: already). The APIs
   * wait on it before they answer; only a store that writes behind (PostgreSQL) ever has to.
   */
  settled(): Promise<void> | undefined {
    return this.#ports.store.settled?.();
  }

  #flush(core: CoreTurn): void {
    if (!core.pending) return;
    const effects = core.takeEffects();
    const { store } = this.#ports;
    store.write(writesFor(core, effects));
    this.#afterWrites.after(store.settled?.(), () => this.#performAll(core, effects), () => this.#core === core);
  }

  #performAll(core: CoreTurn, effects: readonly Effect[]): void {
    const now = this.#ports.clock.now();
    for (const effect of effects) performEffect(this.#ports, this.dials, core, effect, now);
  }

  /** Runs one reconnect round now (the operator's manual trigger); returns how many members it dials. */
  reconnectNow(): number {
    const core = this.#core;
    if (!core) throw new Error('the registry is down');
    const dialed = this.#reconnect(core, this.#ports.clock.now());
    this.#flush(core);
    return dialed;
  }

  #reconnect(core: CoreTurn, now: number): number {
    const incarnation = this.#incarnation;
    return reconnectRound(core, now, this.#ports, this.dials, () => this.#core === core && this.#incarnation === incarnation);
  }
}
