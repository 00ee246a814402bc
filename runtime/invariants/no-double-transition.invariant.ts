// No double eviction (issue #9): a member's session (ID, epoch) never moves to unhealthy,
// failed or inactive while it is already there. Two replicas — or a paused ex-leader — acting
// on the same deadline would show as exactly that. Only durable changes are logged, so a write
// the database fenced out never appears.
import { violation, type Invariant } from './invariant.ts';

const TERMINAL = new Set(['unhealthy', 'failed', 'inactive']);

export const noDoubleTransition: Invariant = {
  name: 'no-double-transition',
  check(entries) {
    const last = new Map<string, { to: string; by: string }>();
    for (const e of entries) {
      if (e.type !== 'member' || typeof e.id !== 'string' || typeof e.to !== 'string') continue;
      const key = `${e.id}@${String(e.epoch)}`;
      const by = typeof e.replica === 'string' ? e.replica : 'the registry';
      const before = last.get(key);
      if (before && before.to === e.to && TERMINAL.has(e.to)) return violation(this.name, `${key} moved to ${e.to} twice (by ${before.by}, then ${by})`, e);
      last.set(key, { to: e.to, by });
    }
    return null;
  },
};
