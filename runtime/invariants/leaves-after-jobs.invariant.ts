// A draining worker finishes its jobs before it leaves (docs/behaviour.md §1 Deregistration,
// §2: on SIGTERM or an operator's drain a worker takes no new job, lets the running ones finish
// within `drainTimeout`, then deregisters). So a worker whose member still holds jobs when it
// deregisters has been draining for `drainTimeout` at least: it leaves early only with no job
// left. The registry logs each deregistration it hears, with the jobs the member held; the
// worker's own entries show when it began to drain, and the jobs it was running then
// (`running`). Only those count: the registry may hold more as assigned to it, dispatched
// before or as the drain began but never delivered (a worker busy registering again under
// load), which the worker cannot finish. A log without `running` counts every job assigned
// before the drain began.
import { violation, type Invariant } from './invariant.ts';
import { JobOwners } from './job-owners.ts';

export const leavesAfterJobs: Invariant = {
  name: 'worker-leaves-after-its-jobs',
  check(entries, bounds) {
    /** Per worker ID: when its process began to drain, and the jobs it ran then (while it drains). */
    const draining = new Map<string, { since: number; ran: ReadonlySet<string> | null }>();
    const owners = new JobOwners();
    for (const e of entries) {
      owners.see(e);
      if (e.type === 'worker' && typeof e.id === 'string') {
        // Straight from active to deregistering is a drain of no time at all.
        if (e.to === 'draining' || (e.to === 'deregistering' && e.from === 'active')) draining.set(e.id, { since: e.t, ran: Array.isArray(e.running) ? new Set(e.running) : null });
        else if (e.to !== 'deregistering') draining.delete(e.id);
      }
      if (e.type !== 'member.deregistering' || typeof e.id !== 'string' || typeof e.jobs !== 'number' || e.jobs === 0) continue;
      const drain = draining.get(e.id);
      if (drain === undefined || e.t - drain.since >= bounds.drainTimeoutMs) continue;
      const { since, ran } = drain;
      const running = owners.heldBy(e.id).filter(([id, h]) => h.entry.t < since && (ran === null || ran.has(id))).length;
      if (running === 0) continue;
      return violation(this.name, `${e.id} deregistered at ${e.t} ms holding ${running} job(s) it had before it began to drain, ${e.t - since} ms before: it must let them finish for drainTimeout (${bounds.drainTimeoutMs} ms)`, e);
    }
    return null;
  },
};
