// Registration (docs/behaviour.md §1): identity by ID, then by address, secrets, idempotent re-registration.
import { describe, expect, it } from 'vitest';
import { beat, err, join, makeRegistry, member, MINUTE, ok, request, stateName } from '../../support/registry-harness.ts';

describe('registry: first registration', () => {
  it('creates an active member with a generated ID, a secret, epoch 1 and a session', () => {
    const r = makeRegistry();
    const reply = join(r, 1_000, { name: 'alpha' });
    expect(reply).toMatchObject({
      workerId: 'w-1', epoch: 1, reRegistered: false, idReassigned: false, registeredAt: 1_000, heartbeatIntervalMs: 30_000,
    });
    expect(reply.workerSecret).toMatch(/^[0-9a-f]{32}$/);
    expect(reply.sessionToken).toMatch(/^[0-9a-f]{32}$/);
    expect(reply.sessionToken).not.toBe(reply.workerSecret);
    expect(stateName(r, 'w-1')).toBe('active.idle');
    expect(member(r, 'w-1')).toMatchObject({ name: 'alpha', lastHeartbeatAt: 1_000, registeredAt: 1_000 });
    expect(r.takeEffects()).toEqual([
      { kind: 'member.transitioned', memberId: 'w-1', from: 'registered', to: 'active.idle', epoch: 1, reason: 'registered', capacity: 2 },
      { kind: 'member.saved', memberId: 'w-1' },
    ]);
  });

  it('keeps a requested ID that nobody owns', () => {
    const r = makeRegistry();
    expect(join(r, 0, { workerId: 'gpu-7' }).workerId).toBe('gpu-7');
  });

  it('generated IDs skip IDs already taken', () => {
    const r = makeRegistry();
    join(r, 0, { workerId: 'w-1' });
    expect(join(r, 0).workerId).toBe('w-2');
  });
});

describe('registry: idempotent re-registration', () => {
  function registeredWithJob() {
    const r = makeRegistry();
    const first = join(r, 1_000, { workerId: 'a', maxConcurrentJobs: 1, capabilities: { gpu: 'no' }, resources: { cpuCores: 2 } });
    ok(r.run({ kind: 'submitJob', spec: { jobId: 'j1', kind: 'k' } }, 2_000));
    expect(r.job('j1')).toMatchObject({ state: 'assigned', memberId: 'a', epoch: 1 });
    return { r, first };
  }

  it('same ID, original registeredAt, epoch + 1, reRegistered, details updated, no new secret', () => {
    const { r, first } = registeredWithJob();
    const again = ok(r.run({ kind: 'register', request: request({
      workerId: 'a', workerSecret: first.workerSecret, maxConcurrentJobs: 4, capabilities: { gpu: 'yes' }, resources: { cpuCores: 8 },
    }) }, 50_000));
    expect(again).toMatchObject({ workerId: 'a', epoch: 2, reRegistered: true, idReassigned: false, registeredAt: 1_000 });
    expect(again.workerSecret).toBeUndefined();
    expect(again.sessionToken).not.toBe(first.sessionToken);
    expect(member(r, 'a')).toMatchObject({ capabilities: { gpu: 'yes' }, resources: { cpuCores: 8 }, lastHeartbeatAt: 50_000 });
    expect(member(r, 'a').ctx.maxConcurrentJobs).toBe(4);
    expect(r.memberCount).toBe(1);
  });

  it("requeues the old session's jobs (here straight back to the new session)", () => {
    const { r, first } = registeredWithJob();
    const again = ok(r.run({ kind: 'register', request: request({ workerId: 'a', workerSecret: first.workerSecret }) }, 50_000));
    expect(r.job('j1')).toMatchObject({ state: 'assigned', memberId: 'a', epoch: again.epoch, attempt: 2 });
    expect(member(r, 'a').jobIds).toEqual(['j1']);
  });

  it('refuses the old session: old epoch → failed_precondition, old token at the new epoch → unauthenticated', () => {
    const { r, first } = registeredWithJob();
    const again = ok(r.run({ kind: 'register', request: request({ workerId: 'a', workerSecret: first.workerSecret }) }, 50_000));
    expect(err(beat(r, first, 51_000)).code).toBe('failed_precondition');
    expect(err(beat(r, { ...first, epoch: again.epoch }, 51_000)).code).toBe('unauthenticated');
    ok(beat(r, again, 51_000));
  });

  it('a failed member that registers again becomes active with its ID and a new epoch', () => {
    const r = makeRegistry();
    const first = join(r, 0, { workerId: 'a' });
    for (let t = 1_000; t <= 6 * MINUTE; t += 1_000) r.tick(t);
    expect(stateName(r, 'a')).toBe('failed');
    const again = ok(r.run({ kind: 'register', request: request({ workerId: 'a', workerSecret: first.workerSecret }) }, 7 * MINUTE));
    expect(again).toMatchObject({ workerId: 'a', epoch: 2, reRegistered: true, registeredAt: 0 });
    expect(stateName(r, 'a')).toBe('active.idle');
  });
});

