// A worker that boots while the registry is reachable becomes an active member within its
// bound (docs/behaviour.md §7), unless it crashed, was partitioned or the registry was down meanwhile,
// or a full cluster refused it (§1 Registration, Capacity: `resource_exhausted`).
import type { LogEntry } from '../events/log-entry.ts';
import { disturbances, overlaps, violation, type Invariant } from './invariant.ts';

export const becomesActive: Invariant = {
  name: 'up-and-connected-becomes-active',
  check(entries, bounds) {
    const troubles = disturbances(entries, bounds);
    const activeAt = new Map<string, number[]>();
    const crashAt = new Map<string, number[]>();
    const fullAt = new Map<string, number[]>();
    for (const e of entries) {
      if (e.type === 'registration.refused' && e.code === 'resource_exhausted' && typeof e.id === 'string') fullAt.set(e.id, [...(fullAt.get(e.id) ?? []), e.t]);
      if (e.type === 'member' && typeof e.id === 'string' && typeof e.to === 'string' && e.to.startsWith('active')) {
        activeAt.set(e.id, [...(activeAt.get(e.id) ?? []), e.t]);
      }
      if (e.type === 'fault.crash' && typeof e.node === 'string') crashAt.set(e.node, [...(crashAt.get(e.node) ?? []), e.t]);
    }
    for (const e of entries) {
      if (e.type !== 'worker' || e.to !== 'starting' || typeof e.node !== 'string' || typeof e.id !== 'string') continue;
      const deadline = e.t + bounds.activeWithinMs;
      if (deadline > bounds.endMs) continue;
      const disturbed =
        overlaps(troubles.registryBlind, e.t, deadline) ||
        overlaps(troubles.cut.get(e.node), e.t, deadline) ||
        [...(crashAt.get(e.node) ?? []), ...(fullAt.get(e.id) ?? [])].some((t) => t >= e.t && t <= deadline);
      if (disturbed) continue;
      const became = (activeAt.get(e.id) ?? []).some((t) => t >= e.t && t <= deadline);
      if (!became) return violation(this.name, `${e.id} booted at ${e.t} ms and was not active by ${deadline} ms`, e as LogEntry);
    }
    return null;
  },
};
