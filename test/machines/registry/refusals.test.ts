// What the registry tells a caller it refuses, and the gRPC status each refusal travels as
// (docs/behaviour.md §1 membership, §4 interfaces): a full cluster, operator calls on a member
// that is gone, failed or already inactive, and an address that is not text.
import { describe, expect, it } from 'vitest';
import { rpcCodeOf } from '../../../machines/registry/error-codes.ts';
import { validateRegistration } from '../../../machines/registry/validation.ts';
import { err, join, makeRegistry, MINUTE, ok, request, stateName } from '../../support/registry-harness.ts';

describe('refusals', () => {
  it('a new worker in a full cluster is refused with the limit named; a member of it may still register again', () => {
    const r = makeRegistry({ maxMembers: 1 });
    const a = join(r, 0);
    const full = err(r.run({ kind: 'register', request: request() }, 1));
    expect(full).toMatchObject({ code: 'resource_exhausted', message: 'the cluster is full: 1 members (maxMembers); remove some or raise the limit' });
    expect(ok(r.run({ kind: 'register', request: request({ workerId: a.workerId, workerSecret: a.workerSecret }) }, 2)).reRegistered).toBe(true);
    expect(err(r.run({ kind: 'register', request: request({ workerId: 'named' }) }, 3)).code).toBe('resource_exhausted');
    expect(err(r.run({ kind: 'register', request: { name: 'no-address', maxConcurrentJobs: 1 } }, 4)).code).toBe('resource_exhausted');
  });

  it("a live member's ID with a wrong secret from the member's own address is refused, naming the ID", () => {
    const r = makeRegistry();
    const first = ok(r.run({ kind: 'register', request: request({ workerId: 'a', address: 'h:1' }) }, 0));
    expect([first.workerId, first.idReassigned]).toEqual(['a', false]);
    expect(err(r.run({ kind: 'register', request: request({ workerId: 'a', address: 'h:1', workerSecret: 'guess' }) }, 1))).toMatchObject({
      code: 'permission_denied', message: 'worker a exists and the worker secret does not match',
    });
  });

  it('an operator cannot force out a worker that does not exist or has failed; one already inactive is left as it is', () => {
    const r = makeRegistry();
    expect(err(r.run({ kind: 'forceDeregister', workerId: 'ghost' }, 0))).toMatchObject({ code: 'not_found', message: 'worker ghost does not exist' });
    const a = join(r, 0);
    for (const at of [2 * MINUTE + 1, 4 * MINUTE, 6 * MINUTE]) r.run({ kind: 'checkHealth' }, at);
    expect(stateName(r, a.workerId)).toBe('failed');
    expect(err(r.run({ kind: 'forceDeregister', workerId: a.workerId }, 6 * MINUTE))).toMatchObject({
      code: 'failed_precondition', message: `worker ${a.workerId} has failed; unregister it to remove it`,
    });
    const b = join(r, 6 * MINUTE);
    ok(r.run({ kind: 'forceDeregister', workerId: b.workerId }, 6 * MINUTE));
    r.takeEffects();
    expect(r.run({ kind: 'forceDeregister', workerId: b.workerId }, 7 * MINUTE)).toEqual({ ok: true, requeued: 0 });
    expect(r.takeEffects()).toEqual([]);
  });

  it('a locked-out ID or source is told how long to wait, in whole seconds rounded up', () => {
    const r = makeRegistry({ registrationAttemptsPerSourceMax: 3 });
    for (let at = 1; at <= 3; at++) err(r.run({ kind: 'register', request: request({ workerId: 'v', maxConcurrentJobs: 0, sourceAddress: '10.6.6.6' }) }, at));
    const locked = 3 + 60 * MINUTE;
    expect(err(r.run({ kind: 'register', request: request({ workerId: 'v', sourceAddress: '10.0.0.1' }) }, locked - 1500))).toMatchObject({
      code: 'rate_limited', message: 'too many failed registrations for v; retry in 2 s', retryAfterMs: 1500,
    });
    expect(err(r.run({ kind: 'register', request: request({ sourceAddress: '10.6.6.6' }) }, locked - 1000))).toMatchObject({
      code: 'rate_limited', message: 'too many failed registrations from 10.6.6.6; retry in 1 s', retryAfterMs: 1000,
    });
    ok(r.run({ kind: 'register', request: request({ workerId: 'v', sourceAddress: '10.6.6.6' }) }, locked));
  });

  it('a secret shown for a locked ID whose member has none yet is no wrong guess: it does not count against its source', () => {
    const r = makeRegistry({ registrationAttemptsPerSourceMax: 1 });
    ok(r.run({ kind: 'preRegister', request: { name: 'p', address: 'h:5', workerId: 'p' } }, 0));
    for (let at = 1; at <= 3; at++) err(r.run({ kind: 'register', request: request({ workerId: 'p', maxConcurrentJobs: 0, sourceAddress: `10.0.0.${at}` }) }, at));
    expect(err(r.run({ kind: 'register', request: request({ workerId: 'p', workerSecret: 'mine', sourceAddress: '10.9.9.9' }) }, 4)).message).toMatch(/for p;/);
    ok(r.run({ kind: 'register', request: request({ sourceAddress: '10.9.9.9' }) }, 5));
  });

  it('operator calls name the worker they cannot act on', () => {
    const r = makeRegistry();
    expect(err(r.run({ kind: 'unregister', workerId: 'ghost' }, 0))).toMatchObject({ code: 'not_found', message: 'worker ghost does not exist' });
    expect(err(r.run({ kind: 'drain', workerId: 'ghost' }, 0))).toMatchObject({ code: 'not_found', message: 'worker ghost does not exist' });
    ok(r.run({ kind: 'preRegister', request: { name: 'p', address: 'h:1', workerId: 'p' } }, 0));
    expect(err(r.run({ kind: 'drain', workerId: 'p' }, 0))).toMatchObject({ code: 'failed_precondition', message: 'worker p is registered, not active' });
  });

  it("a result sent with a session that is not the worker's is refused for the session, before the job is looked at", () => {
    const r = makeRegistry();
    const a = join(r, 0);
    ok(r.run({ kind: 'submitJob', spec: { jobId: 'j', kind: 'k' } }, 0));
    const report = { workerId: a.workerId, epoch: a.epoch, sessionToken: 'wrong', jobId: 'j', attempt: 1, ok: true };
    expect(err(r.run({ kind: 'reportTask', report: report }, 1)).code).toBe('unauthenticated');
    ok(r.run({ kind: 'reportTask', report: { ...report, sessionToken: a.sessionToken } }, 2));
    expect(r.job('j')?.result).toBe('');
  });

  it('a full job queue is refused with its limit named', () => {
    const r = makeRegistry({ jobQueueMax: 1 });
    ok(r.run({ kind: 'submitJob', spec: { kind: 'k' } }, 0));
    expect(err(r.run({ kind: 'submitJob', spec: { kind: 'k' } }, 0))).toMatchObject({ code: 'resource_exhausted', message: 'the job queue is full (1 queued)' });
  });

  it('a worker registering with no agent address and no ID is a new member each time', () => {
    const r = makeRegistry();
    const first = ok(r.run({ kind: 'register', request: { name: 'w', maxConcurrentJobs: 1, sourceAddress: '10.0.0.9' } }, 0));
    const second = ok(r.run({ kind: 'register', request: { name: 'w', maxConcurrentJobs: 1, sourceAddress: '10.0.0.9' } }, 1));
    expect(second.workerId).not.toBe(first.workerId);
    expect([first.reRegistered, first.idReassigned, second.reRegistered]).toEqual([false, false, false]);
  });

  it('a call from a worker the registry does not know tells it to register again', () => {
    const r = makeRegistry();
    expect(err(r.run({ kind: 'heartbeat', request: { workerId: 'ghost', epoch: 1, sessionToken: 't', currentJobs: 0 } }, 0))).toMatchObject({
      code: 'not_found', message: 'worker ghost is not registered; register again',
    });
  });

  it('an invalid registration names every bad field in its message', () => {
    expect(err(makeRegistry().run({ kind: 'register', request: request({ name: '', maxConcurrentJobs: 0 }) }, 0))).toMatchObject({
      code: 'invalid_argument', message: 'invalid registration: name, maxConcurrentJobs',
    });
  });

  it('an address that is not text is refused as not HOST:PORT', () => {
    expect(validateRegistration({ name: 'w', maxConcurrentJobs: 1, address: 7 as unknown as string })).toEqual([
      { field: 'address', description: 'must be HOST:PORT' },
    ]);
  });

  it('each refusal travels as its gRPC status; a superseded session is a failed precondition', () => {
    expect(rpcCodeOf('not_found')).toBe('NOT_FOUND');
    expect(rpcCodeOf('rate_limited')).toBe('RESOURCE_EXHAUSTED');
    expect(rpcCodeOf('superseded')).toBe('FAILED_PRECONDITION');
  });
});
