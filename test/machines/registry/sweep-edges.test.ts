// The edges of the timed sweeps (docs/behaviour.md §1): the reasons and silences the log is given, a
// restart grace that covers a worker registering during it, health checks that take in unhealthy
// members and that the mass-failure guard holds only for them, and what cleanup and the reconnect
// monitor leave alone.
import { describe, expect, it } from 'vitest';
import type { Effect } from '../../../machines/registry/registry.types.ts';
import { beat, join, makeRegistry, member, MINUTE, ok, SECOND, stateName, tickThrough, type Session } from '../../support/registry-harness.ts';

const WEEK = 7 * 24 * 60 * MINUTE;
type Transition = Extract<Effect, { kind: 'member.transitioned' }>;
const transitions = (effects: Effect[]): Transition[] => effects.filter((e): e is Transition => e.kind === 'member.transitioned');

describe('sweeps: what the log is told', () => {
  it('a silent member: unhealthy and failed, each with its reason and how long the member was silent; cleaned up later', () => {
    const r = makeRegistry();
    const a = join(r, 0, { workerId: 'a' });
    ok(beat(r, a, 10 * SECOND));
    r.takeEffects();
    tickThrough(r, 0, 6 * MINUTE);
    expect(transitions(r.takeEffects()).map(({ to, reason, silentMs }) => ({ to, reason, silentMs }))).toEqual([
      { to: 'unhealthy', reason: 'no heartbeat for 120000 ms', silentMs: 2 * MINUTE },
      { to: 'failed', reason: 'unhealthy for 180000 ms', silentMs: 5 * MINUTE },
    ]);
    r.run({ kind: 'cleanup' }, 21 * MINUTE);
    expect(transitions(r.takeEffects()).map((t) => `${t.to}: ${t.reason}`)).toEqual(['inactive: cleaned up after failure']);
  });

  it('a stale member failed by health checks: each check is logged with its problem, and the failure with the silence', () => {
    const r = makeRegistry();
    const a = join(r, 0, { workerId: 'a' });
    r.takeEffects();
    for (const at of [2 * MINUTE + 1, 4 * MINUTE, 6 * MINUTE]) r.run({ kind: 'checkHealth' }, at);
    const effects = r.takeEffects();
    expect(effects.filter((e) => e.kind === 'check.failed')).toEqual(
      Array(3).fill({ kind: 'check.failed', memberId: 'a', epoch: a.epoch, problem: 'heartbeat is stale' }),
    );
    expect(transitions(effects)).toMatchObject([{ to: 'failed', reason: 'health check failed: heartbeat is stale', silentMs: 6 * MINUTE }]);
  });

  it('a member failed by checks for another problem is not said to have been silent', () => {
    const r = makeRegistry();
    const a = join(r, 0, { maxConcurrentJobs: 1 });
    r.takeEffects();
    for (let i = 1; i <= 3; i++) {
      ok(beat(r, a, i * SECOND, { currentJobs: 4 }));
      r.run({ kind: 'checkHealth' }, i * SECOND + 1);
    }
    const [failed, ...rest] = transitions(r.takeEffects());
    expect(rest).toEqual([]);
    expect(failed).toMatchObject({ to: 'failed' });
    expect(failed).not.toHaveProperty('silentMs');
  });
});

describe('sweeps: the restart grace', () => {
  const restartedAt = 10 * MINUTE;
  const graceEnds = restartedAt + 5 * MINUTE;

  it('covers a worker that registers during it and then goes silent: judged only when the grace ends', () => {
    const r = makeRegistry({}, restartedAt, { members: [], jobs: [] });
    join(r, restartedAt + SECOND, { workerId: 'a' });
    tickThrough(r, restartedAt, graceEnds - SECOND);
    expect(stateName(r, 'a')).toBe('active.idle');
    r.tick(graceEnds);
    expect(stateName(r, 'a')).toBe('unhealthy');
  });

  it('health checks start the moment the grace ends', () => {
    const r = makeRegistry({}, restartedAt, { members: [], jobs: [] });
    join(r, restartedAt, { workerId: 'a' });
    expect(r.run({ kind: 'checkHealth' }, graceEnds - 1)).toEqual({ checked: 0, failed: 0 });
    expect(r.run({ kind: 'checkHealth' }, graceEnds)).toEqual({ checked: 1, failed: 1 });
  });
});

