// A member fails by health checks only after `consecutiveFailuresToFail` failed checks in a
// row (docs/behaviour.md §1 Health checks and cleanup). The registry logs each failed check
// (`check.failed`); a change of state or session starts the count again. A heartbeat that
// resets it is not logged, so the count here is never below the registry's: a member failed
// with fewer logged failures than the limit was failed too early.
import { violation, type Invariant } from './invariant.ts';

const top = (state: unknown) => String(state).split('.')[0];

export const checksInARow: Invariant = {
  name: 'failed-by-checks-in-a-row',
  check(entries, bounds) {
    /** Failed checks since each member's last change of state or session. */
    const counts = new Map<string, { epoch: number; failures: number }>();
    for (const e of entries) {
      if (typeof e.id !== 'string') continue;
      if (e.type === 'check.failed' && typeof e.epoch === 'number') {
        const now = counts.get(e.id);
        counts.set(e.id, { epoch: e.epoch, failures: now && now.epoch === e.epoch ? now.failures + 1 : 1 });
      } else if (e.type === 'member.removed') {
        counts.delete(e.id);
      } else if (e.type === 'member') {
        const failures = counts.get(e.id)?.epoch === e.epoch ? counts.get(e.id)!.failures : 0;
        if (e.to === 'failed' && String(e.reason).startsWith('health check failed') && failures < bounds.consecutiveFailuresToFail) {
          return violation(this.name, `${e.id} was failed by health checks at ${e.t} ms after ${failures} failed check(s) in a row (the limit is ${bounds.consecutiveFailuresToFail})`, e);
        }
        if (top(e.from) !== top(e.to)) counts.delete(e.id);
      }
    }
    return null;
  },
};
