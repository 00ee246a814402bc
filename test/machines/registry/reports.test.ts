// What workers report in their heartbeats (docs/behaviour.md §1, seeds 002 and 004): kept per member for its
// current session, held against capacity and assignments by the health check, shown in views,
// never stored; and heartbeats refused, counted by code.
import { describe, expect, it } from 'vitest';
import { memberHealth, viewOf } from '../../../machines/registry/queries.ts';
import { reportTotals } from '../../../machines/registry/worker-report.ts';
import { beat, err, join, makeRegistry, member, ok, SECOND, stateName } from '../../support/registry-harness.ts';

const load = { cpuPercent: 97.5, memoryUsedMb: 3900, memoryTotalMb: 4096, errorCount: 7, message: 'disk almost full', breakerState: 'halfOpen' as const };

/** Every `transitioned` effect's reason so far, in order. */
function reasons(r: ReturnType<typeof makeRegistry>): string[] {
  return r.takeEffects().flatMap((e) => (e.kind === 'member.transitioned' ? [`${e.to}: ${e.reason}`] : []));
}

describe('worker reports: the health check', () => {
  it('a worker reporting more running jobs than its capacity fails checks with the reason, and fails after 3; its heartbeats do not reset the count', () => {
    const r = makeRegistry();
    const a = join(r, 0, { maxConcurrentJobs: 2 });
    const m = member(r, a.workerId);
    r.takeEffects();
    for (let i = 1; i <= 3; i++) {
      ok(beat(r, a, i * SECOND, { currentJobs: 5 }));
      expect(r.run({ kind: 'checkHealth' }, i * SECOND + 1)).toEqual({ checked: 1, failed: 1 });
      if (i < 3) expect(m.ctx.checkFailures).toBe(i);
    }
    expect(stateName(r, a.workerId)).toBe('failed');
    expect(reasons(r)).toEqual(['failed: health check failed: the worker reports 5 running jobs, over its capacity of 2']);
  });

  it('one report that differs from the assignment is a race and passes; two in a row fail; a consistent heartbeat passes again', () => {
    const r = makeRegistry();
    const a = join(r, 0, { maxConcurrentJobs: 4 });
    ok(r.run({ kind: 'submitJob', spec: { jobId: 'j1', kind: 'k' } }, 0));
    ok(beat(r, a, SECOND, { currentJobs: 0 })); // sent before j1 reached the worker
    expect(memberHealth(r, a.workerId, SECOND)?.reportProblem).toBeNull();
    expect(r.run({ kind: 'checkHealth' }, SECOND + 1)).toEqual({ checked: 1, failed: 0 });
    ok(beat(r, a, 2 * SECOND, { currentJobs: 3 }));
    expect(r.run({ kind: 'checkHealth' }, 2 * SECOND + 1)).toEqual({ checked: 1, failed: 1 });
    expect(memberHealth(r, a.workerId, 2 * SECOND)?.reportProblem).toBe('the worker reports 3 running jobs, the registry assigned it 1');
    ok(beat(r, a, 3 * SECOND, { currentJobs: 1 }));
    expect(member(r, a.workerId).ctx.checkFailures).toBe(0);
    expect(r.run({ kind: 'checkHealth' }, 3 * SECOND + 1)).toEqual({ checked: 1, failed: 0 });
  });

  it('a new session starts with no report: the old one is neither shown nor judged', () => {
    const r = makeRegistry();
    const a = join(r, 0, { workerId: 'w', maxConcurrentJobs: 1 });
    ok(beat(r, a, SECOND, { currentJobs: 9, ...load }));
    expect(viewOf(member(r, 'w')).report).toMatchObject({ currentJobs: 9, problem: 'the worker reports 9 running jobs, over its capacity of 1' });
    const again = ok(r.run({ kind: 'register', request: { workerId: 'w', workerSecret: a.workerSecret!, name: 'w', maxConcurrentJobs: 1 } }, 2 * SECOND));
    expect(again.epoch).toBe(2);
    expect(viewOf(member(r, 'w')).report).toBeNull();
    expect(r.run({ kind: 'checkHealth' }, 2 * SECOND + 1)).toEqual({ checked: 1, failed: 0 });
  });
});

