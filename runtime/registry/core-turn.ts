// What a request handler holds for one turn on the registry core: the core's read-only
// queries, and `run`, which executes a command and keeps its effects for the host to make real
// once the turn ends (registry-host.ts, `call` and `serve`). Tests drive the core through it too.
import type { CommandKind, CommandOf, Replies } from '../../machines/registry/commands.ts';
import type { MemberReadout } from '../../machines/registry/member-table.ts';
import type { HeartbeatWrite, Registry, RegistryReads } from '../../machines/registry/registry.ts';
import type { Effect, Job, JobState, RegistryError } from '../../machines/registry/registry.types.ts';
import type { MemberStateName } from '../../machines/member.machine.ts';

export interface CoreAccess extends RegistryReads {
  /** Executes `command` at `now`; its effects are made real when the turn ends, before any reply. */
  run<K extends CommandKind>(command: CommandOf<K>, now: number): Replies[K];
}

/** One incarnation's access to its core; the host takes the effects after each turn. */
export class CoreTurn implements CoreAccess {
  readonly #core: Registry;
  readonly #effects: Effect[] = [];

  constructor(core: Registry) {
    this.#core = core;
  }

  run<K extends CommandKind>(command: CommandOf<K>, now: number): Replies[K] {
    const { reply, effects } = this.#core.execute(command, now);
    for (let i = 0; i < effects.length; i++) this.#effects.push(effects[i]!); // no iterator: most commands (heartbeats) have none
    return reply;
  }

  /** Runs the deadline wheel's due buckets. */
  tick(now: number): void {
    for (const effect of this.#core.tick(now)) this.#effects.push(effect);
  }

  /** The effects of the turn so far, in order; the turn forgets them. */
  takeEffects(): Effect[] {
    return this.#effects.splice(0, this.#effects.length);
  }

  /** The heartbeat times to write behind (the core forgets them). */
  takeHeartbeatWrites(): HeartbeatWrite[] {
    return this.#core.takeHeartbeatWrites();
  }

  get pending(): boolean {
    return this.#effects.length > 0;
  }

  get config() { return this.#core.config; }
  member(id: string): MemberReadout | undefined { return this.#core.member(id); }
  memberAt(address: string): MemberReadout | undefined { return this.#core.memberAt(address); }
  members(): IterableIterator<MemberReadout> { return this.#core.members(); }
  get memberCount(): number { return this.#core.memberCount; }
  counts(): Readonly<Record<MemberStateName, number>> { return this.#core.counts(); }
  job(id: string): Readonly<Job> | undefined { return this.#core.job(id); }
  jobs(): IterableIterator<Readonly<Job>> { return this.#core.jobs(); }
  get jobCount(): number { return this.#core.jobCount; }
  get queuedJobs(): number { return this.#core.queuedJobs; }
  jobCounts(): Record<JobState, number> { return this.#core.jobCounts(); }
  get guardHeld(): boolean { return this.#core.guardHeld; }
  get graceUntil(): number { return this.#core.graceUntil; }
  heartbeatIntervalMs(): number { return this.#core.heartbeatIntervalMs(); }
  scaled(deadline: number): number { return this.#core.scaled(deadline); }
  get deadlinesFiled(): number { return this.#core.deadlinesFiled; }
  session(workerId: string, epoch: number, token: string): MemberReadout | RegistryError { return this.#core.session(workerId, epoch, token); }
  dialTargets(now: number): MemberReadout[] { return this.#core.dialTargets(now); }
  get heartbeatCount(): number { return this.#core.heartbeatCount; }
  get registrationOutcomes(): ReadonlyMap<string, number> { return this.#core.registrationOutcomes; }
  get heartbeatFailures(): ReadonlyMap<RegistryError['code'], number> { return this.#core.heartbeatFailures; }
}
