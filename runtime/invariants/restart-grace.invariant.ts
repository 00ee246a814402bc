// Restart grace (docs/behaviour.md §1 Health checks and cleanup, §8): after a registry restart,
// or a replica taking over (both logged as `registry.restarted`), no member is judged —
// turned `unhealthy` or `failed` — before `restartGrace` has passed. The registry could not
// hear anyone while it was down; judging at once would evict the healthy.
import { violation, type Invariant } from './invariant.ts';

export const restartGrace: Invariant = {
  name: 'grace-after-restart',
  check(entries, bounds) {
    let graceUntil = -Infinity;
    let restartedAt = 0;
    for (const e of entries) {
      if (e.type === 'registry.restarted') {
        restartedAt = e.t;
        graceUntil = e.t + bounds.restartGraceMs;
        continue;
      }
      if (e.type !== 'member' || (e.to !== 'unhealthy' && e.to !== 'failed') || e.t >= graceUntil) continue;
      return violation(this.name, `${e.id} was judged ${e.to} at ${e.t} ms (${e.reason}), within the grace of the restart at ${restartedAt} ms (until ${graceUntil} ms)`, e);
    }
    return null;
  },
};
