// After a registry restart every member is still there with its ID (SPEC §7): the restarted
// registry loads exactly the members it had written before it went down.
import { violation, type Invariant } from './invariant.ts';

export const restartKeepsMembers: Invariant = {
  name: 'registry-restart-keeps-members',
  check(entries) {
    const known = new Set<string>();
    for (const e of entries) {
      if (e.type === 'member' && typeof e.id === 'string') known.add(e.id);
      else if (e.type === 'member.removed' && typeof e.id === 'string') known.delete(e.id);
      else if (e.type === 'registry.restarted' && e.members !== known.size) {
        return violation(this.name, `the registry knew ${known.size} members before its restart and loaded ${e.members}`, e);
      }
    }
    return null;
  },
};
