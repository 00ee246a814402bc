// The member machine (docs/behaviour.md §1), one test per transition, with the pure transition functions:
// every step returns the next snapshot and the named actions the registry must run.
import { beforeEach, describe, expect, it } from 'vitest';
import { initialTransition, transition, type StateValue } from 'xstate';
import {
  createMemberMachine,
  initialMemberContext,
  type MemberContext,
  type MemberEvent,
} from '../../machines/member.machine.ts';

const limits = { consecutiveFailuresToFail: 3, flapLimit: 3, flapWindowMs: 600_000, flapCooldownMs: 300_000 };
// Built afresh for each test, so a mutation tool that maps code to the tests reaching it sees
// every test of this file reach the machine's definition.
let machine = createMemberMachine(limits);
beforeEach(() => {
  machine = createMemberMachine(limits);
});
type Snap = ReturnType<typeof machine.resolveState>;

const named = (actions: { type: string }[]) =>
  actions.map((a) => a.type).filter((t) => ['requeueJobs', 'revokeSession', 'clearAssignments', 'recovered'].includes(t));

function start(ctx: Partial<MemberContext> = {}): Snap {
  const [snapshot] = initialTransition(machine, { ...initialMemberContext(0, 2), ...ctx });
  return snapshot;
}

function at(value: StateValue, ctx: Partial<MemberContext> = {}): Snap {
  return machine.resolveState({ value, context: { ...initialMemberContext(0, 2), ...ctx } });
}

function send(snapshot: Snap, event: MemberEvent): [Snap, string[]] {
  const [next, actions] = transition(machine, snapshot, event);
  return [next, named(actions)];
}

const registered = (at: number, epoch = 1, maxConcurrentJobs = 2, currentJobs = 0): MemberEvent => ({
  type: 'member.registered', at, epoch, maxConcurrentJobs, currentJobs,
});

describe('member: initial state', () => {
  it('starts in registered with the context it was given, and no effects', () => {
    const [snapshot, actions] = initialTransition(machine, initialMemberContext(5, 4));
    expect(snapshot.value).toBe('registered');
    expect(snapshot.context).toEqual({
      epoch: 0, maxConcurrentJobs: 4, currentJobs: 0, checkFailures: 0, recoveries: [], holdUntil: 0, since: 5, leftGracefully: false, draining: false,
    });
    expect(named(actions)).toEqual([]);
  });
});

describe('member: registered', () => {
  it('member.registered → active.idle with the new session, since = at', () => {
    const [next, actions] = send(start(), registered(100, 1, 3));
    expect(next.value).toEqual({ active: 'idle' });
    expect(next.context).toMatchObject({ epoch: 1, maxConcurrentJobs: 3, currentJobs: 0, since: 100 });
    expect(actions).toEqual([]);
  });

  it('member.registered at capacity → active.busy', () => {
    const [next] = send(start(), registered(100, 1, 2, 2));
    expect(next.value).toEqual({ active: 'busy' });
  });

  it('member.deregistered → inactive, gracefully, revoking the session and clearing assignments', () => {
    const [next, actions] = send(start(), { type: 'member.deregistered', at: 50 });
    expect(next.value).toBe('inactive');
    expect(next.context).toMatchObject({ leftGracefully: true, since: 50 });
    expect(actions).toEqual(['revokeSession', 'clearAssignments']);
  });

  it.each<MemberEvent>([
    { type: 'heartbeat.received', at: 9, currentJobs: 0 },
    { type: 'heartbeat.overdue', at: 9 },
    { type: 'unhealthy.expired', at: 9 },
    { type: 'check.failed', at: 9 },
    { type: 'cleanup.due', at: 9 },
    { type: 'drain.requested', at: 9 },
  ])('ignores $type', (event) => {
    const [next, actions] = send(start(), event);
    expect(next.value).toBe('registered');
    expect(next.context).toEqual(start().context);
    expect(actions).toEqual([]);
  });
});

