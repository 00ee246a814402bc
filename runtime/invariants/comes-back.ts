// A member that a registry stopped counting as live while its worker kept talking to it is
// active again soon after the worker can hear the registry (docs/behaviour.md §1 Heartbeats): a
// heartbeat brings an unhealthy member back, and a worker told its session is gone (a removed,
// failed or inactive member) registers again. So the member is active — recovered, or in a new
// session — within one heartbeat interval plus the time a registration may take, counted from
// when the worker can hear the registry again (after a partition or outage holding at that
// moment); unless the worker stopped, its link was disturbed or the registry blind after that,
// or its ID was locked out (a purged member's secret is forgotten, so the worker cannot pass
// its ID's lock-out: lock-outs-end-on-time judges that).
import type { LogEntry } from '../events/log-entry.ts';
import { disturbances, overlaps, violation, type Invariant } from './invariant.ts';

/** Worker process states in which it keeps talking to the registry. */
const TALKING = new Set(['active', 'reconnecting', 'registering']);

/** The invariant `name`: a member whose entry `starts` the wait while its worker talks is active again in time. */
export function comesBack(name: string, starts: (e: LogEntry) => boolean): Invariant {
  return {
    name,
    check(entries, bounds) {
      const troubles = disturbances(entries, bounds);
      const lockedOut = (id: string, from: number, to: number) =>
        entries.some((e) => e.type === 'registration.refused' && e.code === 'rate_limited' && e.id === id && e.t >= from && e.t <= to);
      const within = bounds.heartbeatIntervalMs + bounds.activeWithinMs + bounds.slackMs;
      /** Per node: its worker's ID and process state, and since when it holds that state. */
      const workers = new Map<string, { id: string; state: string; since: number }>();
      /** Members removed or ended while their worker was talking: that entry, and the node. */
      const waiting = new Map<string, { removed: LogEntry; node: string; from: number }>();
      /** When the worker could hear its registry again: after any disturbance holding at `t`. */
      const heardFrom = (node: string, t: number): number => {
        let from = t;
        for (const [a, b] of [...(troubles.cut.get(node) ?? []), ...troubles.registryBlind].sort((x, y) => x[0] - y[0])) {
          if (a <= from && b >= from) from = b;
        }
        return from;
      };
      const overdue = (t: number): LogEntry | null => {
        for (const [id, { removed, node, from }] of waiting) {
          const deadline = from + within;
          if (t <= deadline) continue;
          waiting.delete(id);
          const w = workers.get(node);
          const excused = !w || w.id !== id || !TALKING.has(w.state) || w.since > removed.t ||
            overlaps(troubles.cut.get(node), from + 1, deadline) || overlaps(troubles.registryBlind, from + 1, deadline) || lockedOut(id, removed.t, deadline);
          if (!excused) return removed;
        }
        return null;
      };
      for (const e of [...entries, { t: bounds.endMs, type: 'end' } as LogEntry]) {
        const late = overdue(e.t);
        if (late) {
          const what = late.type === 'member' ? `turned ${late.to}` : 'was removed';
          return violation(name, `${late.id} ${what} at ${late.t} ms while its worker kept running, and was not active again within ${within} ms of its worker hearing the registry again`, late);
        }
        if (e.type === 'worker' && typeof e.node === 'string' && typeof e.to === 'string') {
          const prior = workers.get(e.node);
          const talking = TALKING.has(e.to) && prior !== undefined && TALKING.has(prior.state);
          workers.set(e.node, { id: typeof e.id === 'string' ? e.id : '', state: e.to, since: talking ? prior.since : e.t });
        } else if (e.type === 'member' && typeof e.id === 'string' && String(e.to).startsWith('active')) {
          waiting.delete(e.id);
        } else if (starts(e) && typeof e.id === 'string') {
          const node = [...workers].find(([, w]) => w.id === e.id && TALKING.has(w.state))?.[0];
          if (node !== undefined) waiting.set(e.id, { removed: e, node, from: heardFrom(node, e.t) });
        }
      }
      return null;
    },
  };
}
