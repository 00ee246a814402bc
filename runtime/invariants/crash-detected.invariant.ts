// A crashed worker is unhealthy within unhealthyAfter + healthCheckInterval and failed within
// failedAfter more (docs/behaviour.md §7) — unless it came back, an operator removed its member (there is
// nothing left to judge), or the registry could not judge (down, in its restart grace, or
// holding failures under the mass-failure guard).
import { disturbances, MemberStates, overlaps, violation, type Invariant } from './invariant.ts';

export const crashDetected: Invariant = {
  name: 'crash-detected-in-time',
  check(entries, bounds) {
    const troubles = disturbances(entries, bounds);
    const unhealthyBy = bounds.unhealthyAfterMs + bounds.healthCheckIntervalMs + bounds.slackMs;
    const failedBy = unhealthyBy + bounds.failedAfterMs;
    const states = new MemberStates();
    for (let i = 0; i < entries.length; i++) {
      const crash = entries[i]!;
      states.see(crash);
      if (crash.type !== 'fault.crash' || typeof crash.id !== 'string' || typeof crash.node !== 'string') continue;
      const before = states.state.get(crash.id);
      if (before === undefined || before === 'failed' || before === 'inactive') continue;
      const failDeadline = crash.t + failedBy;
      if (failDeadline > bounds.endMs) continue;
      if (overlaps(troubles.registryBlind, crash.t, failDeadline)) continue;
      let unhealthyAt: number | null = before === 'unhealthy' ? crash.t : null;
      let failedAt: number | null = null;
      let back = false;
      for (let j = i + 1; j < entries.length && entries[j]!.t <= failDeadline; j++) {
        const e = entries[j]!;
        if (e.type === 'worker' && e.node === crash.node && e.to === 'starting') back = true;
        if (e.type === 'member.removed' && e.id === crash.id) back = true;
        if (e.type !== 'member' || e.id !== crash.id || typeof e.to !== 'string') continue;
        if (e.to === 'unhealthy' && unhealthyAt === null) unhealthyAt = e.t;
        if (e.to === 'failed' || e.to === 'inactive') failedAt ??= e.t;
        if (e.to === 'failed' && unhealthyAt === null) unhealthyAt = e.t;
      }
      if (back) continue;
      if (unhealthyAt === null || unhealthyAt > crash.t + unhealthyBy) {
        return violation(this.name, `${crash.id} crashed at ${crash.t} ms and was not unhealthy within ${unhealthyBy} ms`, crash);
      }
      if (failedAt === null && !overlaps(troubles.guardHeld, crash.t, failDeadline)) {
        return violation(this.name, `${crash.id} crashed at ${crash.t} ms and was not failed within ${failedBy} ms`, crash);
      }
    }
    return null;
  },
};
