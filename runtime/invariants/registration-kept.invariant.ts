// No acknowledged registration is lost (issue #9): every worker that was told it is
// registered is in the database at the end, unless it was removed since. Judged from the
// run's closing `db.members` entry (the simulator's replicas write one); without it, passes.
import { violation, type Invariant } from './invariant.ts';

export const registrationKept: Invariant = {
  name: 'acknowledged-registration-kept',
  check(entries) {
    const acknowledged = new Set<string>();
    for (const e of entries) {
      if (e.type === 'worker' && e.to === 'active' && typeof e.id === 'string') acknowledged.add(e.id);
      else if (e.type === 'member.removed' && typeof e.id === 'string') acknowledged.delete(e.id);
      else if (e.type === 'db.members' && Array.isArray(e.ids)) {
        const stored = new Set(e.ids);
        for (const id of acknowledged) if (!stored.has(id)) return violation(this.name, `${id} was acknowledged as registered but is not in the database`, e);
      }
    }
    return null;
  },
};
