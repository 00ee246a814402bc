// The mass-failure guard holds only on a mass failure (docs/behaviour.md §1 Health checks and
// cleanup): it holds while more than `massFailureFraction` of the live members are unhealthy,
// and lets go when no more are. Each change of the guard is logged with the fraction it saw
// (`guard`, rounded to a thousandth). A guard held below the fraction would keep crashed
// workers from ever failing, and their jobs from moving on.
import { violation, type Invariant } from './invariant.ts';

/** Half the rounding step of the logged fraction. */
const ROUNDING = 0.0005;

export const guardOnMassFailure: Invariant = {
  name: 'guard-holds-only-on-mass-failure',
  check(entries, bounds) {
    for (const e of entries) {
      if (e.type !== 'guard' || typeof e.unhealthyFraction !== 'number') continue;
      const above = e.unhealthyFraction + ROUNDING > bounds.massFailureFraction;
      const below = e.unhealthyFraction - ROUNDING <= bounds.massFailureFraction;
      if (e.held === true && !above) return violation(this.name, `the guard began to hold at ${e.t} ms with ${e.unhealthyFraction} of the members unhealthy, not more than ${bounds.massFailureFraction}`, e);
      if (e.held === false && !below) return violation(this.name, `the guard let go at ${e.t} ms with ${e.unhealthyFraction} of the members still unhealthy, more than ${bounds.massFailureFraction}`, e);
    }
    return null;
  },
};
