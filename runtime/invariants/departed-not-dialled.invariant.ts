// The reconnect monitor never dials a member that left on purpose (docs/behaviour.md §1
// Reconnect monitor: it dials `registered`, `failed`, and `inactive` through failure only). A
// member that turned `inactive` from any state but `failed` deregistered; the registry logs
// each dial it starts (`reconnect.dial`).
import { violation, type Invariant } from './invariant.ts';

export const departedNotDialled: Invariant = {
  name: 'departed-not-dialled',
  check(entries) {
    /** Members inactive because they deregistered, with the time they did. */
    const departed = new Map<string, number>();
    for (const e of entries) {
      if (typeof e.id !== 'string') continue;
      if (e.type === 'member') {
        if (e.to === 'inactive' && e.from !== 'failed') departed.set(e.id, e.t);
        else departed.delete(e.id);
      } else if (e.type === 'member.removed') {
        departed.delete(e.id);
      } else if (e.type === 'reconnect.dial' && departed.has(e.id)) {
        return violation(this.name, `${e.id} was dialled at ${e.t} ms though it deregistered at ${departed.get(e.id)} ms`, e);
      }
    }
    return null;
  },
};
