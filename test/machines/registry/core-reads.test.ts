// What the core lets anyone read of itself besides its records: the restart grace it keeps
// (docs/behaviour.md §1: nobody is judged before it ends) and a session looked up by its
// credentials, as every call of a worker is.
import { describe, expect, it } from 'vitest';
import { join, makeRegistry, MINUTE, snapshotOf } from '../../support/registry-harness.ts';

describe('the core’s reads', () => {
  it('the grace ends at the start for a new registry, restartGrace after it for a restarted one', () => {
    const first = makeRegistry({}, 3 * MINUTE);
    expect(first.graceUntil).toBe(3 * MINUTE);
    join(first, 3 * MINUTE);
    const restarted = makeRegistry({ restartGraceMs: 2 * MINUTE }, 10 * MINUTE, snapshotOf(first));
    expect(restarted.graceUntil).toBe(12 * MINUTE);
  });

  it('a session is its member for its own credentials, an error for a wrong token', () => {
    const r = makeRegistry();
    const a = join(r, 0, { workerId: 'a' });
    expect(r.session('a', a.epoch, a.sessionToken)).toBe(r.member('a'));
    expect(r.session('a', a.epoch, 'not-the-token')).toMatchObject({ ok: false, code: 'unauthenticated' });
  });
});
