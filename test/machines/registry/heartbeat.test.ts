// Heartbeats and their deadlines (docs/behaviour.md §1): sessions, active → unhealthy → failed via the
// deadline wheel, recovery, flap damping, and the interval that stretches with the cluster.
import { describe, expect, it } from 'vitest';
import { beat, err, join, makeRegistry, member, MINUTE, ok, SECOND, stateName, tickThrough } from '../../support/registry-harness.ts';

describe('heartbeat: sessions', () => {
  it('unknown worker → not_found', () => {
    const r = makeRegistry();
    expect(err(r.run({ kind: 'heartbeat', request: { workerId: 'ghost', epoch: 1, sessionToken: 't', currentJobs: 0 } }, 0)).code).toBe('not_found');
  });

  it('wrong token at the current epoch → unauthenticated; another worker’s token too', () => {
    const r = makeRegistry();
    const a = join(r, 0);
    const b = join(r, 0);
    expect(err(beat(r, a, 1, { sessionToken: 'forged' })).code).toBe('unauthenticated');
    expect(err(beat(r, a, 1, { sessionToken: b.sessionToken })).code).toBe('unauthenticated');
  });

  it('a failed member’s old epoch → failed_precondition (re-register), even with its old token', () => {
    const r = makeRegistry();
    const a = join(r, 0);
    tickThrough(r, 0, 5 * MINUTE);
    expect(stateName(r, a.workerId)).toBe('failed');
    expect(member(r, a.workerId).sessionToken).toBe('');
    const refused = err(beat(r, a, 5 * MINUTE + 1));
    expect(refused.code).toBe('failed_precondition');
    expect(refused.message).toContain('register again');
  });

  it('an older epoch whose newer live session another instance opened → superseded; the same instance, or none, → failed_precondition', () => {
    const r = makeRegistry();
    const first = join(r, 0, { workerId: 'twin', workerSecret: 's', instance: 'i-1' });
    // The same process registering again (a retried registration): plain re-register.
    const again = join(r, 1, { workerId: 'twin', workerSecret: 's', instance: 'i-1', address: member(r, 'twin').address });
    expect(err(beat(r, first, 2)).code).toBe('failed_precondition');
    // Another process with the same ID and secret takes the live session: the older ones are superseded.
    const other = join(r, 3, { workerId: 'twin', workerSecret: 's', instance: 'i-2', address: member(r, 'twin').address });
    const refused = err(beat(r, again, 4));
    expect(refused.code).toBe('superseded');
    expect(refused.message).toBe(`session ${again.epoch} of twin was superseded by session ${other.epoch}, which another process holding this worker's ID and secret registered; do not register again`);
    expect(err(beat(r, first, 4)).code).toBe('superseded');
    ok(beat(r, other, 4));
    // Once the session is not live (failed), an old epoch is told to register again.
    tickThrough(r, 4, 6 * MINUTE);
    expect(stateName(r, 'twin')).toBe('failed');
    expect(err(beat(r, again, 6 * MINUTE + 1)).code).toBe('failed_precondition');
    // Without instances (older workers, the simulator), nobody is ever superseded.
    const plain = join(r, 0, { workerId: 'plain', workerSecret: 'p' });
    join(r, 1, { workerId: 'plain', workerSecret: 'p', address: member(r, 'plain').address });
    expect(err(beat(r, plain, 2)).code).toBe('failed_precondition');
  });

  it('a heartbeat to a pre-registered member → failed_precondition', () => {
    const r = makeRegistry();
    ok(r.run({ kind: 'preRegister', request: { name: 'p', address: 'h:1', workerId: 'p' } }, 0));
    expect(err(r.run({ kind: 'heartbeat', request: { workerId: 'p', epoch: 0, sessionToken: '', currentJobs: 0 } }, 1)).code).toBe('failed_precondition');
  });

  it('an ack carries the interval and writes nothing durable when nothing changes', () => {
    const r = makeRegistry();
    const a = join(r, 0);
    r.takeEffects();
    expect(ok(beat(r, a, 30 * SECOND))).toEqual({ ok: true, instruction: 'none', heartbeatIntervalMs: 30_000 });
    expect(r.takeEffects()).toEqual([]);
    expect(member(r, a.workerId).lastHeartbeatAt).toBe(30 * SECOND);
  });
});

