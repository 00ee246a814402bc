// No job is ever lost (docs/behaviour.md §3, §7): at the end of the run every job the registry accepted is
// queued, finished, or assigned to a member that is still live (and so will run it or fail
// and have it requeued).
import { MemberStates, violation, type Invariant } from './invariant.ts';
import type { LogEntry } from '../events/log-entry.ts';

export const noJobLost: Invariant = {
  name: 'no-job-lost',
  check(entries) {
    const members = new MemberStates();
    const last = new Map<string, LogEntry>();
    for (const e of entries) {
      members.see(e);
      if (e.type === 'job' && typeof e.id === 'string') last.set(e.id, e);
    }
    for (const job of last.values()) {
      if (job.state !== 'assigned') continue;
      const state = typeof job.member === 'string' ? members.state.get(job.member) : undefined;
      const live = state !== undefined && (state.startsWith('active') || state === 'unhealthy');
      if (!live) return violation(this.name, `job ${job.id} ended assigned to ${job.member} which is ${state ?? 'gone'}`, job);
    }
    return null;
  },
};