describe('sweeps: health checks and the mass-failure guard', () => {
  it('an unhealthy member is checked too, and a stale one fails the check', () => {
    const r = makeRegistry();
    join(r, 0, { workerId: 'a' });
    tickThrough(r, 0, 2 * MINUTE);
    expect(stateName(r, 'a')).toBe('unhealthy');
    expect(r.run({ kind: 'checkHealth' }, 2 * MINUTE + 1)).toEqual({ checked: 1, failed: 1 });
  });

  it('a member running exactly its capacity, and saying so, passes', () => {
    const r = makeRegistry();
    const a = join(r, 0, { maxConcurrentJobs: 1 });
    ok(r.run({ kind: 'submitJob', spec: { jobId: 'j', kind: 'k' } }, 0));
    expect(member(r, a.workerId).jobIds).toEqual(['j']);
    ok(beat(r, a, SECOND, { currentJobs: 1 }));
    expect(r.run({ kind: 'checkHealth' }, 2 * SECOND)).toEqual({ checked: 1, failed: 0 });
  });

  /** 10 members join at 0 with room for one job; the first 4 beat every 30 s up to 10 minutes: 6 are unhealthy, the guard holds. */
  function heldCluster() {
    const r = makeRegistry();
    const members: Session[] = Array.from({ length: 10 }, () => join(r, 0, { maxConcurrentJobs: 1 }));
    for (let t = SECOND; t <= 10 * MINUTE; t += SECOND) {
      if (t % (30 * SECOND) === 0) for (const s of members.slice(0, 4)) ok(beat(r, s, t));
      r.tick(t);
    }
    expect(r.guardHeld).toBe(true);
    return { r, members };
  }

  it('while the guard holds, unhealthy members are checked but not failed; an active member with a problem still is', () => {
    const { r, members } = heldCluster();
    ok(beat(r, members[0]!, 10 * MINUTE + 1, { currentJobs: 5 }));
    expect(r.run({ kind: 'checkHealth' }, 10 * MINUTE + 2)).toEqual({ checked: 10, failed: 1 });
  });

  it('a check judges the guard as it stands: members that joined since have let it go', () => {
    const { r } = heldCluster();
    join(r, 10 * MINUTE + 1);
    join(r, 10 * MINUTE + 1);
    expect(r.run({ kind: 'checkHealth' }, 10 * MINUTE + 2)).toEqual({ checked: 12, failed: 6 });
    expect(r.guardHeld).toBe(false);
  });
});

describe('sweeps: the guard as a tick finds it', () => {
  it('an operator deregistering a live member can tip the cluster over the fraction: the next tick holds the failures it would have judged', () => {
    const r = makeRegistry();
    const members: Session[] = Array.from({ length: 11 }, () => join(r, 0));
    for (let t = SECOND; t < 5 * MINUTE; t += SECOND) {
      if (t % (30 * SECOND) === 0) for (const s of members.slice(0, 5)) ok(beat(r, s, t));
      r.tick(t);
    }
    expect(r.counts().unhealthy).toBe(6); // 6 of 11: under 55 %
    expect(r.guardHeld).toBe(false);
    ok(r.run({ kind: 'forceDeregister', workerId: members[0]!.workerId }, 5 * MINUTE - 500));
    r.tick(5 * MINUTE);
    expect(r.guardHeld).toBe(true);
    expect(r.counts()).toMatchObject({ unhealthy: 6, failed: 0 }); // 6 of 10
  });
});

describe('sweeps: what they leave alone', () => {
  it('a member failed by health checks is not judged again when its old deadline comes due: nothing is saved', () => {
    const r = makeRegistry();
    const a = join(r, 0, { workerId: 'a', maxConcurrentJobs: 1 });
    for (let i = 1; i <= 3; i++) {
      ok(beat(r, a, i * SECOND, { currentJobs: 4 }));
      r.run({ kind: 'checkHealth' }, i * SECOND + 1);
    }
    expect(stateName(r, 'a')).toBe('failed');
    r.takeEffects();
    tickThrough(r, 3 * SECOND, 10 * MINUTE);
    expect(r.takeEffects()).toEqual([]);
  });


  it('a passing check of a member with no failed checks to forget saves nothing', () => {
    const r = makeRegistry();
    const a = join(r, 0);
    ok(beat(r, a, SECOND));
    r.takeEffects();
    expect(r.run({ kind: 'checkHealth' }, 2 * SECOND)).toEqual({ checked: 1, failed: 0 });
    expect(r.takeEffects()).toEqual([]);
  });

  it('cleanup never removes a live member, however long it has been active', () => {
    const r = makeRegistry();
    const a = join(r, 0, { workerId: 'a' });
    ok(beat(r, a, WEEK + 1));
    expect(r.run({ kind: 'cleanup' }, WEEK + 2)).toEqual({ cleaned: 0, removed: 0 });
    expect(stateName(r, 'a')).toBe('active.idle');
  });

  it('after a successful dial-in the monitor waits reconnectInterval before dialling the member again', () => {
    const r = makeRegistry();
    ok(r.run({ kind: 'preRegister', request: { name: 'p', address: 'h:1', workerId: 'p' } }, 0));
    r.run({ kind: 'dialed', memberId: 'p', ok: true }, MINUTE);
    expect(r.dialTargets(MINUTE + 30 * SECOND - 1)).toEqual([]);
    expect(r.dialTargets(MINUTE + 30 * SECOND).map((m) => m.id)).toEqual(['p']);
  });
});