describe('heartbeat: deadlines through sweeps.tick', () => {
  it('active → unhealthy exactly unhealthyAfter after the last heartbeat, not a second before', () => {
    const r = makeRegistry();
    const a = join(r, 0);
    ok(beat(r, a, 30 * SECOND));
    tickThrough(r, 0, 30 * SECOND + 2 * MINUTE - SECOND);
    expect(stateName(r, a.workerId)).toBe('active.idle');
    r.tick(30 * SECOND + 2 * MINUTE);
    expect(stateName(r, a.workerId)).toBe('unhealthy');
    expect(member(r, a.workerId).ctx.since).toBe(30 * SECOND + 2 * MINUTE);
  });

  it('steady heartbeats keep a member active for hours', () => {
    const r = makeRegistry();
    const a = join(r, 0);
    for (let t = SECOND; t <= 3 * 60 * MINUTE; t += SECOND) {
      if (t % (30 * SECOND) === 0) ok(beat(r, a, t));
      r.tick(t);
    }
    expect(stateName(r, a.workerId)).toBe('active.idle');
  });

  it('a heartbeat in unhealthy → active, logged as recovered, and the deadline starts over', () => {
    const r = makeRegistry();
    const a = join(r, 0);
    tickThrough(r, 0, 2 * MINUTE);
    r.takeEffects();
    ok(beat(r, a, 3 * MINUTE));
    expect(stateName(r, a.workerId)).toBe('active.idle');
    expect(r.takeEffects()).toContainEqual({
      kind: 'member.transitioned', memberId: a.workerId, from: 'unhealthy', to: 'active.idle', epoch: 1, reason: 'heartbeat resumed',
    });
    tickThrough(r, 2 * MINUTE, 5 * MINUTE - SECOND);
    expect(stateName(r, a.workerId)).toBe('active.idle');
    r.tick(5 * MINUTE);
    expect(stateName(r, a.workerId)).toBe('unhealthy');
  });

  it('unhealthy → failed failedAfter later: session revoked, jobs requeued onto another member', () => {
    const r = makeRegistry();
    const a = join(r, 0, { maxConcurrentJobs: 1 });
    ok(r.run({ kind: 'submitJob', spec: { jobId: 'j', kind: 'k' } }, 0));
    const b = join(r, 1, { maxConcurrentJobs: 1 });
    expect(r.job('j')?.memberId).toBe(a.workerId);
    for (let t = SECOND; t <= 5 * MINUTE; t += SECOND) {
      if (t % (30 * SECOND) === 0) ok(beat(r, b, t));
      r.tick(t);
      if (t === 5 * MINUTE - SECOND) expect(stateName(r, a.workerId)).toBe('unhealthy');
    }
    expect(stateName(r, a.workerId)).toBe('failed');
    expect(member(r, a.workerId)).toMatchObject({ sessionToken: '', jobIds: [] });
    expect(r.job('j')).toMatchObject({ state: 'assigned', memberId: b.workerId, attempt: 2, epoch: b.epoch });
    expect(member(r, b.workerId).jobIds).toEqual(['j']);
    const dispatched = r.takeEffects().filter((e) => e.kind === 'task.dispatched');
    expect(dispatched.map((e) => e.kind === 'task.dispatched' && [e.memberId, e.task.attempt])).toEqual([[a.workerId, 1], [b.workerId, 2]]);
  });

  it('ticking only at the times that matter gives the same verdicts', () => {
    const r = makeRegistry();
    const a = join(r, 0);
    r.tick(2 * MINUTE - 1);
    expect(stateName(r, a.workerId)).toBe('active.idle');
    r.tick(2 * MINUTE);
    expect(stateName(r, a.workerId)).toBe('unhealthy');
    r.tick(5 * MINUTE - 1);
    expect(stateName(r, a.workerId)).toBe('unhealthy');
    r.tick(5 * MINUTE);
    expect(stateName(r, a.workerId)).toBe('failed');
  });
});

