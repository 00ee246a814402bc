// Flap damping (docs/behaviour.md §1 Heartbeats): a member that recovered from unhealthy more
// than `flapLimit` times within `flapWindow` is held out of scheduling for `flapCooldown` after
// that recovery — it gets no job until then. The log shows each recovery (a `member` entry from
// `unhealthy` back to active) and each assignment. The recoveries live in the registry's memory,
// so a registry that starts again is judged only on the ones it saw.
import { violation, type Invariant } from './invariant.ts';

export const flapHold: Invariant = {
  name: 'no-jobs-in-flap-cooldown',
  check(entries, bounds) {
    const { limit, windowMs, cooldownMs } = bounds.flap;
    const recoveries = new Map<string, number[]>();
    /** Per member: until when it is held, and the recovery that started the hold. */
    const held = new Map<string, { until: number; since: number }>();
    for (const e of entries) {
      if (e.type === 'registry.started' || e.type === 'registry.restarted') {
        recoveries.clear();
        held.clear();
      }
      if (e.type === 'member' && e.from === 'unhealthy' && String(e.to).startsWith('active') && typeof e.id === 'string') {
        const recent = [...(recoveries.get(e.id) ?? []).filter((t) => e.t - t < windowMs), e.t];
        recoveries.set(e.id, recent);
        if (recent.length > limit) held.set(e.id, { until: e.t + cooldownMs, since: e.t });
      }
      if (e.type !== 'job' || e.state !== 'assigned' || typeof e.member !== 'string') continue;
      const hold = held.get(e.member);
      if (hold && e.t < hold.until) {
        return violation(this.name, `job ${e.id} was assigned to ${e.member} at ${e.t} ms, within the flap cooldown that its recovery at ${hold.since} ms started (until ${hold.until} ms)`, e);
      }
    }
    return null;
  },
};
