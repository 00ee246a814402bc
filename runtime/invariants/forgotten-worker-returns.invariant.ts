// Unknown workers are told to register again (docs/behaviour.md §1 Heartbeats): a registry
// that forgets a member (an operator's `unregister`) while its worker keeps running answers
// the worker's next heartbeat with *re-register*, and the worker registers again under its ID.
// So a member removed while its worker is up is a member again within one heartbeat interval
// plus the time a registration may take — unless the worker stopped, its link was disturbed,
// the registry could not hear meanwhile, or its ID was locked out (a purged member's secret is
// forgotten, so the worker cannot pass its ID's lock-out: lock-outs-end-on-time judges that).
import type { LogEntry } from '../events/log-entry.ts';
import { disturbances, overlaps, violation, type Invariant } from './invariant.ts';

/** Worker process states in which it keeps talking to the registry. */
const TALKING = new Set(['active', 'reconnecting', 'registering']);

export const forgottenWorkerReturns: Invariant = {
  name: 'forgotten-worker-registers-again',
  check(entries, bounds) {
    const troubles = disturbances(entries, bounds);
    const lockedOut = (id: string, from: number, to: number) =>
      entries.some((e) => e.type === 'registration.refused' && e.code === 'rate_limited' && e.id === id && e.t >= from && e.t <= to);
    const within = bounds.heartbeatIntervalMs + bounds.activeWithinMs + bounds.slackMs;
    /** Per node: its worker's ID and process state, and since when it holds that state. */
    const workers = new Map<string, { id: string; state: string; since: number }>();
    /** Removed members whose worker was talking: the removal, and the node. */
    const waiting = new Map<string, { removed: LogEntry; node: string }>();
    const overdue = (t: number): LogEntry | null => {
      for (const [id, { removed, node }] of waiting) {
        const deadline = removed.t + within;
        if (t <= deadline) continue;
        waiting.delete(id);
        const w = workers.get(node);
        const excused = !w || w.id !== id || !TALKING.has(w.state) || w.since > removed.t ||
          overlaps(troubles.cut.get(node), removed.t, deadline) || overlaps(troubles.registryBlind, removed.t, deadline) || lockedOut(id, removed.t, deadline);
        if (!excused) return removed;
      }
      return null;
    };
    for (const e of [...entries, { t: bounds.endMs, type: 'end' } as LogEntry]) {
      const late = overdue(e.t);
      if (late) return violation(this.name, `${late.id} was removed at ${late.t} ms while its worker kept running, and was no member again by ${late.t + within} ms`, late);
      if (e.type === 'worker' && typeof e.node === 'string' && typeof e.to === 'string') {
        const prior = workers.get(e.node);
        const talking = TALKING.has(e.to) && prior !== undefined && TALKING.has(prior.state);
        workers.set(e.node, { id: typeof e.id === 'string' ? e.id : '', state: e.to, since: talking ? prior.since : e.t });
      } else if (e.type === 'member' && typeof e.id === 'string') {
        waiting.delete(e.id);
      } else if (e.type === 'member.removed' && typeof e.id === 'string') {
        const node = [...workers].find(([, w]) => w.id === e.id && TALKING.has(w.state))?.[0];
        if (node !== undefined) waiting.set(e.id, { removed: e, node });
      }
    }
    return null;
  },
};
