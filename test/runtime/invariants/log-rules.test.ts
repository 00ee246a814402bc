// The invariants over what the registry logs of capacity, health checks, cleanup and dials
// (docs/behaviour.md §1 Registration, Heartbeats, Health checks and cleanup, Deregistration,
// Reconnect monitor; §2 Retries; §3): each passes a good
// log and flags the violation of its rule, naming the member and the moment.
import { describe, expect, it } from 'vitest';
import type { LogEntry } from '../../../runtime/events/log-entry.ts';
import { checksInARow } from '../../../runtime/invariants/checks-in-a-row.invariant.ts';
import { cleanupOnTime } from '../../../runtime/invariants/cleanup-on-time.invariant.ts';
import { departedNotDialled } from '../../../runtime/invariants/departed-not-dialled.invariant.ts';
import { forgedCallsRefused } from '../../../runtime/invariants/forged-calls-refused.invariant.ts';
import { failedMembersDialled } from '../../../runtime/invariants/failed-members-dialled.invariant.ts';
import type { Bounds } from '../../../runtime/invariants/invariant.ts';
import { retryAfterHonoured } from '../../../runtime/invariants/retry-after-honoured.invariant.ts';
import { jobsWithinCapacity } from '../../../runtime/invariants/jobs-within-capacity.invariant.ts';
import { membersWithinLimit } from '../../../runtime/invariants/members-within-limit.invariant.ts';

const BOUNDS = {
  consecutiveFailuresToFail: 3,
  cleanup: { afterMs: 300_000, intervalMs: 60_000 },
  maxMembers: 2,
  reconnectIntervalMs: 30_000,
  reconnectBackoffMaxMs: 600_000,
  dialTimeoutMs: 3000,
  restartGraceMs: 300_000,
  slackMs: 1000,
  endMs: 1_000_000,
} as Bounds;
const at = (t: number, type: string, fields: Record<string, unknown> = {}) => ({ t, type, ...fields }) as LogEntry;
const member = (t: number, from: string, to: string, fields: Record<string, unknown> = {}) => at(t, 'member', { id: 'w1', from, to, epoch: 1, reason: 'r', ...fields });
const opened = (t: number, capacity: number, epoch = 1) => member(t, 'registered', 'active.idle', { epoch, reason: 'registered', capacity });
const assigned = (t: number, job: string, epoch = 1) => at(t, 'job', { id: job, state: 'assigned', member: 'w1', epoch, attempt: 1 });
const checkFailed = (t: number, epoch = 1) => at(t, 'check.failed', { id: 'w1', epoch, problem: 'heartbeat is stale' });
const failedByChecks = (t: number, from = 'unhealthy') => member(t, from, 'failed', { reason: 'health check failed: heartbeat is stale' });

describe('jobs-within-capacity', () => {
  it('passes a session filled to its capacity, and a new session that keeps its old jobs only within the instant', () => {
    expect(jobsWithinCapacity.check([opened(0, 2), assigned(1, 'j1'), assigned(1, 'j2')], BOUNDS)).toBeNull();
    const requeued = at(5, 'job', { id: 'j1', state: 'queued', member: null, epoch: 0, attempt: 1 });
    expect(jobsWithinCapacity.check([opened(0, 1), assigned(1, 'j1'), opened(5, 1, 2), assigned(5, 'j2', 2), requeued], BOUNDS)).toBeNull();
  });
  it('flags a session given one job more than its capacity', () => {
    const found = jobsWithinCapacity.check([opened(0, 2), assigned(1, 'j1'), assigned(1, 'j2'), assigned(1, 'j3')], BOUNDS);
    expect(found?.message).toBe('w1 held 3 jobs at 1 ms in session 1, whose capacity is 2');
  });
});

describe('failed-by-checks-in-a-row', () => {
  it('passes a member failed at its third failed check in a row', () => {
    const log = [member(0, 'active.idle', 'unhealthy'), checkFailed(10), checkFailed(20), checkFailed(30), failedByChecks(30)];
    expect(checksInARow.check(log, BOUNDS)).toBeNull();
  });
  it('flags a member failed at its second, counting again after a change of state or session', () => {
    const found = checksInARow.check([checkFailed(5), member(6, 'active.idle', 'unhealthy'), checkFailed(10), checkFailed(20), failedByChecks(20)], BOUNDS);
    expect(found?.message).toBe('w1 was failed by health checks at 20 ms after 2 failed check(s) in a row (the limit is 3)');
    const reopened = member(7, 'active.idle', 'active.idle', { epoch: 2, reason: 're-registered', capacity: 2 });
    const early = [checkFailed(5), checkFailed(6), reopened, checkFailed(10, 2), member(10, 'active.idle', 'failed', { epoch: 2, reason: 'health check failed: heartbeat is stale' })];
    expect(checksInARow.check(early, BOUNDS)?.message).toBe('w1 was failed by health checks at 10 ms after 1 failed check(s) in a row (the limit is 3)');
  });
});

describe('failed-member-cleaned-up', () => {
  it('passes a failed member made inactive within cleanupAfter and a sweep, and one whose wait spans a registry outage', () => {
    expect(cleanupOnTime.check([member(0, 'unhealthy', 'failed'), member(361_000, 'failed', 'inactive')], BOUNDS)).toBeNull();
    expect(cleanupOnTime.check([member(0, 'unhealthy', 'failed'), at(100_000, 'registry.crashed'), at(200_000, 'registry.restarted'), at(900_000, 'sim.ended')], BOUNDS)).toBeNull();
  });
  it('flags a member still failed after cleanupAfter and a sweep, at the end of the run too', () => {
    const found = cleanupOnTime.check([member(0, 'unhealthy', 'failed'), member(361_002, 'failed', 'inactive')], BOUNDS);
    expect(found?.message).toBe('w1 failed at 0 ms and was still failed at 361000 ms (cleanupAfter 300000 ms, every 60000 ms)');
    expect(cleanupOnTime.check([member(600_000, 'unhealthy', 'failed')], BOUNDS)?.entry?.t).toBe(600_000);
  });
});

