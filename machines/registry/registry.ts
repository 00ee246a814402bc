// The registry core: registration, heartbeats, deregistration, jobs and the sweeps, as a
// deterministic object that never reads a clock (every command comes with `now`) and never
// does I/O. It is closed: one entry point, `execute`, takes a command and returns the reply and
// the effects the runtime must make real (store writes before the reply, then dispatches and
// logs); `tick` runs the deadline wheel; everything else is a read-only query.
import type { MemberStateName } from '../member.machine.ts';
import type { Chance } from '../random.ts';
import type { Command, CommandKind, CommandOf, Executed, Replies } from './commands.ts';
import { heartbeatIntervalMs, scaled, type CoreParts } from './core-parts.ts';
import { DeadlineWheel } from './deadline-wheel.ts';
import { JobBook } from './job-book.ts';
import { reportTask, submitJob } from './job-commands.ts';
import { deregister, drain, forceDeregister, heartbeat, unregister } from './member-commands.ts';
import { MemberTable, type MemberReadout } from './member-table.ts';
import { Registrar } from './registrar.ts';
import type { RegistryConfig } from './registry.config.ts';
import type { Effect, Job, JobState, RegistryError } from './registry.types.ts';
import { restoreSnapshot, restoreSteps, type RegistrySnapshot } from './restore.ts';
import { session } from './sessions.ts';
import { cleanup, dialed, dialTargets, healthCheck, tick } from './sweeps.ts';

export type { RegistrySnapshot } from './restore.ts';

const NO_EFFECTS: readonly Effect[] = Object.freeze([]);

/** A heartbeat time to write behind: the store's copy trails the core by one flush interval. */
export interface HeartbeatWrite {
  memberId: string;
  lastHeartbeatAt: number;
}

/** What anyone may read of the core: views of its records, never the parts that hold them. */
export interface RegistryReads {
  readonly config: RegistryConfig;
  member(id: string): MemberReadout | undefined;
  /** The member holding an agent address, if any. */
  memberAt(address: string): MemberReadout | undefined;
  members(): IterableIterator<MemberReadout>;
  readonly memberCount: number;
  /** Members per top-level state. */
  counts(): Readonly<Record<MemberStateName, number>>;
  job(id: string): Readonly<Job> | undefined;
  jobs(): IterableIterator<Readonly<Job>>;
  readonly jobCount: number;
  readonly queuedJobs: number;
  jobCounts(): Record<JobState, number>;
  /** The mass-failure guard holds every transition to failed. */
  readonly guardHeld: boolean;
  /** Nobody is judged before this time (the restart grace). */
  readonly graceUntil: number;
  heartbeatIntervalMs(): number;
  /** A deadline scaled by how far the heartbeat interval has been stretched. */
  scaled(deadline: number): number;
  /** Members filed on the deadline wheel. */
  readonly deadlinesFiled: number;
  /** A session's member, or the error a call with these credentials gets. */
  session(workerId: string, epoch: number, token: string): MemberReadout | RegistryError;
  /** Members the reconnect monitor should dial now (docs/behaviour.md §1, seed 000), oldest first. */
  dialTargets(now: number): MemberReadout[];
  /** Heartbeats accepted so far (the runtime turns it into a rate). */
  readonly heartbeatCount: number;
  /** Registration attempts by outcome: `created`, `re_registered`, `rejected:<code>`. */
  readonly registrationOutcomes: ReadonlyMap<string, number>;
  /** Heartbeats refused, by code. */
  readonly heartbeatFailures: ReadonlyMap<RegistryError['code'], number>;
}

export class Registry implements RegistryReads {
  readonly config: RegistryConfig;
  readonly #c: CoreParts;
  #registrar: Registrar;

  constructor(config: RegistryConfig, chance: Chance, now: number, restored?: RegistrySnapshot) {
    this.config = config;
    const effects: Effect[] = [];
    const graceUntil = restored ? now + config.restartGraceMs : now;
    this.#c = {
      config,
      effects,
      table: new MemberTable(config, effects),
      jobs: new JobBook(effects),
      wheel: new DeadlineWheel(config.deadlineResolutionMs, now),
      guard: { graceUntil, held: false, releasedAt: -Infinity },
      counters: { heartbeats: 0, registrationOutcomes: new Map(), heartbeatFailures: new Map() },
      heartbeatsToWrite: new Set(),
    };
    const idNumber = restored ? restoreSnapshot(restored, this.#c, graceUntil) : 0;
    this.#registrar = new Registrar(this.#c, chance, idNumber);
  }

