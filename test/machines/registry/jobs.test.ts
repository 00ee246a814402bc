// Jobs (docs/behaviour.md §3): placement, capability match, draining, stale results, lost dispatches,
// idempotent submission and the queue limit.
import { describe, expect, it } from 'vitest';
import type { CoreTurn } from '../../../runtime/registry/core-turn.ts';
import { beat, err, join, makeRegistry, member, MINUTE, ok, stateName, type Session } from '../../support/registry-harness.ts';

const report = (r: CoreTurn, s: Session, jobId: string, extra: { attempt?: number; epoch?: number; ok?: boolean } = {}) =>
  r.run({ kind: 'reportTask', report: {
    workerId: s.workerId, epoch: extra.epoch ?? s.epoch, sessionToken: s.sessionToken, jobId,
    attempt: extra.attempt ?? r.job(jobId)?.attempt ?? 0, ok: extra.ok ?? true, result: 'done',
  } }, 10);
const holderOf = (r: CoreTurn, jobId: string) => r.job(jobId)?.memberId;

describe('jobs: placement', () => {
  it('least loaded first, weighted by load factor (jobs + 1) / (capacity × loadFactor); ties to the older member', () => {
    const r = makeRegistry();
    const slow = join(r, 0, { maxConcurrentJobs: 4, loadFactor: 0.5 });
    const fast = join(r, 0, { maxConcurrentJobs: 4, loadFactor: 2 });
    for (let i = 0; i < 5; i++) ok(r.run({ kind: 'submitJob', spec: { jobId: `j${i}`, kind: 'k' } }, 1));
    // fast: 1/8, 2/8, 3/8 beat slow's 1/2; j3 ties at 1/2 and goes to slow; j4: fast 4/8 < slow 2/2.
    expect(member(r, fast.workerId).jobIds).toEqual(['j0', 'j1', 'j2', 'j4']);
    expect(member(r, slow.workerId).jobIds).toEqual(['j3']);
  });

  it('spreads evenly across equal members', () => {
    const r = makeRegistry();
    const a = join(r, 0, { maxConcurrentJobs: 4 });
    const b = join(r, 0, { maxConcurrentJobs: 4 });
    for (let i = 0; i < 4; i++) ok(r.run({ kind: 'submitJob', spec: { kind: 'k' } }, 1));
    expect([member(r, a.workerId).jobIds.length, member(r, b.workerId).jobIds.length]).toEqual([2, 2]);
  });

  it('only members whose capabilities match every requirement', () => {
    const r = makeRegistry();
    join(r, 0, { capabilities: { gpu: 'no' } });
    const gpu = join(r, 0, { capabilities: { gpu: 'a100', zone: 'eu' } });
    ok(r.run({ kind: 'submitJob', spec: { jobId: 'g', kind: 'k', requires: { gpu: 'a100', zone: 'eu' } } }, 1));
    ok(r.run({ kind: 'submitJob', spec: { jobId: 'x', kind: 'k', requires: { gpu: 'h100' } } }, 1));
    expect(holderOf(r, 'g')).toBe(gpu.workerId);
    expect(r.job('x')?.state).toBe('queued');
  });

  it('a full member goes busy and gets no more; finishing a job frees the slot', () => {
    const r = makeRegistry();
    const a = join(r, 0, { maxConcurrentJobs: 1 });
    ok(r.run({ kind: 'submitJob', spec: { jobId: 'j1', kind: 'k' } }, 1));
    ok(r.run({ kind: 'submitJob', spec: { jobId: 'j2', kind: 'k' } }, 1));
    expect(stateName(r, a.workerId)).toBe('active.busy');
    expect(r.job('j2')?.state).toBe('queued');
    ok(report(r, a, 'j1'));
    expect(r.job('j1')).toMatchObject({ state: 'succeeded', memberId: a.workerId, epoch: a.epoch, result: 'done', finishedAt: 10 });
    expect(holderOf(r, 'j2')).toBe(a.workerId);
    expect(stateName(r, a.workerId)).toBe('active.busy');
  });

  it('draining, unhealthy and pre-registered members get no jobs', () => {
    const r = makeRegistry();
    const d = join(r, 0);
    ok(r.run({ kind: 'drain', workerId: d.workerId }, 0));
    ok(r.run({ kind: 'preRegister', request: { name: 'p', address: 'h:1' } }, 0));
    const sick = join(r, 0);
    r.tick(2 * MINUTE);
    expect(stateName(r, sick.workerId)).toBe('unhealthy');
    ok(r.run({ kind: 'submitJob', spec: { jobId: 'j', kind: 'k' } }, 2 * MINUTE));
    expect(r.job('j')?.state).toBe('queued');
  });

  it('a task.dispatched effect carries the attempt and the epoch', () => {
    const r = makeRegistry();
    const a = join(r, 0);
    r.takeEffects();
    ok(r.run({ kind: 'submitJob', spec: { jobId: 'j', kind: 'build', payload: 'p', timeoutMs: 5 } }, 1));
    expect(r.takeEffects()).toContainEqual({
      kind: 'task.dispatched', memberId: a.workerId, task: { jobId: 'j', attempt: 1, epoch: 1, kind: 'build', payload: 'p', timeoutMs: 5 },
    });
  });
});

