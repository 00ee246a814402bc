// The registry as a process, in any world: the registry core on a Clock (the system's or a
// virtual one), its sweeps on timers, a Store it reloads on start, and its effects made real —
// store writes first (durable before any reply), then events, task dispatches and dial-ins.
// The simulator and the production registry both run this; they differ only in their ports.
import { Registry } from '../../machines/registry/registry.ts';
import type { RegistryConfig } from '../../machines/registry/registry.config.ts';
import type { Effect } from '../../machines/registry/registry.types.ts';
import { writesFor } from '../store/store.ts';
import { CoreTurn, type CoreAccess } from './core-turn.ts';
import { DialsInFlight } from './dials-in-flight.ts';
import { DurableOrder } from './durable-order.ts';
import type { Leadership, RegistryHostPorts, StandbyAnswer } from './host-ports.ts';
import { HostTimers } from './host-timers.ts';
import { reconnectRound } from './reconnect-round.ts';

export class RegistryHost {
  readonly config: RegistryConfig;
  readonly #ports: RegistryHostPorts;
  #core: CoreTurn | null = null;
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
    const { clock, store, events } = this.#ports;
    const now = clock.now();
    const loaded = store.load();
    const restored = loaded.members.length + loaded.jobs.length > 0 ? loaded : undefined;
    this.#incarnation++;
    this.#core = new CoreTurn(new Registry(this.config, this.#ports.chance(this.#incarnation), now, restored));
    this.#busyUntil = now;
    events.write(now, restored ? 'registry.restarted' : 'registry.started', { members: loaded.members.length, jobs: loaded.jobs.length });
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

  /** A replica won the lease: the registry starts, leading under `leadership`. */
  lead(leadership: Leadership): void {
    this.#leadership = leadership;
    this.start();
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
    for (const effect of effects) this.#perform(core, effect, now);
  }

  #perform(core: CoreTurn, effect: Effect, now: number): void {
    const { events } = this.#ports;
    switch (effect.kind) {
      case 'member.transitioned':
        events.write(now, 'member', { id: effect.memberId, from: effect.from, to: effect.to, epoch: effect.epoch, reason: effect.reason, ...(effect.silentMs === undefined ? {} : { silentMs: effect.silentMs }), ...(effect.capacity === undefined ? {} : { capacity: effect.capacity }) });
        return;
      case 'check.failed':
        events.write(now, 'check.failed', { id: effect.memberId, epoch: effect.epoch, problem: effect.problem });
        return;
      case 'member.removed':
        events.write(now, 'member.removed', { id: effect.memberId });
        this.dials.cancel('the member was removed', effect.memberId);
        return;
      case 'job.saved':
        events.write(now, 'job', { id: effect.jobId, state: effect.state, member: effect.memberId, epoch: effect.epoch, attempt: effect.attempt, ...(effect.by === undefined ? {} : { by: effect.by, byEpoch: effect.byEpoch }) });
        return;
      case 'registration.refused':
        events.write(now, 'registration.refused', { id: effect.workerId, source: effect.source, code: effect.code });
        return;
      case 'member.deregistering':
        events.write(now, 'member.deregistering', { id: effect.memberId, force: effect.force, jobs: effect.jobs });
        return;
      case 'task.dispatched': {
        const member = core.member(effect.memberId);
        if (member) this.#ports.dispatch(member, effect.task);
        return;
      }
      case 'guard.changed':
        events.write(now, 'guard', { held: effect.held, unhealthyFraction: Math.round(effect.unhealthyFraction * 1000) / 1000 });
        return;
      case 'member.saved':
        return;
    }
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