  /**
   * The registry `new Registry(config, chance, now, snapshot)` builds, built in steps of at most
   * `slice` members or jobs: the caller may do other work between steps (never touching this
   * core, which it gets only at the end). A large cluster's restore takes seconds in one go.
   */
  static *restoring(config: RegistryConfig, chance: Chance, now: number, snapshot: RegistrySnapshot, slice: number): Generator<void, Registry, void> {
    const registry = new Registry(config, chance, now, { members: [], jobs: [] });
    const idNumber = yield* restoreSteps(snapshot, registry.#c, registry.graceUntil, slice);
    registry.#registrar = new Registrar(registry.#c, chance, idNumber);
    return registry;
  }

  /** The one entry point: carries out `command` at `now`; returns its reply and its effects, in order. */
  execute<K extends CommandKind>(command: CommandOf<K>, now: number): Executed<Replies[K]> {
    const reply = this.#dispatch(command, now) as Replies[K];
    return { reply, effects: this.#takeEffects() };
  }

  /** Runs the deadline wheel's due buckets (call it every deadlineResolution); returns the effects. */
  tick(now: number): readonly Effect[] {
    tick(this.#c, now);
    return this.#takeEffects();
  }

  #takeEffects(): readonly Effect[] {
    const effects = this.#c.effects;
    return effects.length === 0 ? NO_EFFECTS : effects.splice(0, effects.length);
  }

  #dispatch(command: Command, now: number): Replies[CommandKind] {
    const c = this.#c;
    switch (command.kind) {
      case 'register': return this.#registrar.register(command.request, now);
      case 'registerBatch': return command.requests.map((r) => this.#registrar.register(r, now));
      case 'heartbeat': return heartbeat(c, command.request, now);
      case 'deregister': return deregister(c, command.request, now);
      case 'forceDeregister': return forceDeregister(c, command.workerId, now, command.reason);
      case 'unregister': return unregister(c, command.workerId, now);
      case 'preRegister': return this.#registrar.preRegister(command.request, now);
      case 'drain': return drain(c, command.workerId, now);
      case 'reportTask': return reportTask(c, command.report, now);
      case 'submitJob': return submitJob(c, command.spec, now);
      case 'checkHealth': return healthCheck(c, now);
      case 'cleanup': return cleanup(c, now);
      case 'dialed': {
        const member = c.table.get(command.memberId);
        if (member) dialed(c, member, command.ok, now);
        return undefined;
      }
    }
  }

  /** The heartbeat times changed since the last call, to write behind; the core forgets them. */
  takeHeartbeatWrites(): HeartbeatWrite[] {
    const c = this.#c;
    const beats: HeartbeatWrite[] = [];
    for (const id of c.heartbeatsToWrite) {
      const member = c.table.get(id);
      if (member) beats.push({ memberId: id, lastHeartbeatAt: member.lastHeartbeatAt });
    }
    c.heartbeatsToWrite.clear();
    return beats;
  }

  member(id: string): MemberReadout | undefined { return this.#c.table.get(id); }
  memberAt(address: string): MemberReadout | undefined { return this.#c.table.byAddress(address); }
  members(): IterableIterator<MemberReadout> { return this.#c.table.members.values(); }
  get memberCount(): number { return this.#c.table.members.size; }
  counts(): Readonly<Record<MemberStateName, number>> { return this.#c.table.counts; }
  job(id: string): Readonly<Job> | undefined { return this.#c.jobs.jobs.get(id); }
  jobs(): IterableIterator<Readonly<Job>> { return this.#c.jobs.jobs.values(); }
  get jobCount(): number { return this.#c.jobs.jobs.size; }
  get queuedJobs(): number { return this.#c.jobs.queued; }
  jobCounts(): Record<JobState, number> { return this.#c.jobs.countByState(); }
  get guardHeld(): boolean { return this.#c.guard.held; }
  get graceUntil(): number { return this.#c.guard.graceUntil; }
  heartbeatIntervalMs(): number { return heartbeatIntervalMs(this.#c); }
  scaled(deadline: number): number { return scaled(this.#c, deadline); }
  get deadlinesFiled(): number { return this.#c.wheel.size; }
  session(workerId: string, epoch: number, token: string): MemberReadout | RegistryError { return session(this.#c.table, workerId, epoch, token); }
  dialTargets(now: number): MemberReadout[] { return dialTargets(this.#c, now); }
  get heartbeatCount(): number { return this.#c.counters.heartbeats; }
  get registrationOutcomes(): ReadonlyMap<string, number> { return this.#c.counters.registrationOutcomes; }
  get heartbeatFailures(): ReadonlyMap<RegistryError['code'], number> { return this.#c.counters.heartbeatFailures; }
}
