// What the registry host (registry-host.ts) needs from its world: a clock, a store, an event
// sink, chance, and a way to reach workers; and the replica's view of it (leadership, standby
// answers). The simulator and production supply different ones.
import type { Chance } from '../../machines/random.ts';
import type { HeartbeatReply, HeartbeatRequest, Outcome, Task } from '../../machines/registry/registry.types.ts';
import type { MemberReadout } from '../../machines/registry/member-table.ts';
import type { Clock } from '../clock/clock.ts';
import type { Store } from '../store/store.ts';
import type { EventSink } from './event-sink.ts';

export interface RegistryHostPorts {
  clock: Clock;
  store: Store;
  events: EventSink;
  /** Chance for one incarnation of the registry: seeded in the simulator, crypto-strong in production. */
  chance(incarnation: number): Chance;
  /** Delivers a task to the worker behind `member`. */
  dispatch(member: MemberReadout, task: Task): void;
  /**
   * Dials `member`'s WorkerAgent; `done(true)` when it answered and will register. When
   * `signal` aborts (the member was removed, the registry stops) the dial ends at once and
   * releases its connection; `done` may then never be called.
   */
  dial(member: MemberReadout, done: (ok: boolean) => void, signal: AbortSignal): void;
}

/** A replica's leadership: its name and the lease epoch it leads under. */
export interface Leadership {
  replica: string;
  epoch: number;
}

/** A standby's answer to a heartbeat it can vouch for, or null: the leader must see it. */
export type StandbyAnswer = (request: HeartbeatRequest) => Outcome<HeartbeatReply> | null;

/**
 * Building the core from a large store in steps of at most `slice` members or jobs, with
 * `pause()` between them so the event loop (a lease's renewals) runs meanwhile: 1M members take
 * seconds to build in one go, longer than a lease lasts (docs/scale-out.md).
 */
export interface CoreSteps {
  slice: number;
  pause(): Promise<void>;
}
