// A failed member is cleaned up on time (docs/behaviour.md §1 Health checks and cleanup): the
// sweep every `cleanupInterval` makes a member failed for `cleanupAfter` inactive, so none stays
// failed longer than the two together (and the slack) — unless the registry was down or in its
// restart grace meanwhile, when no sweep ran. A new session or a removal ends the wait too.
import type { LogEntry } from '../events/log-entry.ts';
import { disturbances, overlaps, violation, type Invariant } from './invariant.ts';

export const cleanupOnTime: Invariant = {
  name: 'failed-member-cleaned-up',
  check(entries, bounds) {
    const troubles = disturbances(entries, bounds);
    const within = bounds.cleanup.afterMs + bounds.cleanup.intervalMs + bounds.slackMs;
    /** Members failed now, with the entry that failed them. */
    const failed = new Map<string, LogEntry>();
    const overdue = (t: number) => {
      for (const [id, e] of failed) {
        const deadline = e.t + within;
        if (deadline >= t || overlaps(troubles.registryBlind, e.t, deadline)) continue;
        return violation(this.name, `${id} failed at ${e.t} ms and was still failed at ${deadline} ms (cleanupAfter ${bounds.cleanup.afterMs} ms, every ${bounds.cleanup.intervalMs} ms)`, e);
      }
      return null;
    };
    for (const e of entries) {
      const found = overdue(e.t);
      if (found) return found;
      if (typeof e.id !== 'string') continue;
      if (e.type === 'member' && e.to === 'failed') failed.set(e.id, e);
      else if (e.type === 'member' || e.type === 'member.removed') failed.delete(e.id);
    }
    return overdue(bounds.endMs + 1);
  },
};
