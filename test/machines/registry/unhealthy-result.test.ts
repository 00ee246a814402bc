// A result from a member that has gone unhealthy still finishes its job (its session stands
// until it fails, docs/behaviour.md §1, §3), and the store is told only of the job: the member's
// state does not change (its jobs are rebuilt from the jobs at a restart, §5), so its record is
// not written again.
import { describe, expect, it } from 'vitest';
import { join, makeRegistry, MINUTE, ok, stateName } from '../../support/registry-harness.ts';

describe('a result from an unhealthy member', () => {
  it('finishes the job and saves the job alone', () => {
    const r = makeRegistry();
    const a = join(r, 0, { workerId: 'a', maxConcurrentJobs: 1 });
    ok(r.run({ kind: 'submitJob', spec: { jobId: 'j', kind: 'k' } }, 1));
    r.tick(2 * MINUTE + 1);
    expect(stateName(r, 'a')).toBe('unhealthy');
    r.takeEffects();
    const report = { workerId: 'a', epoch: a.epoch, sessionToken: a.sessionToken, jobId: 'j', attempt: 1, ok: true, result: 'done' };
    ok(r.run({ kind: 'reportTask', report }, 2 * MINUTE + 2));
    expect(r.job('j')?.state).toBe('succeeded');
    expect(stateName(r, 'a')).toBe('unhealthy');
    expect(r.takeEffects().map((e) => e.kind)).toEqual(['job.saved']);
  });
});
