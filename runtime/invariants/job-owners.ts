// What the job invariants read from a log: which member and session hold each job, and checks
// that must hold once the instant an entry was written is over (an entry and what it causes are
// written at the same virtual time, in an order the invariants should not depend on).
import type { LogEntry } from '../events/log-entry.ts';
import { MemberStates, type Violation } from './invariant.ts';

export interface Holding {
  member: string;
  epoch: number;
  /** The entry that assigned it. */
  entry: LogEntry;
}

/** Jobs assigned now, by job ID, replayed up to each entry. */
export class JobOwners {
  readonly holding = new Map<string, Holding>();

  see(e: LogEntry): void {
    if (e.type !== 'job' || typeof e.id !== 'string') return;
    if (e.state === 'assigned' && typeof e.member === 'string' && typeof e.epoch === 'number') {
      this.holding.set(e.id, { member: e.member, epoch: e.epoch, entry: e });
    } else {
      this.holding.delete(e.id);
    }
  }

  /** The jobs a member holds, with their IDs. */
  heldBy(member: string): [string, Holding][] {
    return [...this.holding].filter(([, h]) => h.member === member);
  }
}

/** Checks to run once the log has moved past an instant. */
export class AfterInstant {
  readonly #pending: { at: number; check: () => Violation | null }[] = [];

  /** Runs the checks of instants before `t` (all of them without `t`); the first violation. */
  runBefore(t = Infinity): Violation | null {
    while (this.#pending.length > 0 && this.#pending[0]!.at < t) {
      const found = this.#pending.shift()!.check();
      if (found) return found;
    }
    return null;
  }

  add(at: number, check: () => Violation | null): void {
    this.#pending.push({ at, check });
  }
}

/** What a replay knows at each entry: who holds which job, each member's state, the checks pending. */
export interface JobReplay {
  owners: JobOwners;
  members: MemberStates;
  later: AfterInstant;
}

/**
 * Replays a log entry by entry, keeping job holdings and member states up to date; `visit` may
 * add checks for the end of an entry's instant. Returns the first violation of those checks.
 */
export function replayJobs(entries: readonly LogEntry[], visit: (e: LogEntry, replay: JobReplay) => void): Violation | null {
  const replay: JobReplay = { owners: new JobOwners(), members: new MemberStates(), later: new AfterInstant() };
  for (const e of entries) {
    const found = replay.later.runBefore(e.t);
    if (found) return found;
    replay.owners.see(e);
    replay.members.see(e);
    visit(e, replay);
  }
  return replay.later.runBefore();
}
