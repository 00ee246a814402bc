// A member's session never holds more jobs than its capacity (docs/behaviour.md §3: a job is
// assigned to a member with a free slot). The `member` entry that opens a session carries its
// capacity (`maxConcurrentJobs`); every `job` entry says who holds the job since.
import { replayJobs } from './job-owners.ts';
import { violation, type Invariant } from './invariant.ts';

export const jobsWithinCapacity: Invariant = {
  name: 'jobs-within-capacity',
  check(entries) {
    /** The capacity of each member's current session, by member ID. */
    const capacity = new Map<string, { epoch: number; slots: number }>();
    return replayJobs(entries, (e, { owners, later }) => {
      if (e.type === 'member' && typeof e.id === 'string' && typeof e.capacity === 'number' && typeof e.epoch === 'number') {
        capacity.set(e.id, { epoch: e.epoch, slots: e.capacity });
      }
      if (e.type !== 'job' || e.state !== 'assigned' || typeof e.member !== 'string') return;
      const member = e.member;
      later.add(e.t, () => {
        const session = capacity.get(member);
        if (!session) return null;
        const held = owners.heldBy(member).filter(([, h]) => h.epoch === session.epoch);
        if (held.length <= session.slots) return null;
        return violation(this.name, `${member} held ${held.length} jobs at ${e.t} ms in session ${session.epoch}, whose capacity is ${session.slots}`, e);
      });
    });
  },
};