describe('member: active', () => {
  const idle = () => at({ active: 'idle' }, { epoch: 1, since: 10 });

  it('jobs.changed to capacity → busy; below capacity → idle', () => {
    const [busy] = send(idle(), { type: 'jobs.changed', at: 20, currentJobs: 2 });
    expect(busy.value).toEqual({ active: 'busy' });
    expect(busy.context.currentJobs).toBe(2);
    const [back] = send(busy, { type: 'jobs.changed', at: 30, currentJobs: 1 });
    expect(back.value).toEqual({ active: 'idle' });
  });

  it('heartbeat.received takes the job count and resets check failures', () => {
    const [next, actions] = send(at({ active: 'idle' }, { checkFailures: 2 }), { type: 'heartbeat.received', at: 20, currentJobs: 2 });
    expect(next.value).toEqual({ active: 'busy' });
    expect(next.context).toMatchObject({ currentJobs: 2, checkFailures: 0 });
    expect(actions).toEqual([]);
  });

  it.each([{ active: 'idle' }, { active: 'busy' }])('drain.requested in %o → draining', (value) => {
    const [next] = send(at(value, { currentJobs: value.active === 'busy' ? 2 : 0 }), { type: 'drain.requested', at: 20 });
    expect(next.value).toEqual({ active: 'draining' });
    expect(next.context.draining).toBe(true);
  });

  it('draining stays draining whatever the job count', () => {
    const [full] = send(at({ active: 'draining' }), { type: 'jobs.changed', at: 20, currentJobs: 2 });
    expect(full.value).toEqual({ active: 'draining' });
    const [empty] = send(full, { type: 'jobs.changed', at: 21, currentJobs: 0 });
    expect(empty.value).toEqual({ active: 'draining' });
  });

  it.each([{ active: 'idle' }, { active: 'busy' }, { active: 'draining' }])('heartbeat.overdue in %o → unhealthy, since = at', (value) => {
    const [next, actions] = send(at(value, { checkFailures: 1 }), { type: 'heartbeat.overdue', at: 120_000 });
    expect(next.value).toBe('unhealthy');
    expect(next.context).toMatchObject({ since: 120_000, checkFailures: 0 });
    expect(actions).toEqual([]);
  });

  it('check.failed counts up to consecutiveFailuresToFail, then → failed (revoke, requeue)', () => {
    let [s, actions] = send(idle(), { type: 'check.failed', at: 1 });
    expect([s.value, s.context.checkFailures, actions]).toEqual([{ active: 'idle' }, 1, []]);
    [s] = send(s, { type: 'check.failed', at: 2 });
    expect([s.value, s.context.checkFailures]).toEqual([{ active: 'idle' }, 2]);
    [s, actions] = send(s, { type: 'check.failed', at: 3 });
    expect(s.value).toBe('failed');
    expect(s.context).toMatchObject({ since: 3, checkFailures: 0 });
    expect(actions).toEqual(['revokeSession', 'requeueJobs']);
  });

  it('check.passed resets the count, so failures must be consecutive', () => {
    let [s] = send(idle(), { type: 'check.failed', at: 1 });
    [s] = send(s, { type: 'check.failed', at: 2 });
    [s] = send(s, { type: 'check.passed', at: 3 });
    expect(s.context.checkFailures).toBe(0);
    [s] = send(s, { type: 'check.failed', at: 4 });
    [s] = send(s, { type: 'check.failed', at: 5 });
    expect(s.value).toEqual({ active: 'idle' });
  });

  it('member.deregistered → inactive gracefully, revoking the session', () => {
    const [next, actions] = send(at({ active: 'busy' }, { currentJobs: 2 }), { type: 'member.deregistered', at: 7 });
    expect(next.value).toBe('inactive');
    expect(next.context.leftGracefully).toBe(true);
    expect(actions).toEqual(['revokeSession', 'clearAssignments']);
  });

  it('member.registered again re-enters active.idle with the new epoch, no longer draining', () => {
    const [next] = send(at({ active: 'draining' }, { epoch: 4, draining: true }), registered(99, 5));
    expect(next.value).toEqual({ active: 'idle' });
    expect(next.context).toMatchObject({ epoch: 5, since: 99, draining: false });
  });

  it.each<MemberEvent>([{ type: 'unhealthy.expired', at: 9 }, { type: 'cleanup.due', at: 9 }])('ignores $type', (event) => {
    const [next, actions] = send(idle(), event);
    expect(next.value).toEqual({ active: 'idle' });
    expect(actions).toEqual([]);
  });
});

