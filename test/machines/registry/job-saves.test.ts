// Every step of a job is saved, with its state as of then (docs/behaviour.md §1): the store writes
// what the core says changed and the log shows each step, so a step not announced is a step
// lost at the next restart. Also what a job holds when its submitter leaves fields out.
import { describe, expect, it } from 'vitest';
import type { Effect } from '../../../machines/registry/registry.types.ts';
import { join, makeRegistry, ok } from '../../support/registry-harness.ts';

const saves = (effects: Effect[]) => effects.filter((e) => e.kind === 'job.saved');

describe('jobs: each step saved', () => {
  it('queued, assigned, given back, assigned again and finished: one save each, the result with who reported it', () => {
    const r = makeRegistry();
    ok(r.run({ kind: 'submitJob', spec: { jobId: 'j', kind: 'k' } }, 0));
    expect(saves(r.takeEffects())).toEqual([{ kind: 'job.saved', jobId: 'j', state: 'queued', memberId: null, epoch: 0, attempt: 0 }]);
    join(r, 1, { workerId: 'a', maxConcurrentJobs: 1 });
    expect(saves(r.takeEffects())).toEqual([{ kind: 'job.saved', jobId: 'j', state: 'assigned', memberId: 'a', epoch: 1, attempt: 1 }]);
    const b = join(r, 2, { workerId: 'b', maxConcurrentJobs: 1 });
    r.takeEffects();
    ok(r.run({ kind: 'forceDeregister', workerId: 'a' }, 3));
    expect(saves(r.takeEffects())).toEqual([
      { kind: 'job.saved', jobId: 'j', state: 'queued', memberId: null, epoch: 1, attempt: 1 },
      { kind: 'job.saved', jobId: 'j', state: 'assigned', memberId: 'b', epoch: 1, attempt: 2 },
    ]);
    ok(r.run({ kind: 'reportTask', report: { workerId: 'b', epoch: b.epoch, sessionToken: b.sessionToken, jobId: 'j', attempt: 2, ok: true, result: 'done' } }, 4));
    expect(saves(r.takeEffects())).toEqual([{ kind: 'job.saved', jobId: 'j', state: 'succeeded', memberId: 'b', epoch: 1, attempt: 2, by: 'b', byEpoch: 1 }]);
  });

  it('a job submitted without a payload has an empty one, and no result until it finishes', () => {
    const r = makeRegistry();
    ok(r.run({ kind: 'submitJob', spec: { jobId: 'j', kind: 'k' } }, 0));
    expect(r.job('j')).toMatchObject({ payload: '', result: '' });
  });
});