describe('registry: identity and secrets', () => {
  it('a known ID with the wrong secret from the same address → permission_denied', () => {
    const r = makeRegistry();
    const first = join(r, 0, { workerId: 'a', address: 'h:1' });
    const refused = err(r.run({ kind: 'register', request: request({ workerId: 'a', address: 'h:1', workerSecret: 'nope' }) }, 1_000));
    expect(refused.code).toBe('permission_denied');
    expect(err(r.run({ kind: 'register', request: request({ workerId: 'a', address: 'h:1' }) }, 1_000)).code).toBe('permission_denied');
    expect(member(r, 'a').ctx.epoch).toBe(first.epoch);
  });

  it('a known ID with the wrong secret, not live, from elsewhere → permission_denied', () => {
    const r = makeRegistry();
    const first = join(r, 0, { workerId: 'a', address: 'h:1' });
    ok(r.run({ kind: 'deregister', request: { workerId: 'a', epoch: first.epoch, sessionToken: first.sessionToken } }, 1_000));
    expect(err(r.run({ kind: 'register', request: request({ workerId: 'a', address: 'h:2', workerSecret: 'x' }) }, 2_000)).code).toBe('permission_denied');
  });

  it('an ID owned by another live worker at a different address → a fresh ID, idReassigned', () => {
    const r = makeRegistry();
    const owner = join(r, 0, { workerId: 'a', address: 'h:1' });
    const other = ok(r.run({ kind: 'register', request: request({ workerId: 'a', address: 'h:2' }) }, 1_000));
    expect(other).toMatchObject({ workerId: 'w-1', idReassigned: true, reRegistered: false, epoch: 1 });
    expect(other.workerSecret).toBeDefined();
    expect(member(r, 'a')).toMatchObject({ address: 'h:1', sessionToken: owner.sessionToken });
    expect(member(r, 'w-1').address).toBe('h:2');
  });

  it('the secret is issued on first registration only and required afterwards', () => {
    const r = makeRegistry();
    const first = join(r, 0, { workerId: 'a', address: 'h:1' });
    const second = ok(r.run({ kind: 'register', request: request({ workerId: 'a', address: 'h:1', workerSecret: first.workerSecret }) }, 1_000));
    expect(second.workerSecret).toBeUndefined();
    expect(member(r, 'a').secret).toBe(first.workerSecret);
  });

  it('without an ID, a pre-registered member is claimed by the worker registering from its address', () => {
    const r = makeRegistry();
    const pre = ok(r.run({ kind: 'preRegister', request: { name: 'box', address: 'h:9' } }, 0));
    expect(pre).toEqual({ ok: true, workerId: 'w-1', created: true });
    expect(stateName(r, 'w-1')).toBe('registered');
    const claimed = ok(r.run({ kind: 'register', request: request({ address: 'h:9' }) }, 5_000));
    expect(claimed).toMatchObject({ workerId: 'w-1', epoch: 1, registeredAt: 0 });
    expect(claimed.workerSecret).toBeDefined();
    expect(stateName(r, 'w-1')).toBe('active.idle');
    expect(r.memberCount).toBe(1);
  });

  it('without an ID, a returning worker is found by address when it shows its secret', () => {
    const r = makeRegistry();
    const first = join(r, 0, { address: 'h:3' });
    const again = ok(r.run({ kind: 'register', request: request({ address: 'h:3', workerSecret: first.workerSecret }) }, 1_000));
    expect(again).toMatchObject({ workerId: first.workerId, reRegistered: true, epoch: 2 });
  });

  it('without an ID or secret, from the address of a worker that holds its secret → permission_denied', () => {
    const r = makeRegistry();
    const first = join(r, 0, { address: 'h:3', workerSecret: 'own-secret' });
    const stranger = err(r.run({ kind: 'register', request: request({ address: 'h:3' }) }, 1_000));
    expect(stranger).toMatchObject({ code: 'permission_denied', message: expect.stringContaining(`address h:3 belongs to worker ${first.workerId}`) });
    expect(r.memberCount).toBe(1);
    expect(member(r, first.workerId)).toMatchObject({ address: 'h:3', sessionToken: first.sessionToken });
  });

  it('moving to an address another member holds: it takes the address, the other keeps its own but is no longer found or dialled there', () => {
    const r = makeRegistry();
    const a = join(r, 0, { workerId: 'a', address: 'h:1' });
    join(r, 0, { workerId: 'b', address: 'h:2' });
    r.takeEffects();
    ok(r.run({ kind: 'register', request: request({ workerId: 'a', workerSecret: a.workerSecret, address: 'h:2' }) }, 1_000));
    expect(r.memberAt('h:2')?.id).toBe('a');
    expect(member(r, 'b')).toMatchObject({ address: 'h:2', addressTaken: true });
    expect(r.takeEffects()).toContainEqual({ kind: 'member.saved', memberId: 'b' });
    expect(r.memberAt('h:1')).toBeUndefined();
    for (let t = 1_000; t <= 6 * MINUTE; t += 1_000) r.tick(t);
    expect(stateName(r, 'b')).toBe('failed');
    expect(r.dialTargets(6 * MINUTE).map((m) => m.id)).not.toContain('b');
  });

  it('preRegister of a known ID or address returns the existing member', () => {
    const r = makeRegistry();
    ok(r.run({ kind: 'preRegister', request: { name: 'box', address: 'h:9', workerId: 'p' } }, 0));
    expect(ok(r.run({ kind: 'preRegister', request: { name: 'box', address: 'h:9' } }, 1))).toMatchObject({ workerId: 'p', created: false });
    expect(ok(r.run({ kind: 'preRegister', request: { name: 'x', address: 'h:8', workerId: 'p' } }, 1))).toMatchObject({ workerId: 'p', created: false });
    expect(err(r.run({ kind: 'preRegister', request: { name: '', address: 'nope' } }, 1)).details?.map((d) => d.field)).toEqual(['name', 'address']);
  });
});