describe('member: unhealthy', () => {
  const sick = (ctx: Partial<MemberContext> = {}) => at('unhealthy', { epoch: 1, since: 120_000, ...ctx });

  it('heartbeat.received → active (recovered), since = at, job count taken', () => {
    const [next, actions] = send(sick(), { type: 'heartbeat.received', at: 130_000, currentJobs: 1 });
    expect(next.value).toEqual({ active: 'idle' });
    expect(next.context).toMatchObject({ since: 130_000, currentJobs: 1, recoveries: [130_000], holdUntil: 0 });
    expect(actions).toEqual(['recovered']);
  });

  it('a draining member that recovers is still draining', () => {
    const [next, actions] = send(sick({ draining: true }), { type: 'heartbeat.received', at: 130_000, currentJobs: 2 });
    expect(next.value).toEqual({ active: 'draining' });
    expect(actions).toEqual(['recovered']);
  });

  it('unhealthy.expired → failed (revoke, requeue)', () => {
    const [next, actions] = send(sick(), { type: 'unhealthy.expired', at: 300_000 });
    expect(next.value).toBe('failed');
    expect(next.context.since).toBe(300_000);
    expect(actions).toEqual(['revokeSession', 'requeueJobs']);
  });

  it('check.failed → failed on the last allowed failure, counts before', () => {
    const [counted] = send(sick(), { type: 'check.failed', at: 1 });
    expect([counted.value, counted.context.checkFailures]).toEqual(['unhealthy', 1]);
    const [failed, actions] = send(sick({ checkFailures: 2 }), { type: 'check.failed', at: 2 });
    expect(failed.value).toBe('failed');
    expect(actions).toEqual(['revokeSession', 'requeueJobs']);
  });

  it('member.deregistered → inactive gracefully, revoking the session', () => {
    const [next] = send(sick(), { type: 'member.deregistered', at: 5 });
    expect(next.value).toBe('inactive');
    expect(next.context.leftGracefully).toBe(true);
  });

  it('member.registered → active with a new epoch', () => {
    const [next, actions] = send(sick(), registered(200_000, 2));
    expect(next.value).toEqual({ active: 'idle' });
    expect(next.context.epoch).toBe(2);
    expect(actions).toEqual([]);
  });

  it('flap damping: more than flapLimit recoveries within flapWindow → holdUntil = at + flapCooldown', () => {
    const [third] = send(sick({ recoveries: [1_000, 2_000] }), { type: 'heartbeat.received', at: 3_000, currentJobs: 0 });
    expect(third.context.holdUntil).toBe(0);
    const [fourth] = send(sick({ recoveries: [1_000, 2_000, 3_000] }), { type: 'heartbeat.received', at: 4_000, currentJobs: 0 });
    expect(fourth.context.recoveries).toEqual([1_000, 2_000, 3_000, 4_000]);
    expect(fourth.context.holdUntil).toBe(4_000 + limits.flapCooldownMs);
  });

  it('flap damping forgets recoveries older than flapWindow', () => {
    const [next] = send(sick({ recoveries: [1_000, 2_000, 3_000] }), { type: 'heartbeat.received', at: 601_500, currentJobs: 0 });
    expect(next.context.recoveries).toEqual([2_000, 3_000, 601_500]);
    expect(next.context.holdUntil).toBe(0);
  });

  it('flap damping forgets a recovery exactly flapWindow old: the window is the flapWindow before this one', () => {
    const at = 1_000 + limits.flapWindowMs;
    const [next] = send(sick({ recoveries: [1_000, 2_000, 3_000] }), { type: 'heartbeat.received', at, currentJobs: 0 });
    expect(next.context.recoveries).toEqual([2_000, 3_000, at]);
    expect(next.context.holdUntil).toBe(0);
  });

  it.each<MemberEvent>([
    { type: 'heartbeat.overdue', at: 9 },
    { type: 'cleanup.due', at: 9 },
    { type: 'jobs.changed', at: 9, currentJobs: 1 },
  ])('ignores $type', (event) => {
    const [next, actions] = send(sick(), event);
    expect(next.value).toBe('unhealthy');
    expect(actions).toEqual([]);
  });
});

describe('member: failed', () => {
  const dead = () => at('failed', { epoch: 3, since: 300_000 });

  it('cleanup.due → inactive, not gracefully, revoking the session and clearing assignments', () => {
    const [next, actions] = send(dead(), { type: 'cleanup.due', at: 1_200_000 });
    expect(next.value).toBe('inactive');
    expect(next.context).toMatchObject({ leftGracefully: false, since: 1_200_000, epoch: 3 });
    expect(actions).toEqual(['revokeSession', 'clearAssignments']);
  });

  it('member.registered → active with epoch + whatever the registry passes', () => {
    const [next] = send(dead(), registered(400_000, 4));
    expect(next.value).toEqual({ active: 'idle' });
    expect(next.context).toMatchObject({ epoch: 4, since: 400_000 });
  });

  it.each<MemberEvent>([
    { type: 'heartbeat.received', at: 9, currentJobs: 0 },
    { type: 'heartbeat.overdue', at: 9 },
    { type: 'unhealthy.expired', at: 9 },
    { type: 'check.failed', at: 9 },
    { type: 'member.deregistered', at: 9 },
    { type: 'drain.requested', at: 9 },
  ])('ignores $type', (event) => {
    const [next, actions] = send(dead(), event);
    expect(next.value).toBe('failed');
    expect(next.context.since).toBe(300_000);
    expect(actions).toEqual([]);
  });
});

describe('member: inactive', () => {
  it('member.registered → active: the same worker comes back with its ID', () => {
    const [next] = send(at('inactive', { epoch: 2, leftGracefully: true }), registered(9, 3));
    expect(next.value).toEqual({ active: 'idle' });
    expect(next.context.epoch).toBe(3);
  });

  it.each<MemberEvent>([
    { type: 'member.deregistered', at: 9 },
    { type: 'heartbeat.received', at: 9, currentJobs: 0 },
    { type: 'cleanup.due', at: 9 },
    { type: 'check.failed', at: 9 },
  ])('ignores $type (no second clearAssignments)', (event) => {
    const [next, actions] = send(at('inactive', { since: 5, leftGracefully: false }), event);
    expect(next.value).toBe('inactive');
    expect(next.context).toMatchObject({ since: 5, leftGracefully: false });
    expect(actions).toEqual([]);
  });
});
