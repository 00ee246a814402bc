// Only a session taken over by another *named* process makes the older one `superseded`
// (docs/behaviour.md §1): when either registration does not name its process (an older worker,
// the simulator), nothing tells two processes apart, and the older session is told to register
// again.
import { describe, expect, it } from 'vitest';
import { beat, err, join, makeRegistry, member } from '../../support/registry-harness.ts';

/** The code a call of the first session gets once a second registration of the same ID opened another. */
function oldSessionAnswer(first?: string, second?: string): string {
  const r = makeRegistry();
  const one = join(r, 0, { workerId: 'twin', workerSecret: 's', ...(first ? { instance: first } : {}) });
  join(r, 1, { workerId: 'twin', workerSecret: 's', address: member(r, 'twin').address, ...(second ? { instance: second } : {}) });
  return err(beat(r, one, 2)).code;
}

describe('an older session of a live member', () => {
  it('is superseded when two named processes differ', () => {
    expect(oldSessionAnswer('i-1', 'i-2')).toBe('superseded');
  });

  it.each<[string, string | undefined, string | undefined]>([
    ['neither names its process', undefined, undefined],
    ['only the newer names it', undefined, 'i-2'],
    ['only the older names it', 'i-1', undefined],
  ])('is told to register again when %s', (_, first, second) => {
    expect(oldSessionAnswer(first, second)).toBe('failed_precondition');
  });

  it('is superseded by a named process once an unnamed one was followed by a named one', () => {
    const r = makeRegistry();
    join(r, 0, { workerId: 'twin', workerSecret: 's' });
    const named = join(r, 1, { workerId: 'twin', workerSecret: 's', address: member(r, 'twin').address, instance: 'i-1' });
    join(r, 2, { workerId: 'twin', workerSecret: 's', address: member(r, 'twin').address, instance: 'i-2' });
    expect(err(beat(r, named, 3)).code).toBe('superseded');
  });
});