describe('jobs: results', () => {
  it('a result from the current epoch and attempt is accepted, a failure too', () => {
    const r = makeRegistry();
    const a = join(r, 0);
    ok(r.run({ kind: 'submitJob', spec: { jobId: 'j', kind: 'k' } }, 1));
    ok(report(r, a, 'j', { ok: false }));
    expect(r.job('j')?.state).toBe('failed');
    expect(err(report(r, a, 'j', { attempt: 1 })).code).toBe('failed_precondition');
  });

  it('a result from a stale epoch is rejected, the current one accepted', () => {
    const r = makeRegistry();
    const a = join(r, 0, { workerId: 'a' });
    ok(r.run({ kind: 'submitJob', spec: { jobId: 'j', kind: 'k' } }, 1));
    const again = ok(r.run({ kind: 'register', request: { workerId: 'a', workerSecret: a.workerSecret, name: 'w', maxConcurrentJobs: 2 } }, 2));
    expect(err(report(r, a, 'j', { attempt: 1 })).code).toBe('failed_precondition');
    expect(err(report(r, { ...again, workerSecret: undefined }, 'j', { attempt: 1 })).code).toBe('failed_precondition');
    ok(report(r, again, 'j', { attempt: 2 }));
    expect(r.job('j')?.state).toBe('succeeded');
  });

  it('a result for a stale attempt is rejected; an unknown job too', () => {
    const r = makeRegistry();
    const a = join(r, 0);
    ok(r.run({ kind: 'submitJob', spec: { jobId: 'j', kind: 'k' } }, 1));
    ok(beat(r, a, 3 * MINUTE, { activeJobIds: [] }));
    expect(r.job('j')?.attempt).toBe(2);
    expect(err(report(r, a, 'j', { attempt: 1 })).message).toContain('attempt 1');
    expect(err(report(r, a, 'nope')).message).toContain('does not exist');
  });

  it('a result from a member the job is not assigned to is rejected', () => {
    const r = makeRegistry();
    join(r, 0, { maxConcurrentJobs: 1 });
    const b = join(r, 0, { maxConcurrentJobs: 1 });
    ok(r.run({ kind: 'submitJob', spec: { jobId: 'j', kind: 'k' } }, 1));
    expect(holderOf(r, 'j')).not.toBe(b.workerId);
    expect(err(report(r, b, 'j', { attempt: 1 })).code).toBe('failed_precondition');
  });
});

