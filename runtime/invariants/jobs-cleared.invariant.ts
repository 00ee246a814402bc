// Jobs are cleared when a member fails or leaves (docs/behaviour.md §1 Health checks and
// cleanup, Deregistration; §3): a member that turns `failed` or `inactive` — by timeout, by
// health checks, by cleanup or by a forced deregistration — or that an operator removes
// (`unregister`) holds no job once that instant is over; its jobs went back to the queue.
import { replayJobs } from './job-owners.ts';
import { violation, type Invariant } from './invariant.ts';

export const jobsCleared: Invariant = {
  name: 'jobs-cleared-on-failure-and-leave',
  check(entries) {
    return replayJobs(entries, (e, { owners, members, later }) => {
      const removed = e.type === 'member.removed';
      if (typeof e.id !== 'string' || !(removed || (e.type === 'member' && (e.to === 'failed' || e.to === 'inactive')))) return;
      const member = e.id;
      const what = removed ? 'was removed' : `turned ${e.to}`;
      later.add(e.t, () => {
        // A member back in a new session within the instant may hold that session's jobs.
        const [kept] = members.state.get(member) === (removed ? undefined : e.to) ? owners.heldBy(member) : [];
        if (!kept) return null;
        return violation(this.name, `${member} ${what} at ${e.t} ms${removed ? '' : ` (${e.reason})`} and still holds job ${kept[0]}`, e);
      });
    });
  },
};
