// The job book accepts a result only from the session (epoch) the job was assigned to
// (docs/behaviour.md §3), even from the same member and for the same attempt. Through the core
// the session check refuses another epoch first (harness-power mutant 29 is equivalent for that
// reason); the book keeps the rule itself. Unit test of the book alone.
import { describe, expect, it } from 'vitest';
import { JobBook } from '../../../machines/registry/job-book.ts';
import { jobRecord, memberRecord } from '../../support/store-records.ts';

describe('the job book', () => {
  it('refuses a result naming another epoch of the member, for the same attempt', () => {
    const jobs = new JobBook([]);
    const a = memberRecord('a', { jobIds: ['j'] });
    jobs.restore(jobRecord('j', { state: 'assigned', memberId: 'a', epoch: 2, attempt: 1 }));
    expect(jobs.finish(a, 'j', 1, 3, true, 'late', 9)).toBe('job j is not assigned to a at epoch 3, attempt 1');
    expect(jobs.jobs.get('j')).toMatchObject({ state: 'assigned', result: '' });
    expect(jobs.finish(a, 'j', 1, 2, true, 'done', 9)).toBeUndefined();
    expect(jobs.jobs.get('j')).toMatchObject({ state: 'succeeded', result: 'done' });
  });
});
