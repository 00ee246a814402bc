// Re-registration keeps the ID (docs/behaviour.md §7): once a node has registered under an ID, it never
// comes back under another — across crashes, restarts and registry restarts.
import { violation, type Invariant } from './invariant.ts';

export const keepsId: Invariant = {
  name: 're-registration-keeps-id',
  check(entries) {
    const idOfNode = new Map<string, string>();
    for (const e of entries) {
      if (e.type !== 'worker' || e.to !== 'active' || typeof e.node !== 'string' || typeof e.id !== 'string') continue;
      const first = idOfNode.get(e.node);
      if (first === undefined) idOfNode.set(e.node, e.id);
      else if (first !== e.id) return violation(this.name, `${e.node} registered as ${first}, later as ${e.id}`, e);
    }
    return null;
  },
};