describe('worker reports: views and storage', () => {
  it('the view shows the last report of the current session', () => {
    const r = makeRegistry();
    const a = join(r, 0, { maxConcurrentJobs: 2 });
    ok(beat(r, a, SECOND, { currentJobs: 0, cpuPercent: 10 }));
    ok(beat(r, a, 2 * SECOND, { currentJobs: 0, ...load }));
    expect(viewOf(member(r, a.workerId)).report).toEqual({
      at: 2 * SECOND, currentJobs: 0, cpuPercent: 97.5, memoryUsedMb: 3900, memoryTotalMb: 4096, errorCount: 7,
      message: 'disk almost full', breakerState: 'halfOpen', problem: null,
    });
    ok(beat(r, a, 3 * SECOND, { currentJobs: 0 }));
    expect(viewOf(member(r, a.workerId)).report).toMatchObject({ at: 3 * SECOND, cpuPercent: null, memoryUsedMb: null, errorCount: null, message: '', breakerState: null });
  });

  it('keeps CPU to a hundredth of a percent and memory to the MB, and a huge amount at the largest it keeps', () => {
    const r = makeRegistry();
    const a = join(r, 0);
    ok(beat(r, a, SECOND, { currentJobs: 0, cpuPercent: 33.3333, memoryUsedMb: 1024.6, memoryTotalMb: 1e300, errorCount: 2 ** 40 }));
    expect(viewOf(member(r, a.workerId)).report).toMatchObject({ cpuPercent: 33.33, memoryUsedMb: 1025, memoryTotalMb: 2 ** 30 - 1, errorCount: 2 ** 30 - 1 });
  });

  it('is never stored: neither JSON nor a structured clone of the member carries it', () => {
    const r = makeRegistry();
    const a = join(r, 0);
    ok(beat(r, a, SECOND, { currentJobs: 0, ...load }));
    const m = member(r, a.workerId);
    expect(JSON.stringify(m)).not.toMatch(/disk almost full|halfOpen/);
    expect(viewOf(structuredClone(m)).report).toBeNull();
    expect(viewOf(JSON.parse(JSON.stringify(m))).report).toBeNull();
  });

  it('adds up over the live members only: a member that left no longer counts', () => {
    const r = makeRegistry();
    const a = join(r, 0, { maxConcurrentJobs: 1 });
    const b = join(r, 0, { maxConcurrentJobs: 1 });
    join(r, 0);
    ok(beat(r, a, SECOND, { currentJobs: 0, cpuPercent: 20, memoryUsedMb: 100, memoryTotalMb: 1000, errorCount: 1, breakerState: 'closed' }));
    ok(beat(r, b, SECOND, { currentJobs: 3, cpuPercent: 60, memoryUsedMb: 300, memoryTotalMb: 1000, errorCount: 2, breakerState: 'open' }));
    expect(reportTotals(r.members())).toEqual({
      reporting: 2, runningJobs: 3, cpuPercentMean: 40, cpuPercentMax: 60, memoryUsedMb: 400, memoryTotalMb: 2000, errorCount: 3,
      inconsistent: 1, breakers: { closed: 1, open: 1, halfOpen: 0 },
    });
    ok(r.run({ kind: 'forceDeregister', workerId: b.workerId }, 2 * SECOND));
    expect(reportTotals(r.members())).toMatchObject({ reporting: 1, runningJobs: 0, inconsistent: 0, breakers: { closed: 1, open: 0, halfOpen: 0 } });
  });
});

describe('heartbeats refused', () => {
  it('are counted by error code; accepted ones are not', () => {
    const r = makeRegistry();
    const a = join(r, 0);
    ok(beat(r, a, SECOND));
    err(r.run({ kind: 'heartbeat', request: { workerId: 'nobody', epoch: 1, sessionToken: 'x', currentJobs: 0 } }, SECOND));
    err(beat(r, a, SECOND, { sessionToken: 'wrong' }));
    ok(r.run({ kind: 'forceDeregister', workerId: a.workerId }, 2 * SECOND));
    err(beat(r, a, 3 * SECOND));
    err(beat(r, a, 4 * SECOND));
    expect(Object.fromEntries(r.heartbeatFailures)).toEqual({ not_found: 1, unauthenticated: 1, failed_precondition: 2 });
    expect(r.heartbeatCount).toBe(1);
  });
});
