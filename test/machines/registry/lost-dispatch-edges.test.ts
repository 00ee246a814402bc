// Lost dispatches at their edges (docs/behaviour.md §1): a job is lost only when more than two
// heartbeat intervals have passed since *its* assignment, the log says why the member's jobs
// changed, and a heartbeat that reports every job it was given changes and saves nothing.
import { describe, expect, it } from 'vitest';
import { beat, join, makeRegistry, ok, SECOND } from '../../support/registry-harness.ts';

describe('lost dispatches: edges', () => {
  it('counts two intervals from the job’s own assignment: kept at exactly 60 s, requeued after, with the reason logged', () => {
    const r = makeRegistry();
    const a = join(r, 0, { workerId: 'a', maxConcurrentJobs: 1 });
    ok(r.run({ kind: 'submitJob', spec: { jobId: 'j', kind: 'k' } }, 10 * SECOND));
    ok(beat(r, a, 70 * SECOND, { activeJobIds: [] }));
    expect(r.job('j')).toMatchObject({ attempt: 1, assignedAt: 10 * SECOND });
    r.takeEffects();
    ok(beat(r, a, 70 * SECOND + 1, { activeJobIds: [] }));
    expect(r.job('j')?.attempt).toBe(2);
    expect(r.takeEffects()).toContainEqual(expect.objectContaining({ kind: 'member.transitioned', memberId: 'a', reason: 'lost dispatches requeued' }));
  });

  it('a heartbeat reporting every job it was given changes and saves nothing', () => {
    const r = makeRegistry();
    const a = join(r, 0, { maxConcurrentJobs: 1 });
    ok(r.run({ kind: 'submitJob', spec: { jobId: 'j', kind: 'k' } }, 0));
    r.takeEffects();
    ok(beat(r, a, 5 * 60 * SECOND, { currentJobs: 1, activeJobIds: ['j'] }));
    expect(r.takeEffects()).toEqual([]);
  });
});
