// A pre-registered member's first contact (issue #16 item 6): what the operator set stays unless
// the worker sets it itself, and the first registration is logged as one, not as a return.
import { describe, expect, it } from 'vitest';
import { join, makeRegistry, member, ok, request } from '../../support/registry-harness.ts';

describe('registry: first contact of a pre-registered member', () => {
  it('is a first registration: reRegistered false, reason "registered"', () => {
    const r = makeRegistry();
    ok(r.run({ kind: 'preRegister', request: { name: 'm-1', address: 'h:9', workerId: 'm-1' } }, 0));
    r.takeEffects();
    const first = ok(r.run({ kind: 'register', request: request({ address: 'h:9' }) }, 5_000));
    expect(first).toMatchObject({ workerId: 'm-1', reRegistered: false, epoch: 1, registeredAt: 0 });
    expect(r.takeEffects()).toContainEqual({ kind: 'member.transitioned', memberId: 'm-1', from: 'registered', to: 'active.idle', epoch: 1, reason: 'registered', capacity: 2 });
    expect(r.registrationOutcomes.get('created')).toBe(1);
    const again = ok(r.run({ kind: 'register', request: request({ address: 'h:9' }) }, 6_000));
    expect(again.reRegistered).toBe(true);
    expect(r.takeEffects()).toContainEqual(expect.objectContaining({ memberId: 'm-1', epoch: 2, reason: 're-registered' }));
  });

  it("keeps the operator's name against the worker's made-up default, at first contact and after", () => {
    const r = makeRegistry();
    ok(r.run({ kind: 'preRegister', request: { name: 'm-1', address: 'h:9' } }, 0));
    ok(r.run({ kind: 'register', request: request({ address: 'h:9', name: 'vm:46011', defaultName: true }) }, 1_000));
    expect(member(r, 'w-1').name).toBe('m-1');
    ok(r.run({ kind: 'register', request: request({ address: 'h:9', name: 'vm:46011', defaultName: true }) }, 2_000));
    expect(member(r, 'w-1').name).toBe('m-1');
  });

  it('a name the worker was given replaces the operator\'s', () => {
    const r = makeRegistry();
    ok(r.run({ kind: 'preRegister', request: { name: 'm-1', address: 'h:9' } }, 0));
    ok(r.run({ kind: 'register', request: request({ address: 'h:9', name: 'gpu-box' }) }, 1_000));
    expect(member(r, 'w-1')).toMatchObject({ name: 'gpu-box', defaultName: false });
  });

  it('a made-up name replaces only a made-up name', () => {
    const r = makeRegistry();
    const s = join(r, 0, { workerId: 'a', name: 'vm:7000', defaultName: true, workerSecret: 'sa' });
    ok(r.run({ kind: 'register', request: request({ workerId: 'a', workerSecret: 'sa', name: 'vm:7001', defaultName: true }) }, 1_000));
    expect(member(r, s.workerId)).toMatchObject({ name: 'vm:7001', defaultName: true });
    ok(r.run({ kind: 'register', request: request({ workerId: 'a', workerSecret: 'sa', name: 'named' }) }, 2_000));
    ok(r.run({ kind: 'register', request: request({ workerId: 'a', workerSecret: 'sa', name: 'vm:7002', defaultName: true }) }, 3_000));
    expect(member(r, s.workerId).name).toBe('named');
  });
});
