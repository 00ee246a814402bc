// A job waiting in the queue belongs to no member (docs/behaviour.md §3: a job is queued,
// assigned to one member's session, or finished). A requeued job that still named the member it
// was taken from would show that member as running it to every reader of the job (the API, the
// store) while another member may be given it. Each `job` entry names the job's member.
import { violation, type Invariant } from './invariant.ts';

export const queuedJobsUnowned: Invariant = {
  name: 'queued-jobs-belong-to-no-member',
  check(entries) {
    for (const e of entries) {
      if (e.type === 'job' && e.state === 'queued' && e.member !== null && e.member !== undefined) {
        return violation(this.name, `job ${e.id} was queued at ${e.t} ms still naming ${e.member} as its member`, e);
      }
    }
    return null;
  },
};
