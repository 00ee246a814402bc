// Job IDs the registry makes up continue after a restart (docs/behaviour.md §5): the next is one
// past the highest `job-N` restored, whatever order the store gives them in; an ID a client chose
// that only looks like one (a prefix, a suffix, no digits) moves nothing.
import { describe, expect, it } from 'vitest';
import { jobRecord } from '../../support/store-records.ts';
import { makeRegistry, ok } from '../../support/registry-harness.ts';

function nextIdAfterRestoring(...ids: string[]): string {
  const r = makeRegistry({}, 10_000, { members: [], jobs: ids.map((id) => jobRecord(id, { state: 'succeeded' })) });
  return ok(r.run({ kind: 'submitJob', spec: { kind: 'resize' } }, 10_000)).jobId;
}

describe('job IDs after a restart', () => {
  it('continue one past the highest restored, in any order, with any number of digits', () => {
    expect(nextIdAfterRestoring('job-12')).toBe('job-13');
    expect(nextIdAfterRestoring('job-7', 'job-30', 'job-9')).toBe('job-31');
  });

  it('are not moved by IDs a client chose that only look like the registry’s', () => {
    expect(nextIdAfterRestoring('old-job-7', 'job-8-retry', 'job-', 'job-x')).toBe('job-1');
  });
});
