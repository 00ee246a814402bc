// A full cluster refuses new members (docs/behaviour.md §1 Registration, Capacity): the
// registry never holds more than `maxMembers` members. The log shows each member as it first
// appears (a `member` entry) and as an operator removes it (`member.removed`).
import { violation, type Invariant } from './invariant.ts';

export const membersWithinLimit: Invariant = {
  name: 'members-within-limit',
  check(entries, bounds) {
    const members = new Set<string>();
    for (const e of entries) {
      if (typeof e.id !== 'string') continue;
      if (e.type === 'member.removed') members.delete(e.id);
      if (e.type !== 'member' || members.has(e.id)) continue;
      members.add(e.id);
      if (members.size > bounds.maxMembers) return violation(this.name, `${e.id} joined at ${e.t} ms as member ${members.size}, beyond maxMembers ${bounds.maxMembers}`, e);
    }
    return null;
  },
};
