// The health check, the cleanup sweep, the mass-failure guard and the restart grace (docs/behaviour.md §1).
import { describe, expect, it } from 'vitest';
import { SeededChance } from '../../../machines/random.ts';
import { Registry } from '../../../machines/registry/registry.ts';
import type { MemberRecord } from '../../../machines/registry/member-table.ts';
import { CoreTurn } from '../../../runtime/registry/core-turn.ts';
import { defaultRegistryConfig } from '../../../machines/registry/registry.config.ts';
import { JUDGED_PER_TICK } from '../../../machines/registry/sweeps.ts';
import { memberRecord as storedMember } from '../../support/store-records.ts';
import { beat, join, makeRegistry, member, MINUTE, ok, SECOND, stateName, tickThrough, type Session, snapshotOf } from '../../support/registry-harness.ts';

describe('health check', () => {
  it('3 consecutive failed checks (stale heartbeat) → failed, jobs requeued, session revoked', () => {
    const r = makeRegistry();
    const a = join(r, 0);
    ok(r.run({ kind: 'submitJob', spec: { jobId: 'j', kind: 'k' } }, 0));
    expect(r.run({ kind: 'checkHealth' }, 2 * MINUTE)).toEqual({ checked: 1, failed: 0 });
    expect(r.run({ kind: 'checkHealth' }, 2 * MINUTE + 1)).toEqual({ checked: 1, failed: 1 });
    expect(r.run({ kind: 'checkHealth' }, 4 * MINUTE)).toEqual({ checked: 1, failed: 1 });
    expect(stateName(r, a.workerId)).toBe('active.idle');
    expect(member(r, a.workerId).ctx.checkFailures).toBe(2);
    r.run({ kind: 'checkHealth' }, 6 * MINUTE);
    expect(stateName(r, a.workerId)).toBe('failed');
    expect(member(r, a.workerId).sessionToken).toBe('');
    expect(r.job('j')).toMatchObject({ state: 'queued', memberId: null });
  });

  it('a passing check resets the count, so 2 + 2 failures do not fail a member', () => {
    const r = makeRegistry();
    const a = join(r, 0, { maxConcurrentJobs: 1 });
    // Assignments the job book never made: the core cannot be led into this, so it is planted.
    const m = member(r, a.workerId) as MemberRecord;
    m.jobIds.push('x1', 'x2');
    r.run({ kind: 'checkHealth' }, 1);
    r.run({ kind: 'checkHealth' }, 2);
    expect(m.ctx.checkFailures).toBe(2);
    m.jobIds.length = 0;
    expect(r.run({ kind: 'checkHealth' }, 3)).toEqual({ checked: 1, failed: 0 });
    expect(m.ctx.checkFailures).toBe(0);
    m.jobIds.push('x1', 'x2');
    r.run({ kind: 'checkHealth' }, 4);
    r.run({ kind: 'checkHealth' }, 5);
    expect(stateName(r, a.workerId)).toBe('active.idle');
  });

  it('a heartbeat also resets the count', () => {
    const r = makeRegistry();
    const a = join(r, 0);
    r.run({ kind: 'checkHealth' }, 3 * MINUTE);
    r.run({ kind: 'checkHealth' }, 4 * MINUTE);
    ok(beat(r, a, 4 * MINUTE + 1));
    expect(member(r, a.workerId).ctx.checkFailures).toBe(0);
  });

  it('skips members that are not active or unhealthy', () => {
    const r = makeRegistry();
    ok(r.run({ kind: 'preRegister', request: { name: 'p', address: 'h:1' } }, 0));
    const a = join(r, 0);
    ok(r.run({ kind: 'deregister', request: { workerId: a.workerId, epoch: a.epoch, sessionToken: a.sessionToken } }, 1));
    expect(r.run({ kind: 'checkHealth' }, 10 * MINUTE)).toEqual({ checked: 0, failed: 0 });
  });
});

