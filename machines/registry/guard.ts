// The mass-failure guard (docs/behaviour.md §1): when too many live members are unhealthy at
// once, the registry is the one cut off, and it holds every transition to failed until the
// fraction drops. The restart grace it works with is set when the core is built.
import type { CoreParts } from './core-parts.ts';

/** The mass-failure guard: too many unhealthy at once means the registry is the one cut off. */
/** Re-evaluates the guard from the current state counts (cheap: O(1)). */
export function updateGuard(r: CoreParts, now: number): void {
  const guard = r.guard;
  const unhealthy = r.table.counts.unhealthy;
  const live = r.table.counts.active + unhealthy;
  const fraction = live === 0 ? 0 : unhealthy / live;
  const held = live >= r.config.massFailureMinMembers && fraction > r.config.massFailureFraction;
  if (held === guard.held) return;
  guard.held = held;
  if (!held) guard.releasedAt = now;
  r.effects.push({ kind: 'guard.changed', held, unhealthyFraction: fraction });
}
