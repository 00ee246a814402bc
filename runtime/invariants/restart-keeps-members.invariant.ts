// After a registry restart every member is still there with its ID (docs/behaviour.md §7): the restarted
// registry loads every member it had written before it went down. After a graceful restart it
// loads exactly those. After a crash it may load more: a registration that was committed just
// before the kill, whose log line the kill cut off (effects follow the commit, never precede it).
// So may a replica that takes the lead (or takes it back): the leader before it may have lost
// its lease or its database connection with a commit in flight, which then landed although
// that leader, no longer current, never logged it.
import { violation, type Invariant } from './invariant.ts';

export const restartKeepsMembers: Invariant = {
  name: 'registry-restart-keeps-members',
  check(entries) {
    const known = new Set<string>();
    let crashed = false;
    for (const e of entries) {
      if (e.type === 'member' && typeof e.id === 'string') known.add(e.id);
      else if (e.type === 'member.removed' && typeof e.id === 'string') known.delete(e.id);
      else if (e.type === 'registry.crashed') crashed = true;
      else if (e.type === 'registry.restarted') {
        const loaded = Number(e.members);
        const unlogged = crashed || e.replica !== undefined;
        if (loaded < known.size || (!unlogged && loaded !== known.size)) {
          return violation(this.name, `the registry knew ${known.size} members before its restart and loaded ${loaded}`, e);
        }
        crashed = false;
      }
    }
    return null;
  },
};
