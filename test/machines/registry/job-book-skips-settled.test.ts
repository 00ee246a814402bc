// The job book takes back, places and finishes only jobs in the state that allows it
// (docs/behaviour.md §3): a requeue skips jobs already finished, gone or on another member; the
// scheduler places each queued job once, even if it was queued twice; a result for a job that is
// gone or finished is refused. (No job ever leaves the book, so the scheduler's `!job` for a
// queued ID is a type guard no input reaches.) Unit test of the book alone, with member records planted.
import { describe, expect, it } from 'vitest';
import { JobBook } from '../../../machines/registry/job-book.ts';
import type { Effect } from '../../../machines/registry/registry.types.ts';
import { jobRecord, memberRecord } from '../../support/store-records.ts';

function book() {
  const effects: Effect[] = [];
  return { jobs: new JobBook(effects), effects };
}

describe('the job book', () => {
  it('requeues only the jobs assigned to that member', () => {
    const { jobs } = book();
    const a = memberRecord('a', { jobIds: ['done', 'theirs', 'gone', 'mine'] });
    jobs.restore(jobRecord('done', { state: 'succeeded', memberId: 'a', epoch: 2, attempt: 1 }));
    jobs.restore(jobRecord('theirs', { state: 'assigned', memberId: 'b', epoch: 2, attempt: 1 }));
    jobs.restore(jobRecord('mine', { state: 'assigned', memberId: 'a', epoch: 2, attempt: 1 }));
    jobs.requeue(a, a.jobIds);
    expect(a.jobIds).toEqual([]);
    expect([...jobs.jobs.values()].map((j) => [j.id, j.state, j.memberId])).toEqual([
      ['done', 'succeeded', 'a'],
      ['theirs', 'assigned', 'b'],
      ['mine', 'queued', null],
    ]);
    expect(jobs.queued).toBe(1);
  });

  it('places a job queued twice once', () => {
    const { jobs, effects } = book();
    const a = memberRecord('a');
    const job = jobRecord('twice');
    jobs.restore(job);
    jobs.restore(job);
    const placed = jobs.schedule([a], 5_000);
    expect(placed).toEqual(new Set([a]));
    expect(a.jobIds).toEqual(['twice']);
    expect(job).toMatchObject({ state: 'assigned', memberId: 'a', attempt: 1 });
    expect(effects.filter((e) => e.kind === 'task.dispatched')).toHaveLength(1);
    expect(jobs.queued).toBe(0);
  });

  it('refuses a result for a job that is gone or already finished', () => {
    const { jobs } = book();
    const a = memberRecord('a', { jobIds: [] });
    jobs.restore(jobRecord('done', { state: 'succeeded', memberId: 'a', epoch: 2, attempt: 1 }));
    expect(jobs.finish(a, 'nowhere', 1, 2, true, '', 9)).toBe('job nowhere does not exist');
    expect(jobs.finish(a, 'done', 1, 2, false, 'again', 9)).toBe('job done is not assigned to a at epoch 2, attempt 1');
    expect(jobs.jobs.get('done')).toMatchObject({ state: 'succeeded', result: '' });
  });
});
