// No job is ever assigned to a member that is not active and accepting work (docs/behaviour.md §7).
import { MemberStates, violation, type Invariant } from './invariant.ts';

export const assignedToActive: Invariant = {
  name: 'jobs-assigned-to-active-members-only',
  check(entries) {
    const members = new MemberStates();
    for (const e of entries) {
      members.see(e);
      if (e.type !== 'job' || e.state !== 'assigned' || typeof e.member !== 'string') continue;
      const state = members.state.get(e.member);
      if (state !== 'active.idle' && state !== 'active.busy') {
        return violation(this.name, `job ${e.id} assigned to ${e.member} while it was ${state ?? 'unknown'}`, e);
      }
    }
    return null;
  },
};