describe('jobs: lost dispatches', () => {
  it('assigned more than two intervals ago and not reported running → requeued', () => {
    const r = makeRegistry();
    const a = join(r, 0, { maxConcurrentJobs: 2 });
    ok(r.run({ kind: 'submitJob', spec: { jobId: 'kept', kind: 'k' } }, 0));
    ok(r.run({ kind: 'submitJob', spec: { jobId: 'lost', kind: 'k' } }, 0));
    ok(beat(r, a, 60_000, { activeJobIds: ['kept'] }));
    expect(r.job('lost')?.attempt).toBe(1);
    ok(beat(r, a, 60_001, { activeJobIds: ['kept'] }));
    expect(r.job('lost')).toMatchObject({ attempt: 2, memberId: a.workerId, assignedAt: 60_001 });
    expect(r.job('kept')?.attempt).toBe(1);
  });

  it('a requeued lost job that goes elsewhere leaves the member idle, not busy', () => {
    const r = makeRegistry();
    const a = join(r, 0, { maxConcurrentJobs: 1 });
    ok(r.run({ kind: 'submitJob', spec: { jobId: 'j', kind: 'k' } }, 0));
    expect(stateName(r, a.workerId)).toBe('active.busy');
    const b = join(r, 2, { maxConcurrentJobs: 1, loadFactor: 2 });
    ok(beat(r, a, 2 * MINUTE, { activeJobIds: [] }));
    expect(holderOf(r, 'j')).toBe(b.workerId);
    expect(stateName(r, a.workerId)).toBe('active.idle');
    expect(member(r, a.workerId).ctx.currentJobs).toBe(0);
  });

  it('a worker that does not send activeJobIds loses nothing', () => {
    const r = makeRegistry();
    const a = join(r, 0);
    ok(r.run({ kind: 'submitJob', spec: { jobId: 'j', kind: 'k' } }, 0));
    ok(beat(r, a, 10 * MINUTE));
    expect(r.job('j')?.attempt).toBe(1);
  });
});

describe('jobs: submission', () => {
  it('is idempotent by jobId', () => {
    const r = makeRegistry();
    expect(ok(r.run({ kind: 'submitJob', spec: { jobId: 'j', kind: 'k' } }, 0))).toEqual({ ok: true, jobId: 'j', created: true });
    expect(ok(r.run({ kind: 'submitJob', spec: { jobId: 'j', kind: 'other' } }, 1))).toEqual({ ok: true, jobId: 'j', created: false });
    expect(r.jobCount).toBe(1);
    expect(r.job('j')?.kind).toBe('k');
  });

  it('refuses with resource_exhausted when jobQueueMax jobs are queued; resubmitting a known job still works', () => {
    const r = makeRegistry({ jobQueueMax: 2 });
    ok(r.run({ kind: 'submitJob', spec: { jobId: 'a', kind: 'k' } }, 0));
    ok(r.run({ kind: 'submitJob', spec: { kind: 'k' } }, 0));
    expect(err(r.run({ kind: 'submitJob', spec: { kind: 'k' } }, 0)).code).toBe('resource_exhausted');
    expect(ok(r.run({ kind: 'submitJob', spec: { jobId: 'a', kind: 'k' } }, 0)).created).toBe(false);
    join(r, 1);
    ok(r.run({ kind: 'submitJob', spec: { kind: 'k' } }, 2));
  });

  it('a failed member’s jobs go to the front of the queue', () => {
    const r = makeRegistry();
    join(r, 0, { maxConcurrentJobs: 1 });
    ok(r.run({ kind: 'submitJob', spec: { jobId: 'first', kind: 'k' } }, 0));
    ok(r.run({ kind: 'submitJob', spec: { jobId: 'second', kind: 'k' } }, 0));
    r.tick(2 * MINUTE);
    r.tick(5 * MINUTE);
    expect(r.job('first')?.state).toBe('queued');
    const b = join(r, 5 * MINUTE + 1, { maxConcurrentJobs: 1 });
    expect(member(r, b.workerId).jobIds).toEqual(['first']);
  });
});
