// A failing schedule shrinks to the steps it needs, each at the time it had: a step that only
// lets time pass before a deadline comes due stays where it was while the steps before it go.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FaultAction, FaultSchedule } from '../../../../runtime/chaos/property/fault-schedule.ts';
import { faultSchedules } from '../../../../runtime/chaos/property/schedule-arbitraries.ts';
import { shrinkingSteps } from '../../../../runtime/chaos/property/step-shrinks.ts';
import { propertySeed } from '../../../support/property.ts';

const MINUTE = 60_000;

/** Shrinks the first schedule of `seed` that breaks `holds`. */
function shrunk(seed: number, holds: (schedule: FaultSchedule) => boolean): FaultSchedule {
  const details = fc.check(fc.property(faultSchedules(), holds), { seed, numRuns: 2_000 });
  if (!details.counterexample) throw new Error(`seed ${seed}: no schedule broke the property`);
  return details.counterexample[0];
}

describe('shrinking a failing schedule', () => {
  it('keeps a late step at its time and drops every step between it and an early registry crash', () => {
    // Fails like a deadline within the restart grace: a registry crash in the first minute, and
    // some step at least 5 minutes in (before it, the liveness phase would end the run early).
    const early = (s: FaultSchedule) => s.steps.some((step) => step.action.kind === 'registry-crash' && step.atMs < MINUTE);
    const late = (s: FaultSchedule) => s.steps.some((step) => step.atMs >= 5 * MINUTE);
    for (let seed = propertySeed; seed < propertySeed + 5; seed++) {
      const schedule = shrunk(seed, (s) => !(early(s) && late(s)));
      expect({ seed, steps: schedule.steps.length }).toEqual({ seed, steps: 2 });
      // The crash's outage shrank too, once fast-check's own context was gone.
      expect(schedule.steps.find((step) => step.action.kind === 'registry-crash')!.action).toEqual({ kind: 'registry-crash', downMs: 1000 });
    }
  });

  it('removes two steps together when neither can go alone', () => {
    // Fails while a crash and a restart are both there or both gone, and some other step is 5
    // minutes in: the crash and the restart must go at once.
    const kinds = (s: FaultSchedule) => s.steps.map((step) => step.action.kind);
    const paired = (s: FaultSchedule) => kinds(s).includes('crash') === kinds(s).includes('restart');
    const late = (s: FaultSchedule) => s.steps.some((step) => step.atMs >= 5 * MINUTE && !['crash', 'restart'].includes(step.action.kind));
    for (let seed = propertySeed; seed < propertySeed + 5; seed++) {
      const schedule = shrunk(seed, (s) => !(paired(s) && late(s)));
      expect({ seed, steps: schedule.steps.length }).toEqual({ seed, steps: 1 });
    }
  });

  it('draws the same steps as the arbitrary it wraps, so a seed draws the schedules it drew before', () => {
    const action: fc.Arbitrary<FaultAction> = fc.record({ kind: fc.constant('crash' as const), worker: fc.nat(7) });
    const drawn = fc.array(fc.record({ atMs: fc.nat(), action }), { maxLength: 14 });
    const sample = (a: fc.Arbitrary<unknown>) => JSON.stringify(fc.sample(a, { seed: propertySeed, numRuns: 50 }));
    expect(sample(shrinkingSteps(drawn, action))).toBe(sample(drawn));
  });

  it('replays a shrunk failure from its seed and path', () => {
    const holds = (s: FaultSchedule) => !s.steps.some((step) => step.action.kind === 'registry-crash' && step.atMs >= 5 * MINUTE);
    const first = fc.check(fc.property(faultSchedules(), holds), { seed: propertySeed, numRuns: 2_000 });
    const again = fc.check(fc.property(faultSchedules(), holds), { seed: propertySeed, path: first.counterexamplePath!, numRuns: 2_000 });
    expect(first.counterexample![0].steps).toHaveLength(1);
    expect(again.counterexample).toEqual(first.counterexample);
  });
});
