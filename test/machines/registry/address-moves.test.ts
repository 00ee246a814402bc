// A member's agent address as it moves and as a restart reloads it (docs/behaviour.md §1, §5):
// one address, one holder; a worker that registers from a new address is found and dialled there.
import { describe, expect, it } from 'vitest';
import { join, makeRegistry, member, MINUTE, ok, request, stateName, tickThrough } from '../../support/registry-harness.ts';
import { memberRecord } from '../../support/store-records.ts';

describe('agent addresses', () => {
  it('a worker that registers again from another address is found there, and no longer at the old one', () => {
    const r = makeRegistry();
    const a = join(r, 0, { address: 'h:1' });
    ok(r.run({ kind: 'register', request: request({ workerId: a.workerId, workerSecret: a.workerSecret, address: 'h:2' }) }, 1));
    expect(member(r, a.workerId).address).toBe('h:2');
    expect(r.memberAt('h:2')?.id).toBe(a.workerId);
    expect(r.memberAt('h:1')).toBeUndefined();
  });

  it('a registration that gives no address keeps the one the member has', () => {
    const r = makeRegistry();
    const a = join(r, 0, { address: 'h:1' });
    ok(r.run({ kind: 'register', request: { name: 'worker', maxConcurrentJobs: 1, workerId: a.workerId, workerSecret: a.workerSecret } }, 1));
    expect(member(r, a.workerId).address).toBe('h:1');
    expect(r.memberAt('h:1')?.id).toBe(a.workerId);
  });

  it('removing a member whose address another has taken since leaves the address with the one that took it', () => {
    const r = makeRegistry();
    const old = join(r, 0, { address: 'h:1' });
    const taker = join(r, 1, { address: 'h:1', workerSecret: 'another-worker' });
    ok(r.run({ kind: 'unregister', workerId: old.workerId }, 2));
    expect(r.memberAt('h:1')?.id).toBe(taker.workerId);
  });

  it('an ID held by an unhealthy member is still live: claimed from elsewhere without its secret, the newcomer gets a fresh ID', () => {
    const r = makeRegistry();
    join(r, 0, { workerId: 'a', address: 'h:1' });
    tickThrough(r, 0, 3 * MINUTE);
    expect(stateName(r, 'a')).toBe('unhealthy');
    const other = ok(r.run({ kind: 'register', request: request({ workerId: 'a', address: 'h:2' }) }, 3 * MINUTE));
    expect(other).toMatchObject({ idReassigned: true, reRegistered: false });
    expect(other.workerId).not.toBe('a');
  });

  it('workers without an agent address take nothing from each other', () => {
    const r = makeRegistry();
    const a = ok(r.run({ kind: 'register', request: { name: 'a', maxConcurrentJobs: 1 } }, 0));
    r.takeEffects();
    ok(r.run({ kind: 'register', request: { name: 'b', maxConcurrentJobs: 1 } }, 1));
    expect(r.takeEffects().filter((e) => e.kind === 'member.saved' && e.memberId === a.workerId)).toEqual([]);
    expect(member(r, a.workerId).addressTaken).toBeFalsy();
  });

  it('after a restart the address stays with the member that took it, whatever order the store gives', () => {
    const holder = memberRecord('w-2', { address: 'h:1' });
    const before = memberRecord('w-1', { address: 'h:1', addressTaken: true });
    const r = makeRegistry({}, 10 * MINUTE, { members: [holder, before], jobs: [] });
    expect(r.memberAt('h:1')?.id).toBe('w-2');
    expect(member(r, 'w-2').addressTaken).toBeFalsy();
    expect(r.dialTargets(20 * MINUTE).map((m) => m.id)).not.toContain('w-1');
  });
});