describe('cleanup', () => {
  function failedAt5min() {
    const r = makeRegistry();
    const a = join(r, 0, { workerId: 'a' });
    tickThrough(r, 0, 5 * MINUTE);
    expect(stateName(r, 'a')).toBe('failed');
    return { r, a };
  }

  it('failed for cleanupAfter → inactive, not gracefully, and dialable; not a moment before', () => {
    const { r } = failedAt5min();
    expect(r.run({ kind: 'cleanup' }, 20 * MINUTE - 1)).toEqual({ cleaned: 0, removed: 0 });
    expect(r.run({ kind: 'cleanup' }, 20 * MINUTE)).toEqual({ cleaned: 1, removed: 0 });
    expect(stateName(r, 'a')).toBe('inactive');
    expect(member(r, 'a').ctx.leftGracefully).toBe(false);
    expect(r.dialTargets(20 * MINUTE).map((m) => m.id)).toEqual(['a']);
  });

  it('inactive for removeAfter → removed, with a member.removed effect', () => {
    const { r } = failedAt5min();
    r.run({ kind: 'cleanup' }, 20 * MINUTE);
    const week = 7 * 24 * 60 * MINUTE;
    expect(r.run({ kind: 'cleanup' }, 20 * MINUTE + week - 1).removed).toBe(0);
    r.takeEffects();
    expect(r.run({ kind: 'cleanup' }, 20 * MINUTE + week)).toEqual({ cleaned: 0, removed: 1 });
    expect(r.member('a')).toBeUndefined();
    expect(r.takeEffects()).toContainEqual({ kind: 'member.removed', memberId: 'a' });
  });

  it('a gracefully deregistered member is removed after removeAfter too', () => {
    const r = makeRegistry();
    const a = join(r, 0);
    ok(r.run({ kind: 'deregister', request: { workerId: a.workerId, epoch: a.epoch, sessionToken: a.sessionToken } }, 0));
    expect(r.run({ kind: 'cleanup' }, 7 * 24 * 60 * MINUTE).removed).toBe(1);
  });
});

describe('mass-failure guard', () => {
  /** n members join at 0; the first `alive` keep beating every 30 s up to `until`. */
  function cluster(n: number, alive: number, until: number, overrides = {}) {
    const r = makeRegistry(overrides);
    const members = Array.from({ length: n }, () => join(r, 0));
    for (let t = SECOND; t <= until; t += SECOND) {
      if (t % (30 * SECOND) === 0) for (const s of members.slice(0, alive)) ok(beat(r, s, t));
      r.tick(t);
    }
    return { r, members };
  }
  const states = (r: CoreTurn, ss: Session[]) => ss.map((s) => stateName(r, s.workerId));

  it('> 55 % unhealthy: failures held (guard.changed), nobody fails, until the fraction drops', () => {
    const { r, members } = cluster(10, 4, 10 * MINUTE);
    expect(r.guardHeld).toBe(true);
    expect(states(r, members.slice(4))).toEqual(Array(6).fill('unhealthy'));
    const guard = r.takeEffects().filter((e) => e.kind === 'guard.changed');
    expect(guard).toEqual([{ kind: 'guard.changed', held: true, unhealthyFraction: 0.6 }]);
    expect(r.run({ kind: 'checkHealth' }, 10 * MINUTE).failed).toBe(0);
    // The first recovery brings the fraction to 50 %: the guard lets go at once.
    ok(beat(r, members[4]!, 10 * MINUTE + 1));
    expect(r.guardHeld).toBe(false);
    expect(r.takeEffects().filter((e) => e.kind === 'guard.changed')).toEqual([{ kind: 'guard.changed', held: false, unhealthyFraction: 0.5 }]);
    ok(beat(r, members[5]!, 10 * MINUTE + 2));
    // Time unhealthy under the guard does not count: the others get a whole failedAfter from the
    // release to come back (they are likely reconnecting from the same partition).
    r.tick(10 * MINUTE + SECOND);
    expect(states(r, members.slice(4))).toEqual(['active.idle', 'active.idle', 'unhealthy', 'unhealthy', 'unhealthy', 'unhealthy']);
    for (let t = 10 * MINUTE + 2 * SECOND; t <= 13 * MINUTE + 2 * SECOND; t += SECOND) {
      if (t % (30 * SECOND) === 0) for (const m of members.slice(0, 6)) ok(beat(r, m, t));
      r.tick(t);
      if (t === 13 * MINUTE) expect(states(r, members.slice(6))).toEqual(Array(4).fill('unhealthy'));
    }
    expect(states(r, members.slice(4))).toEqual(['active.idle', 'active.idle', 'failed', 'failed', 'failed', 'failed']);
  });

  it('exactly 55 % unhealthy is not more than 55 %: failures go ahead', () => {
    const { r, members } = cluster(20, 9, 5 * MINUTE);
    expect(r.guardHeld).toBe(false);
    expect(states(r, members.slice(9))).toEqual(Array(11).fill('failed'));
  });

  it('below massFailureMinMembers the guard does not apply', () => {
    const { r, members } = cluster(9, 2, 5 * MINUTE);
    expect(r.guardHeld).toBe(false);
    expect(states(r, members.slice(2))).toEqual(Array(7).fill('failed'));
    expect(r.takeEffects().some((e) => e.kind === 'guard.changed')).toBe(false);
  });
});