describe('heartbeat: draining', () => {
  it('a worker that says it is draining goes active.draining; an operator drain is echoed as an instruction', () => {
    const r = makeRegistry();
    const a = join(r, 0);
    const b = join(r, 0);
    expect(ok(beat(r, a, 1, { draining: true })).instruction).toBe('none');
    expect(stateName(r, a.workerId)).toBe('active.draining');
    ok(r.run({ kind: 'drain', workerId: b.workerId }, 2));
    expect(ok(beat(r, b, 3)).instruction).toBe('drain');
    expect(ok(beat(r, b, 4, { draining: true })).instruction).toBe('none');
    expect(err(r.run({ kind: 'drain', workerId: 'ghost' }, 5)).code).toBe('not_found');
  });

  it('a draining member that blips unhealthy comes back draining and gets no jobs', () => {
    const r = makeRegistry();
    const a = join(r, 0);
    ok(r.run({ kind: 'drain', workerId: a.workerId }, 1));
    r.tick(2 * MINUTE);
    expect(stateName(r, a.workerId)).toBe('unhealthy');
    expect(err(r.run({ kind: 'drain', workerId: a.workerId }, 2 * MINUTE)).code).toBe('failed_precondition');
    ok(r.run({ kind: 'submitJob', spec: { jobId: 'j', kind: 'k' } }, 2 * MINUTE));
    ok(beat(r, a, 2 * MINUTE + SECOND, { draining: true }));
    expect(stateName(r, a.workerId)).toBe('active.draining');
    expect(r.job('j')?.state).toBe('queued');
  });

  it('a heartbeat that announces draining gets no job in the same call, not even a requeued lost one', () => {
    const r = makeRegistry();
    const a = join(r, 0);
    ok(r.run({ kind: 'submitJob', spec: { jobId: 'j', kind: 'k' } }, 0));
    ok(beat(r, a, 2 * MINUTE, { activeJobIds: [], draining: true }));
    expect(stateName(r, a.workerId)).toBe('active.draining');
    expect(r.job('j')).toMatchObject({ state: 'queued', attempt: 1 });
  });
});

describe('heartbeat: flap damping', () => {
  function flap(times: number) {
    const r = makeRegistry();
    const a = join(r, 0);
    let t = 0;
    for (let i = 0; i < times; i++) {
      t += 2 * MINUTE;
      r.tick(t);
      expect(stateName(r, a.workerId)).toBe('unhealthy');
      ok(beat(r, a, t));
    }
    return { r, a, t };
  }

  it('flapLimit recoveries within flapWindow: still scheduled', () => {
    const { r, a, t } = flap(3);
    expect(member(r, a.workerId).ctx.holdUntil).toBe(0);
    ok(r.run({ kind: 'submitJob', spec: { jobId: 'j', kind: 'k' } }, t));
    expect(r.job('j')?.memberId).toBe(a.workerId);
  });

  it('one more: held out of scheduling for flapCooldown, then scheduled again', () => {
    const { r, a, t } = flap(4);
    expect(member(r, a.workerId).ctx.holdUntil).toBe(t + 5 * MINUTE);
    ok(r.run({ kind: 'submitJob', spec: { jobId: 'j', kind: 'k' } }, t + 5 * MINUTE - 1));
    expect(r.job('j')?.state).toBe('queued');
    ok(beat(r, a, t + 5 * MINUTE));
    expect(r.job('j')).toMatchObject({ state: 'assigned', memberId: a.workerId });
  });
});

describe('heartbeat: interval stretching', () => {
  it('heartbeatIntervalMs = max(interval, members / maxHeartbeatsPerSecond)', () => {
    const r = makeRegistry({ maxHeartbeatsPerSecond: 0.1 });
    expect(r.heartbeatIntervalMs()).toBe(30_000);
    const a = join(r, 0);
    join(r, 0);
    expect(r.heartbeatIntervalMs()).toBe(30_000);
    for (let i = 0; i < 3; i++) join(r, 0);
    expect(r.heartbeatIntervalMs()).toBe(50_000);
    expect(ok(beat(r, a, 1)).heartbeatIntervalMs).toBe(50_000);
    expect(join(r, 0).heartbeatIntervalMs).toBe(60_000);
  });

  it('the deadlines scale with the stretched interval', () => {
    const r = makeRegistry({ maxHeartbeatsPerSecond: 0.1 });
    const members = Array.from({ length: 6 }, () => join(r, 0));
    expect(r.heartbeatIntervalMs()).toBe(60_000);
    expect(r.scaled(2 * MINUTE)).toBe(4 * MINUTE);
    const a = members[0]!;
    tickThrough(r, 0, 4 * MINUTE - SECOND);
    expect(stateName(r, a.workerId)).toBe('active.idle');
    r.tick(4 * MINUTE);
    expect(stateName(r, a.workerId)).toBe('unhealthy');
  });
});
