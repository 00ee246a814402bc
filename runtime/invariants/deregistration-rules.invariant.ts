// Deregistration with and without force (docs/behaviour.md §1 Deregistration): a worker's
// deregistration while jobs run and without `force` is refused — its member stays as it was;
// with `force` the member leaves and its jobs go back to the queue. The registry logs each
// deregistration it hears (`member.deregistering`, with `force` and the jobs held).
import { replayJobs } from './job-owners.ts';
import { violation, type Invariant } from './invariant.ts';

export const deregistrationRules: Invariant = {
  name: 'deregistration-honours-force',
  check(entries) {
    return replayJobs(entries, (e, { owners, members, later }) => {
      if (e.type !== 'member.deregistering' || typeof e.id !== 'string') return;
      const id = e.id;
      const before = members.state.get(id);
      const graceful = e.force !== true && typeof e.jobs === 'number' && e.jobs > 0;
      later.add(e.t, () => {
        const after = members.state.get(id);
        if (graceful && after === 'inactive' && before !== 'inactive') {
          return violation(this.name, `${id} deregistered without force at ${e.t} ms while it held ${e.jobs} job(s): that must be refused`, e);
        }
        const [kept] = after === 'inactive' ? owners.heldBy(id) : [];
        if (kept) return violation(this.name, `${id} deregistered at ${e.t} ms and still holds job ${kept[0]}: a forced deregistration requeues its jobs`, e);
        return null;
      });
    });
  },
};