const dial = (t: number) => at(t, 'reconnect.dial', { id: 'w1' });

describe('failed-members-dialled', () => {
  it('passes a failed member dialled within a round, then within its backoff, and one back before it was due', () => {
    expect(failedMembersDialled.check([member(0, 'unhealthy', 'failed'), dial(30_000), member(300_000, 'failed', 'inactive'), dial(600_000), at(900_000, 'sim.ended')], BOUNDS)).toBeNull();
    expect(failedMembersDialled.check([dial(0), member(10_000, 'unhealthy', 'failed'), dial(600_000), opened(610_000, 2, 2), at(900_000, 'sim.ended')], BOUNDS)).toBeNull();
  });
  it('flags a failed member not dialled when it was due, and excuses a registry outage', () => {
    const found = failedMembersDialled.check([member(0, 'unhealthy', 'failed'), at(40_000, 'sim.ended')], BOUNDS);
    expect(found?.message).toBe('w1 turned failed at 0 ms and was not dialled between 0 and 31000 ms');
    expect(failedMembersDialled.check([member(0, 'unhealthy', 'failed'), at(1, 'registry.crashed'), at(10_000, 'registry.restarted'), at(40_000, 'sim.ended')], { ...BOUNDS, endMs: 40_000 })).toBeNull();
  });
});

describe('departed-not-dialled', () => {
  it('passes dials of a member inactive through failure, and of one that came back', () => {
    expect(departedNotDialled.check([member(0, 'failed', 'inactive'), dial(10)], BOUNDS)).toBeNull();
    expect(departedNotDialled.check([member(0, 'active.idle', 'inactive'), opened(5, 2, 2), member(6, 'active.idle', 'failed'), dial(10)], BOUNDS)).toBeNull();
  });
  it('flags a dial of a member that deregistered', () => {
    const found = departedNotDialled.check([member(0, 'active.draining', 'inactive'), dial(30_000)], BOUNDS);
    expect(found?.message).toBe('w1 was dialled at 30000 ms though it deregistered at 0 ms');
  });
});

describe('members-within-limit', () => {
  const joined = (t: number, id: string) => at(t, 'member', { id, from: 'registered', to: 'active.idle', epoch: 1, reason: 'registered' });
  it('passes a cluster at its limit, and a member that joins after another was removed', () => {
    expect(membersWithinLimit.check([joined(0, 'w1'), joined(1, 'w2'), member(2, 'active.idle', 'active.busy'), at(3, 'member.removed', { id: 'w2' }), joined(4, 'w3')], BOUNDS)).toBeNull();
  });
  it('flags a member beyond maxMembers', () => {
    expect(membersWithinLimit.check([joined(0, 'w1'), joined(1, 'w2'), joined(2, 'w3')], BOUNDS)?.message).toBe('w3 joined at 2 ms as member 3, beyond maxMembers 2');
  });
});

describe('forged-calls-refused', () => {
  const forged = (call: string, code: string, jobs = 1, state = 'active') => at(5, 'forged.call', { id: 'w1', call, epoch: 1, state, jobs, code });
  it('passes forged calls refused with the codes the contract names, and a deregistration of a member without jobs', () => {
    const log = [forged('wrong-token', 'unauthenticated'), forged('old-session', 'failed_precondition'), forged('deregister-without-force', 'failed_precondition'), forged('deregister-without-force', 'ok', 0), forged('wrong-token', 'failed_precondition', 0, 'failed'), forged('other-attempt', 'failed_precondition')];
    expect(forgedCallsRefused.check(log, BOUNDS)).toBeNull();
  });
  it('flags a forged call accepted or answered with another code', () => {
    expect(forgedCallsRefused.check([forged('wrong-token', 'ok')], BOUNDS)?.message).toBe('a forged wrong-token call of w1 (epoch 1, active) at 5 ms was answered ok, not unauthenticated');
    expect(forgedCallsRefused.check([forged('old-session', 'superseded')], BOUNDS)?.message).toBe('a forged old-session call of w1 (epoch 1, active) at 5 ms was answered superseded, not failed_precondition');
    expect(forgedCallsRefused.check([forged('wrong-token', 'unauthenticated', 0, 'failed')], BOUNDS)?.message).toBe('a forged wrong-token call of w1 (epoch 1, failed) at 5 ms was answered unauthenticated, not failed_precondition');
    expect(forgedCallsRefused.check([forged('deregister-without-force', 'ok')], BOUNDS)).not.toBeNull();
    expect(forgedCallsRefused.check([forged('other-attempt', 'ok')], BOUNDS)?.message).toBe('a forged other-attempt call of w1 (epoch 1, active) at 5 ms was answered ok, not failed_precondition');
  });
});

describe('retry-after-honoured', () => {
  const retry = (delayMs: number, floor?: number) => at(9, 'worker.retry', { node: 'w1', id: 'w1', attempt: 1, delayMs, capMs: 200, ...(floor === undefined ? {} : { floorMs: floor }) });
  it('passes retries that wait out the retry-after, and retries without one', () => {
    expect(retryAfterHonoured.check([retry(120_000, 120_000), retry(150)], BOUNDS)).toBeNull();
  });
  it('flags a retry sooner than the retry-after', () => {
    expect(retryAfterHonoured.check([retry(94, 102_256)], BOUNDS)?.message).toBe('w1 retried after 94 ms at 9 ms, though the registry said to wait 102256 ms');
  });
});
