// Deregistration, operator unregister, and the reconnect monitor's dial targets (docs/behaviour.md §1).
import { describe, expect, it } from 'vitest';
import { beat, err, join, makeRegistry, member, MINUTE, ok, SECOND, stateName, tickThrough } from '../../support/registry-harness.ts';

const cred = (s: { workerId: string; epoch: number; sessionToken: string }) => ({ workerId: s.workerId, epoch: s.epoch, sessionToken: s.sessionToken });

describe('deregistration', () => {
  it('with active jobs and no force → failed_precondition naming the job count; nothing changes', () => {
    const r = makeRegistry();
    const a = join(r, 0, { maxConcurrentJobs: 3 });
    ok(r.run({ kind: 'submitJob', spec: { kind: 'k' } }, 0));
    ok(r.run({ kind: 'submitJob', spec: { kind: 'k' } }, 0));
    const refused = err(r.run({ kind: 'deregister', request: cred(a) }, 1));
    expect(refused.code).toBe('failed_precondition');
    expect(refused.message).toContain('2 active job(s)');
    expect(stateName(r, a.workerId)).toBe('active.idle');
    expect(member(r, a.workerId).jobIds).toHaveLength(2);
  });

  it('with force: jobs requeued (onto another member), member inactive, left gracefully, not dialled', () => {
    const r = makeRegistry();
    const a = join(r, 0, { maxConcurrentJobs: 3 });
    ok(r.run({ kind: 'submitJob', spec: { jobId: 'j', kind: 'k' } }, 0));
    const b = join(r, 1);
    expect(ok(r.run({ kind: 'deregister', request: { ...cred(a), force: true, reason: 'maintenance' } }, 2))).toEqual({ ok: true, requeued: 1 });
    expect(stateName(r, a.workerId)).toBe('inactive');
    expect(member(r, a.workerId)).toMatchObject({ jobIds: [], sessionToken: '', ctx: { leftGracefully: true, since: 2 } });
    expect(r.job('j')).toMatchObject({ state: 'assigned', memberId: b.workerId });
    expect(r.dialTargets(10 * MINUTE)).toEqual([]);
    expect(r.takeEffects()).toContainEqual({
      kind: 'member.transitioned', memberId: a.workerId, from: 'active.idle', to: 'inactive', epoch: 1, reason: 'maintenance',
    });
  });

  it("an operator's force-deregistration keeps the operator's reason (issue #16 item 10)", () => {
    const r = makeRegistry();
    const a = join(r, 0);
    const b = join(r, 0);
    r.takeEffects();
    ok(r.run({ kind: 'forceDeregister', workerId: a.workerId, reason: 'Emergency shutdown' }, 1));
    ok(r.run({ kind: 'forceDeregister', workerId: b.workerId }, 1));
    expect(r.takeEffects().filter((e) => e.kind === 'member.transitioned').map((e) => 'reason' in e && e.reason)).toEqual([
      'deregistered by an operator: Emergency shutdown',
      'deregistered by an operator',
    ]);
  });

  it('without jobs: inactive, never judged by the deadline wheel again', () => {
    const r = makeRegistry();
    const a = join(r, 0);
    expect(ok(r.run({ kind: 'deregister', request: cred(a) }, 1))).toEqual({ ok: true, requeued: 0 });
    tickThrough(r, 0, 10 * MINUTE, 10 * SECOND);
    expect(stateName(r, a.workerId)).toBe('inactive');
    expect(r.deadlinesFiled).toBe(0);
  });

  it('needs the session: wrong token → unauthenticated, twice → failed_precondition', () => {
    const r = makeRegistry();
    const a = join(r, 0);
    expect(err(r.run({ kind: 'deregister', request: { ...cred(a), sessionToken: 'x' } }, 1)).code).toBe('unauthenticated');
    ok(r.run({ kind: 'deregister', request: cred(a) }, 1));
    expect(err(r.run({ kind: 'deregister', request: cred(a) }, 2)).code).toBe('failed_precondition');
    expect(err(r.run({ kind: 'deregister', request: { ...cred(a), workerId: 'ghost' } }, 2)).code).toBe('not_found');
  });

  it('an unhealthy member may deregister', () => {
    const r = makeRegistry();
    const a = join(r, 0);
    r.tick(2 * MINUTE);
    ok(r.run({ kind: 'deregister', request: cred(a) }, 2 * MINUTE + 1));
    expect(stateName(r, a.workerId)).toBe('inactive');
  });

  it('an inactive member re-registers with its ID and secret', () => {
    const r = makeRegistry();
    const a = join(r, 0, { workerId: 'a' });
    ok(r.run({ kind: 'deregister', request: cred(a) }, 1));
    const back = ok(r.run({ kind: 'register', request: { workerId: 'a', workerSecret: a.workerSecret, name: 'w', maxConcurrentJobs: 1 } }, 2));
    expect(back).toMatchObject({ workerId: 'a', epoch: 2, reRegistered: true });
  });
});

