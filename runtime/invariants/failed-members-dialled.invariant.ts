// The reconnect monitor dials the members it should (docs/behaviour.md §1 Reconnect monitor):
// one that is `registered`, `failed`, or `inactive` through failure is dialled within a round of
// its next dial being due. That is at most `reconnectBackoffMax` (plus a dial's timeout) after
// its last dial, or at once for a member never dialled; the log has each dial
// (`reconnect.dial`). Excused while the registry is down or in its grace.
import type { LogEntry } from '../events/log-entry.ts';
import { disturbances, overlaps, violation, type Invariant } from './invariant.ts';

/** Whether a `member` entry leaves its member one the monitor dials. */
const dialable = (e: LogEntry) => e.to === 'registered' || e.to === 'failed' || (e.to === 'inactive' && e.from === 'failed');

export const failedMembersDialled: Invariant = {
  name: 'failed-members-dialled',
  check(entries, bounds) {
    const troubles = disturbances(entries, bounds);
    const round = bounds.reconnectIntervalMs + bounds.slackMs;
    const backoff = bounds.reconnectBackoffMaxMs + bounds.dialTimeoutMs;
    const lastDial = new Map<string, number>();
    /** Members the monitor should dial, with the entry that made them so. */
    const waiting = new Map<string, LogEntry>();
    const overdue = (t: number) => {
      for (const [id, e] of waiting) {
        const from = Math.max(e.t, (lastDial.get(id) ?? -Infinity) + backoff);
        const deadline = from + round;
        if (deadline >= t || overlaps(troubles.registryBlind, e.t, deadline)) continue;
        return violation(this.name, `${id} turned ${e.to} at ${e.t} ms and was not dialled between ${from} and ${deadline} ms`, e);
      }
      return null;
    };
    for (const e of entries) {
      const found = overdue(e.t);
      if (found) return found;
      if (typeof e.id !== 'string') continue;
      if (e.type === 'reconnect.dial') lastDial.set(e.id, e.t);
      else if (e.type === 'member' && dialable(e)) {
        if (!waiting.has(e.id)) waiting.set(e.id, e);
      } else if (e.type === 'member' || e.type === 'member.removed') {
        waiting.delete(e.id);
      }
    }
    return overdue(bounds.endMs + 1);
  },
};
