// Job ownership per session (docs/behaviour.md §1 Registration, §3): a worker that registers
// again gets a new session epoch, and whatever jobs its previous session held go back to the
// queue. So once the instant of a new session is over, no job is still assigned to the member
// at an older epoch.
import { replayJobs } from './job-owners.ts';
import { violation, type Invariant } from './invariant.ts';

export const jobsFollowSession: Invariant = {
  name: 'jobs-follow-their-session',
  check(entries) {
    const epochOf = new Map<string, number>();
    return replayJobs(entries, (e, { owners, later }) => {
      if (e.type !== 'member' || typeof e.id !== 'string' || typeof e.epoch !== 'number') return;
      if (e.epoch <= (epochOf.get(e.id) ?? 0)) return;
      epochOf.set(e.id, e.epoch);
      const member = e.id;
      const epoch = e.epoch;
      later.add(e.t, () => {
        const stale = owners.heldBy(member).find(([, h]) => h.epoch < epoch);
        if (!stale) return null;
        const [job, h] = stale;
        return violation(this.name, `job ${job} stayed assigned to ${member} at epoch ${h.epoch} after it opened session ${epoch} at ${e.t} ms`, h.entry);
      });
    });
  },
};
