// Loading the registry back from the store (docs/behaviour.md §5): the jobs are the authority on who runs
// what — only a live member's current session keeps its assigned jobs, every other assigned job
// is queued again — and new worker IDs continue after the highest `w-N` restored.
import { describe, expect, it } from 'vitest';
import type { RegistrySnapshot } from '../../../machines/registry/registry.ts';
import { join, makeRegistry, member, MINUTE, ok, snapshotOf } from '../../support/registry-harness.ts';

describe('restoring a snapshot', () => {
  it('keeps a live member\'s current-session jobs on it and queues jobs of older sessions, failed or missing members', () => {
    const before = makeRegistry();
    const a = join(before, 0, { maxConcurrentJobs: 2 });
    ok(before.run({ kind: 'submitJob', spec: { kind: 'k', jobId: 'current' } }, 1));
    ok(before.run({ kind: 'submitJob', spec: { kind: 'k', jobId: 'old-session' } }, 1));
    const b = join(before, 2, { maxConcurrentJobs: 2 });
    ok(before.run({ kind: 'submitJob', spec: { kind: 'k', jobId: 'on-failed' } }, 3));
    expect(before.job('on-failed')?.memberId).toBe(b.workerId);
    const snapshot = snapshotOf(before);
    snapshot.jobs.find((j) => j.id === 'old-session')!.epoch = a.epoch - 1;
    snapshot.members.find((m) => m.id === b.workerId)!.value = 'failed';
    snapshot.jobs.push({ ...snapshot.jobs[0]!, id: 'on-missing', memberId: 'w-99' });

    const after = makeRegistry({}, 10 * MINUTE, snapshot);
    expect(member(after, a.workerId).jobIds).toEqual(['current']);
    expect(member(after, b.workerId).jobIds).toEqual([]);
    const job = (id: string) => after.job(id)!;
    expect([job('current').state, job('current').memberId]).toEqual(['assigned', a.workerId]);
    for (const id of ['old-session', 'on-failed', 'on-missing']) expect([id, job(id).state, job(id).memberId]).toEqual([id, 'queued', null]);
    expect(after.queuedJobs).toBe(3);
  });

  it('keeps an unhealthy member\'s current-session jobs on it, and finished jobs finished', () => {
    const before = makeRegistry();
    const a = join(before, 0, { maxConcurrentJobs: 2 });
    ok(before.run({ kind: 'submitJob', spec: { kind: 'k', jobId: 'running' } }, 1));
    ok(before.run({ kind: 'submitJob', spec: { kind: 'k', jobId: 'done' } }, 1));
    ok(before.run({ kind: 'reportTask', report: { workerId: a.workerId, epoch: a.epoch, sessionToken: a.sessionToken, jobId: 'done', attempt: 1, ok: true } }, 2));
    const snapshot = snapshotOf(before);
    snapshot.members[0]!.value = 'unhealthy';
    const after = makeRegistry({}, MINUTE, snapshot);
    expect(member(after, a.workerId).jobIds).toEqual(['running']);
    expect(after.job('done')).toMatchObject({ state: 'succeeded', memberId: a.workerId });
    expect(after.queuedJobs).toBe(0);
  });

  it('gives new members IDs after the highest w-N restored, reading only IDs that are exactly w-N', () => {
    const before = makeRegistry();
    for (let i = 0; i < 2; i++) join(before, 0);
    const snapshot = snapshotOf(before);
    const [first] = snapshot.members;
    const named = (id: string) => ({ ...structuredClone(first!), id, address: `10.9.9.9:${id}` });
    snapshot.members = [named('w-12'), named('w-3'), named('edge-w-40'), named('w-50b')];
    const after = makeRegistry({}, MINUTE, snapshot);
    expect(join(after, MINUTE).workerId).toBe('w-13');
  });

  it('judges no restored member before restartGrace has run out, then judges a stale one at once', () => {
    const before = makeRegistry();
    const a = join(before, 0);
    const restoredAt = 10 * MINUTE;
    const after = makeRegistry({ restartGraceMs: 5 * MINUTE }, restoredAt, snapshotOf(before));
    after.tick(restoredAt + 5 * MINUTE - 1);
    expect(member(after, a.workerId).value).toEqual({ active: 'idle' });
    after.tick(restoredAt + 5 * MINUTE + after.config.deadlineResolutionMs);
    expect(member(after, a.workerId).value).toBe('unhealthy');
  });
});