describe('restart grace', () => {
  function restarted() {
    const before = makeRegistry();
    const a = join(before, 0, { workerId: 'a', maxConcurrentJobs: 1 });
    const b = join(before, 0, { maxConcurrentJobs: 1 });
    ok(before.run({ kind: 'submitJob', spec: { kind: 'k' } }, 0));
    ok(before.run({ kind: 'submitJob', spec: { kind: 'k' } }, 0));
    ok(before.run({ kind: 'submitJob', spec: { kind: 'k' } }, 0));
    const snapshot = snapshotOf(before);
    const now = 10 * MINUTE;
    const r = new CoreTurn(new Registry(defaultRegistryConfig, new SeededChance(8), now, snapshot));
    return { r, a, b, now };
  }

  it('keeps IDs, epochs, sessions and job assignments', () => {
    const { r, a, b, now } = restarted();
    expect(member(r, 'a')).toMatchObject({ ctx: { epoch: 1 }, jobIds: ['job-1'] });
    expect(member(r, b.workerId)).toMatchObject({ ctx: { epoch: 1 }, jobIds: ['job-2'] });
    expect(r.job('job-3')?.state).toBe('queued');
    expect(r.queuedJobs).toBe(1);
    ok(beat(r, a, now + 1));
    expect(ok(r.run({ kind: 'submitJob', spec: { kind: 'k' } }, now + 2)).jobId).toBe('job-4');
    expect(join(r, now + 3).workerId).toBe('w-2');
  });

  it('judges nobody before restartGrace, neither by deadline nor by health check', () => {
    const { r, now } = restarted();
    tickThrough(r, now, now + 5 * MINUTE - SECOND);
    expect(r.run({ kind: 'checkHealth' }, now + 5 * MINUTE - 1)).toEqual({ checked: 0, failed: 0 });
    expect([stateName(r, 'a'), stateName(r, 'w-1')]).toEqual(['active.busy', 'active.busy']);
    r.tick(now + 5 * MINUTE);
    expect([stateName(r, 'a'), stateName(r, 'w-1')]).toEqual(['unhealthy', 'unhealthy']);
  });

  it('a member that heartbeats within the grace stays active after it', () => {
    const { r, a, now } = restarted();
    for (let t = now + SECOND; t <= now + 8 * MINUTE; t += SECOND) {
      if (t % (30 * SECOND) === 0) ok(beat(r, a, t));
      r.tick(t);
    }
    expect(stateName(r, 'a')).toBe('active.busy');
    expect(stateName(r, 'w-1')).toBe('failed');
  });

  it('an assigned job whose member is gone is queued again', () => {
    const before = makeRegistry();
    join(before, 0, { workerId: 'a' });
    ok(before.run({ kind: 'submitJob', spec: { jobId: 'j', kind: 'k' } }, 0));
    const r = makeRegistry({}, 1, { members: [], jobs: structuredClone([...before.jobs()]) });
    expect(r.job('j')).toMatchObject({ state: 'queued', memberId: null });
    expect(r.queuedJobs).toBe(1);
  });

  it('an assigned job of an older session or of a member no longer live is queued again', () => {
    const before = makeRegistry();
    join(before, 0, { workerId: 'a' });
    join(before, 0, { workerId: 'b' });
    ok(before.run({ kind: 'submitJob', spec: { jobId: 'old-epoch', kind: 'k' } }, 0));
    ok(before.run({ kind: 'submitJob', spec: { jobId: 'failed-member', kind: 'k' } }, 0));
    const snapshot = snapshotOf(before);
    const [a, b] = snapshot.members;
    a!.ctx.epoch = 2;
    b!.value = 'failed';
    const r = makeRegistry({}, 1, snapshot);
    expect(r.job('old-epoch')).toMatchObject({ state: 'queued', memberId: null });
    expect(r.job('failed-member')).toMatchObject({ state: 'queued', memberId: null });
    expect([member(r, 'a').jobIds, member(r, 'b').jobIds]).toEqual([[], []]);
    expect(r.queuedJobs).toBe(2);
  });
});

describe('a mass event is judged a slice per tick', () => {
  it('with more members overdue than JUDGED_PER_TICK, each tick judges that many and the rest stay due', () => {
    const n = JUDGED_PER_TICK + 1_500;
    const stale = Array.from({ length: n }, (_, i) => ({ ...storedMember(`m${i}`), lastHeartbeatAt: 0 }));
    const restartedAt = 10 * MINUTE; // every member silent for 10 minutes
    const r = makeRegistry({ restartGraceMs: 10 * SECOND, massFailureMinMembers: 10 * n }, restartedAt, { members: stale, jobs: [] });
    const unhealthy = () => r.counts().unhealthy;
    r.tick(restartedAt + 10 * SECOND);
    expect(unhealthy()).toBe(JUDGED_PER_TICK);
    r.tick(restartedAt + 11 * SECOND);
    expect(unhealthy()).toBe(n);
    r.tick(restartedAt + 12 * SECOND);
    expect(unhealthy()).toBe(n);
  });
});

