// What the registry core hands the runtime besides replies (docs/behaviour.md §1, §5): the members
// whose heartbeat time must be written behind, the log's record of every deregistration asked
// for (the deregistration invariant reads it), and refusals of bad pre-registrations.
import { describe, expect, it } from 'vitest';
import { beat, err, join, makeRegistry, ok, request } from '../../support/registry-harness.ts';

describe('what the runtime is handed', () => {
  it('each accepted heartbeat marks its member for writing behind, once however often it beats; a refused one marks nothing', () => {
    const r = makeRegistry();
    const a = join(r, 0);
    const b = join(r, 0);
    ok(beat(r, a, 1));
    ok(beat(r, a, 2));
    err(beat(r, { ...b, sessionToken: 'wrong' }, 3));
    expect(r.takeHeartbeatWrites()).toEqual([{ memberId: a.workerId, lastHeartbeatAt: 2 }]);
    expect(r.heartbeatCount).toBe(2);
  });

  it('registrations are counted by outcome for the metrics: created, re-registered, rejected by code', () => {
    const r = makeRegistry();
    const a = join(r, 0, { labels: { zone: 'eu-1' } });
    ok(r.run({ kind: 'register', request: request({ workerId: a.workerId, workerSecret: a.workerSecret }) }, 1));
    err(r.run({ kind: 'register', request: request({ maxConcurrentJobs: 0 }) }, 2));
    expect(Object.fromEntries(r.registrationOutcomes)).toEqual({ created: 1, re_registered: 1, 'rejected:invalid_argument': 1 });
    expect(r.member(a.workerId)?.labels).toEqual({ zone: 'eu-1' });
  });

  it('every deregistration asked for is logged with its force flag and job count, refused ones too', () => {
    const r = makeRegistry();
    const a = join(r, 0, { maxConcurrentJobs: 3 });
    ok(r.run({ kind: 'submitJob', spec: { kind: 'k' } }, 0));
    ok(r.run({ kind: 'submitJob', spec: { kind: 'k' } }, 0));
    r.takeEffects();
    const cred = { workerId: a.workerId, epoch: a.epoch, sessionToken: a.sessionToken };
    err(r.run({ kind: 'deregister', request: cred }, 1));
    ok(r.run({ kind: 'deregister', request: { ...cred, force: true } }, 2));
    expect(r.takeEffects().filter((e) => e.kind === 'member.deregistering')).toEqual([
      { kind: 'member.deregistering', memberId: a.workerId, force: false, jobs: 2 },
      { kind: 'member.deregistering', memberId: a.workerId, force: true, jobs: 2 },
    ]);
  });

  it("a worker's own drain, announced in a heartbeat, is logged as such", () => {
    const r = makeRegistry();
    const a = join(r, 0);
    r.takeEffects();
    ok(beat(r, a, 1, { draining: true }));
    expect(r.takeEffects()).toContainEqual({ kind: 'member.transitioned', memberId: a.workerId, from: 'active.idle', to: 'active.draining', epoch: 1, reason: 'worker draining' });
  });

  it("an operator's drain is logged as such", () => {
    const r = makeRegistry();
    const a = join(r, 0);
    r.takeEffects();
    ok(r.run({ kind: 'drain', workerId: a.workerId }, 1));
    expect(r.takeEffects()).toContainEqual({ kind: 'member.transitioned', memberId: a.workerId, from: 'active.idle', to: 'active.draining', epoch: 1, reason: 'drain requested' });
  });

  it('a deregistration without a reason is logged as "deregistered"', () => {
    const r = makeRegistry();
    const a = join(r, 0);
    r.takeEffects();
    ok(r.run({ kind: 'deregister', request: { workerId: a.workerId, epoch: a.epoch, sessionToken: a.sessionToken, reason: '' } }, 1));
    expect(r.takeEffects()).toContainEqual({ kind: 'member.transitioned', memberId: a.workerId, from: 'active.idle', to: 'inactive', epoch: 1, reason: 'deregistered' });
  });

  it('a pre-registration with a bad field is refused with the field named, and nothing is created', () => {
    const r = makeRegistry();
    const refused = err(r.run({ kind: 'preRegister', request: { name: '', address: 'h:1' } }, 0));
    expect(refused).toMatchObject({ code: 'invalid_argument', message: 'invalid pre-registration', details: [{ field: 'name' }] });
    expect(r.memberCount).toBe(0);
    expect(r.takeEffects()).toEqual([]);
  });

  it('a pre-registration is logged as entering registered from nowhere, and saved', () => {
    const r = makeRegistry();
    ok(r.run({ kind: 'preRegister', request: { name: 'p', address: 'h:1', workerId: 'p' } }, 0));
    expect(r.takeEffects()).toEqual([
      { kind: 'member.transitioned', memberId: 'p', from: 'none', to: 'registered', epoch: 0, reason: 'pre-registered' },
      { kind: 'member.saved', memberId: 'p' },
    ]);
  });

  it('a pre-registration is found again by its ID, or without one by its address', () => {
    const r = makeRegistry();
    expect(ok(r.run({ kind: 'preRegister', request: { name: 'p', address: 'h:1', workerId: 'p' } }, 0))).toEqual({ ok: true, workerId: 'p', created: true });
    expect(ok(r.run({ kind: 'preRegister', request: { name: 'p', address: 'h:2', workerId: 'p' } }, 1))).toEqual({ ok: true, workerId: 'p', created: false });
    expect(ok(r.run({ kind: 'preRegister', request: { name: 'q', address: 'h:1' } }, 2))).toEqual({ ok: true, workerId: 'p', created: false });
    expect(ok(r.run({ kind: 'preRegister', request: { name: 'q', address: 'h:3' } }, 3)).created).toBe(true);
  });
});
