// Placement after a member's room changes (docs/behaviour.md §3): a job goes to the least loaded
// member, weighted by capacity × load factor, also when a member registers again with more room
// than any had before (the search may only stop early at a member as unloaded as any can be).
import { describe, expect, it } from 'vitest';
import { join, makeRegistry, ok, request, type Session } from '../../support/registry-harness.ts';

describe('placement as room changes', () => {
  it('a member that registers again with more room gets the next job over one that is less roomy', () => {
    const r = makeRegistry();
    ok(r.run({ kind: 'submitJob', spec: { jobId: 'waits', kind: 'k', requires: { gpu: 'none-has' } } }, 0)); // keeps the queue non-empty
    const small = join(r, 0, { maxConcurrentJobs: 1 });
    const grows = join(r, 0, { maxConcurrentJobs: 1 });
    ok(r.run({ kind: 'register', request: request({ workerId: grows.workerId, workerSecret: grows.workerSecret, maxConcurrentJobs: 4, loadFactor: 2 }) }, 1));
    ok(r.run({ kind: 'submitJob', spec: { jobId: 'j', kind: 'k' } }, 2));
    expect(r.job('j')?.memberId).toBe(grows.workerId);
    expect(r.member(small.workerId)?.jobIds).toEqual([]);
  });

  it('after a member leaves and another grows, the next job still goes to the least loaded', () => {
    const r = makeRegistry();
    const [a, d, b] = [join(r, 0, { maxConcurrentJobs: 1 }), join(r, 0, { maxConcurrentJobs: 1 }), join(r, 0, { maxConcurrentJobs: 1 })];
    ok(r.run({ kind: 'submitJob', spec: { jobId: 'j0', kind: 'k' } }, 1));
    const done = (s: Session) => ({ workerId: s.workerId, epoch: s.epoch, sessionToken: s.sessionToken, jobId: 'j0', attempt: 1, ok: true });
    ok(r.run({ kind: 'reportTask', report: done(a) }, 2));
    ok(r.run({ kind: 'unregister', workerId: a.workerId }, 3));
    ok(r.run({ kind: 'register', request: request({ workerId: b.workerId, workerSecret: b.workerSecret, maxConcurrentJobs: 4, loadFactor: 2 }) }, 4));
    ok(r.run({ kind: 'submitJob', spec: { jobId: 'j1', kind: 'k' } }, 5));
    expect(r.job('j1')?.memberId).toBe(b.workerId);
    expect(r.member(d.workerId)?.jobIds).toEqual([]);
  });

  it("a removed member's jobs go at once to a member with room", () => {
    const r = makeRegistry();
    const gone = join(r, 0, { maxConcurrentJobs: 1 });
    ok(r.run({ kind: 'submitJob', spec: { jobId: 'j', kind: 'k' } }, 1));
    const other = join(r, 2, { maxConcurrentJobs: 1 });
    expect(r.job('j')?.memberId).toBe(gone.workerId);
    expect(ok(r.run({ kind: 'unregister', workerId: gone.workerId }, 3)).requeued).toBe(1);
    expect(r.job('j')).toMatchObject({ state: 'assigned', memberId: other.workerId });
  });
});
