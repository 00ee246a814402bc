// A result is accepted only from the session the job was assigned to (docs/behaviour.md §3:
// every assignment carries the member's epoch, and a result from another epoch is refused). A
// finished job's entry names the member and epoch whose result was accepted (`by`, `byEpoch`).
import type { LogEntry } from '../events/log-entry.ts';
import { violation, type Invariant } from './invariant.ts';

export const resultFromOwnSession: Invariant = {
  name: 'result-from-its-own-session',
  check(entries) {
    /** Each job's current assignment (member and epoch), or null while it is not assigned. */
    const assigned = new Map<string, LogEntry | null>();
    for (const e of entries) {
      if (e.type !== 'job' || typeof e.id !== 'string') continue;
      if (e.state === 'assigned') {
        assigned.set(e.id, e);
        continue;
      }
      const holder = assigned.get(e.id) ?? null;
      assigned.set(e.id, null);
      if (typeof e.by !== 'string') continue;
      if (!holder) return violation(this.name, `job ${e.id} took a result from ${e.by} at epoch ${e.byEpoch} while it was not assigned`, e);
      if (holder.member !== e.by || holder.epoch !== e.byEpoch) {
        return violation(this.name, `job ${e.id} assigned to ${holder.member} at epoch ${holder.epoch} took a result from ${e.by} at epoch ${e.byEpoch}`, e);
      }
    }
    return null;
  },
};
