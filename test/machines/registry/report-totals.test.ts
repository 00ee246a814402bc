// What workers report, at its edges (docs/behaviour.md §1, seeds 002 and 004): a report at exactly
// the worker's capacity, amounts of zero, and the totals the metrics show over members that leave
// a field out, report zero, or are unhealthy.
import { describe, expect, it } from 'vitest';
import { viewOf } from '../../../machines/registry/queries.ts';
import { reportTotals } from '../../../machines/registry/worker-report.ts';
import { beat, join, makeRegistry, member, MINUTE, ok, SECOND, stateName, tickThrough } from '../../support/registry-harness.ts';

describe('worker reports: edges', () => {
  it('a worker reporting exactly its capacity shows no problem', () => {
    const r = makeRegistry();
    const a = join(r, 0, { maxConcurrentJobs: 2 });
    ok(beat(r, a, SECOND, { currentJobs: 2 }));
    expect(viewOf(member(r, a.workerId)).report).toMatchObject({ currentJobs: 2, problem: null });
  });

  it('an amount of zero is shown as zero, not as not reported', () => {
    const r = makeRegistry();
    const a = join(r, 0);
    ok(beat(r, a, SECOND, { currentJobs: 0, cpuPercent: 0, memoryUsedMb: 0, memoryTotalMb: 0, errorCount: 0 }));
    expect(viewOf(member(r, a.workerId)).report).toMatchObject({ cpuPercent: 0, memoryUsedMb: 0, memoryTotalMb: 0, errorCount: 0 });
  });
});

describe('worker reports: totals', () => {
  it('with nobody reporting CPU or a breaker, the mean CPU is 0 and no breaker is counted', () => {
    const r = makeRegistry();
    ok(beat(r, join(r, 0), SECOND));
    expect(reportTotals(r.members())).toEqual({
      reporting: 1, runningJobs: 0, cpuPercentMean: 0, cpuPercentMax: 0, memoryUsedMb: 0, memoryTotalMb: 0, errorCount: 0,
      inconsistent: 0, breakers: { closed: 0, open: 0, halfOpen: 0 },
    });
  });

  it('the CPU mean is over the members that report it: 0 % counts, a missing figure does not', () => {
    const r = makeRegistry();
    ok(beat(r, join(r, 0), SECOND, { cpuPercent: 0 }));
    ok(beat(r, join(r, 0), SECOND, { cpuPercent: 60 }));
    ok(beat(r, join(r, 0), SECOND));
    expect(reportTotals(r.members())).toMatchObject({ reporting: 3, cpuPercentMean: 30, cpuPercentMax: 60 });
  });

  it('an unhealthy member still counts with its last report of this session', () => {
    const r = makeRegistry();
    const a = join(r, 0, { workerId: 'a' });
    ok(beat(r, a, SECOND, { currentJobs: 0, errorCount: 4 }));
    tickThrough(r, 0, 3 * MINUTE);
    expect(stateName(r, 'a')).toBe('unhealthy');
    expect(reportTotals(r.members())).toMatchObject({ reporting: 1, errorCount: 4 });
  });
});
