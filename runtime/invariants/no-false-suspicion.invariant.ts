// No false suspicion: a member is not judged unhealthy while its worker process has been
// active, and its link undisturbed, for the whole unhealthyAfter window before — unless the
// registry itself could not hear (down or in its restart grace). The heartbeat path's promise
// (docs/behaviour.md §1): a worker that beats on time stays active.
import { disturbances, overlaps, violation, type Invariant } from './invariant.ts';

export const noFalseSuspicion: Invariant = {
  name: 'no-false-suspicion',
  check(entries, bounds) {
    const troubles = disturbances(entries, bounds);
    const nodeOf = new Map<string, string>();
    const activeSince = new Map<string, number>();
    for (const e of entries) {
      if (e.type === 'worker' && typeof e.node === 'string') {
        if (typeof e.id === 'string') nodeOf.set(e.id, e.node);
        if (e.to === 'active') activeSince.set(e.node, e.t);
        else activeSince.delete(e.node);
        continue;
      }
      if (e.type !== 'member' || e.to !== 'unhealthy' || typeof e.id !== 'string') continue;
      const node = nodeOf.get(e.id);
      const since = node === undefined ? undefined : activeSince.get(node);
      if (node === undefined || since === undefined) continue;
      const window = bounds.unhealthyAfterMs + bounds.slackMs;
      if (e.t - since < window) continue;
      const from = e.t - window;
      if (overlaps(troubles.cut.get(node), from, e.t) || overlaps(troubles.registryBlind, from, e.t)) continue;
      return violation(this.name, `${e.id} was judged unhealthy at ${e.t} ms while ${node} had been active and reachable since ${since} ms`, e);
    }
    return null;
  },
};
