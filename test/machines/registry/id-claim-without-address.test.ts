// A registration that names a live member's ID without its secret is another worker only when it
// comes from another agent address (docs/behaviour.md §1; docs/api.md, Identity): then it gets
// a fresh ID. One that gives no address at all cannot be told apart from the member's own
// worker with a lost secret, so it is refused, as a claim from the member's own address is.
import { describe, expect, it } from 'vitest';
import { err, join, makeRegistry, member } from '../../support/registry-harness.ts';

describe('a claim of a live member’s ID without its secret', () => {
  it('from no address at all is refused, and the member keeps its session', () => {
    const r = makeRegistry();
    const a = join(r, 0, { workerId: 'a', address: 'h:1' });
    const refused = err(r.run({ kind: 'register', request: { name: 'other', workerId: 'a', maxConcurrentJobs: 1 } }, 1));
    expect(refused).toMatchObject({ code: 'permission_denied', message: 'worker a exists and the worker secret does not match' });
    expect(r.memberCount).toBe(1);
    expect(member(r, 'a')).toMatchObject({ sessionToken: a.sessionToken, ctx: { epoch: a.epoch } });
  });
});
