// A removed member's agent address is free (docs/behaviour.md §1; docs/api.md, Identity): its ID
// may come back as a new member elsewhere, and the old address must not lead to it: nobody is
// found or dialled there, and a worker registering from it without an ID is someone new.
import { describe, expect, it } from 'vitest';
import { join, makeRegistry, ok } from '../../support/registry-harness.ts';

describe('the address of a removed member', () => {
  it('does not lead to a new member that reuses its ID from elsewhere', () => {
    const r = makeRegistry();
    join(r, 0, { workerId: 'a', address: 'h:1' });
    ok(r.run({ kind: 'unregister', workerId: 'a' }, 1));
    join(r, 2, { workerId: 'a', address: 'h:2' });
    expect(r.memberAt('h:1')).toBeUndefined();
    expect(r.memberAt('h:2')?.id).toBe('a');
  });

  it('a worker registering from it without an ID is a new member, not the one that reused the ID', () => {
    const r = makeRegistry();
    join(r, 0, { workerId: 'a', address: 'h:1' });
    ok(r.run({ kind: 'unregister', workerId: 'a' }, 1));
    const reused = join(r, 2, { workerId: 'a', address: 'h:2' });
    const newcomer = ok(r.run({ kind: 'register', request: { name: 'n', address: 'h:1', maxConcurrentJobs: 1 } }, 3));
    expect(newcomer).toMatchObject({ reRegistered: false });
    expect(newcomer.workerId).not.toBe('a');
    expect(r.member('a')).toMatchObject({ address: 'h:2', ctx: { epoch: reused.epoch } });
  });
});