describe('unregister (operator purge)', () => {
  it('removes the member, requeues its jobs, frees its ID and address, stops dialling', () => {
    const r = makeRegistry();
    const a = join(r, 0, { workerId: 'a', address: 'h:1' });
    ok(r.run({ kind: 'submitJob', spec: { jobId: 'j', kind: 'k' } }, 0));
    r.takeEffects();
    expect(ok(r.run({ kind: 'unregister', workerId: 'a' }, 1))).toEqual({ ok: true, requeued: 1 });
    expect(r.member('a')).toBeUndefined();
    expect(r.memberAt('h:1')).toBeUndefined();
    expect(r.job('j')?.state).toBe('queued');
    expect(r.takeEffects()).toContainEqual({ kind: 'member.removed', memberId: 'a' });
    expect(err(beat(r, a, 2)).code).toBe('not_found');
    const fresh = ok(r.run({ kind: 'register', request: { workerId: 'a', name: 'w', address: 'h:1', maxConcurrentJobs: 1 } }, 3));
    expect(fresh).toMatchObject({ workerId: 'a', reRegistered: false, epoch: 1 });
    expect(fresh.workerSecret).not.toBe(a.workerSecret);
    expect(err(r.run({ kind: 'unregister', workerId: 'ghost' }, 4)).code).toBe('not_found');
  });

  it('a failed member that is unregistered is no longer a dial target', () => {
    const r = makeRegistry();
    join(r, 0, { workerId: 'a' });
    tickThrough(r, 0, 5 * MINUTE);
    expect(r.dialTargets(5 * MINUTE).map((m) => m.id)).toEqual(['a']);
    ok(r.run({ kind: 'unregister', workerId: 'a' }, 5 * MINUTE));
    expect(r.dialTargets(5 * MINUTE)).toEqual([]);
  });
});

describe('reconnect monitor', () => {
  it('dials members with an address that are registered, failed, or inactive by failure', () => {
    const r = makeRegistry();
    ok(r.run({ kind: 'preRegister', request: { name: 'p', address: 'h:1', workerId: 'pre' } }, 0));
    join(r, 0, { workerId: 'dead' });
    join(r, 0, { workerId: 'gone' });
    const live = join(r, 0, { workerId: 'live' });
    const left = join(r, 0, { workerId: 'left' });
    ok(r.run({ kind: 'deregister', request: cred(left) }, 0));
    for (let t = SECOND; t <= 20 * MINUTE; t += SECOND) {
      if (t % (30 * SECOND) === 0) ok(beat(r, live, t));
      r.tick(t);
    }
    r.run({ kind: 'cleanup' }, 20 * MINUTE);
    expect([stateName(r, 'dead'), stateName(r, 'gone')]).toEqual(['inactive', 'inactive']);
    join(r, 20 * MINUTE, { workerId: 'sick' });
    r.tick(22 * MINUTE);
    expect(stateName(r, 'sick')).toBe('unhealthy');
    expect(r.dialTargets(22 * MINUTE).map((m) => m.id)).toEqual(['pre', 'dead', 'gone']);
  });

  it('skips members without an address', () => {
    const r = makeRegistry();
    ok(r.run({ kind: 'register', request: { workerId: 'a', name: 'w', maxConcurrentJobs: 1 } }, 0));
    tickThrough(r, 0, 5 * MINUTE);
    expect(stateName(r, 'a')).toBe('failed');
    expect(r.dialTargets(5 * MINUTE)).toEqual([]);
  });

  it('backs off exponentially per member up to reconnectBackoffMax; a success resets it', () => {
    const r = makeRegistry();
    ok(r.run({ kind: 'preRegister', request: { name: 'p', address: 'h:1', workerId: 'p' } }, 0));
    const p = member(r, 'p');
    const waits: number[] = [];
    let now = 0;
    for (let i = 0; i < 8; i++) {
      expect(r.dialTargets(now)).toEqual([p]);
      r.run({ kind: 'dialed', memberId: p.id, ok: false }, now);
      waits.push(p.nextDialAt - now);
      expect(r.dialTargets(p.nextDialAt - 1)).toEqual([]);
      now = p.nextDialAt;
    }
    expect(waits).toEqual([30, 60, 120, 240, 480, 600, 600, 600].map((s) => s * SECOND));
    r.run({ kind: 'dialed', memberId: p.id, ok: true }, now);
    expect(p.dialFailures).toBe(0);
    r.run({ kind: 'dialed', memberId: p.id, ok: false }, now + 30 * SECOND);
    expect(p.nextDialAt - (now + 30 * SECOND)).toBe(30 * SECOND);
  });

  it('dials at most reconnectConcurrency members at once', () => {
    const r = makeRegistry({ reconnectConcurrency: 2 });
    for (let i = 0; i < 5; i++) ok(r.run({ kind: 'preRegister', request: { name: 'p', address: `h:${i + 1}` } }, 0));
    expect(r.dialTargets(0).map((m) => m.id)).toEqual(['w-1', 'w-2']);
  });

  it('a registration resets the dial failures', () => {
    const r = makeRegistry();
    ok(r.run({ kind: 'preRegister', request: { name: 'p', address: 'h:1', workerId: 'p' } }, 0));
    r.run({ kind: 'dialed', memberId: member(r, 'p').id, ok: false }, 0);
    r.run({ kind: 'dialed', memberId: member(r, 'p').id, ok: false }, 0);
    ok(r.run({ kind: 'register', request: { workerId: 'p', name: 'p', address: 'h:1', maxConcurrentJobs: 1 } }, 1));
    expect(member(r, 'p').dialFailures).toBe(0);
  });
});