describe('registry: a secret the worker made itself', () => {
  it('is adopted on first registration, so a retry after a lost reply gets the same ID', () => {
    const r = makeRegistry();
    const req = request({ workerId: 'solo', workerSecret: 'made-by-the-worker' });
    const first = ok(r.run({ kind: 'register', request: req }, 1_000));
    expect(first.workerSecret).toBeUndefined();
    // The reply was lost: the worker retries with the same request.
    const retry = ok(r.run({ kind: 'register', request: req }, 6_000));
    expect(retry).toMatchObject({ workerId: 'solo', reRegistered: true, epoch: 2, registeredAt: 1_000 });
  });

  it('is required afterwards: another secret for that ID is refused', () => {
    const r = makeRegistry();
    ok(r.run({ kind: 'register', request: request({ workerId: 'solo', workerSecret: 'made-by-the-worker', address: '10.9.9.9:1' }) }, 1_000));
    const impostor = err(r.run({ kind: 'register', request: request({ workerId: 'solo', workerSecret: 'guess', address: '10.9.9.9:1' }) }, 3_000));
    expect(impostor.code).toBe('permission_denied');
  });
});

describe('registry: batch registration', () => {
  it('registers each item on its own and answers one result per item, in order', () => {
    const r = makeRegistry();
    const results = r.run({ kind: 'registerBatch', requests: [request({ name: 'a' }), request({ name: '' }), request({ name: 'c', workerId: 'gpu-1' })] }, 0);
    expect(results).toHaveLength(3);
    expect(ok(results[0]!).workerId).toBe('w-1');
    expect(err(results[1]!)).toMatchObject({ code: 'invalid_argument' });
    expect(ok(results[2]!).workerId).toBe('gpu-1');
    expect(stateName(r, 'gpu-1')).toBe('active.idle');
  });
});
