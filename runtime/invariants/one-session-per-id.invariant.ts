// No two live worker processes hold the same worker ID at once (docs/behaviour.md §7): two nodes both
// active under one ID means the registry handed one identity to two workers.
import { violation, type Invariant } from './invariant.ts';

export const oneSessionPerId: Invariant = {
  name: 'one-live-session-per-worker-id',
  check(entries) {
    const holders = new Map<string, Set<string>>();
    const idOfNode = new Map<string, string>();
    for (const e of entries) {
      if (e.type !== 'worker' || typeof e.node !== 'string') continue;
      const previous = idOfNode.get(e.node);
      if (previous !== undefined) holders.get(previous)?.delete(e.node);
      idOfNode.delete(e.node);
      if (e.to !== 'active' || typeof e.id !== 'string') continue;
      const set = holders.get(e.id) ?? new Set<string>();
      set.add(e.node);
      holders.set(e.id, set);
      idOfNode.set(e.node, e.id);
      if (set.size > 1) return violation(this.name, `worker ID ${e.id} is active on ${[...set].join(' and ')}`, e);
    }
    return null;
  },
};
