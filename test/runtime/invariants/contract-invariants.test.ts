// Each invariant of issue #21 passes a good log and flags the violation of the rule it guards
// (docs/behaviour.md §1–§3), naming the member or job and the moment.
import { describe, expect, it } from 'vitest';
import { deregistrationRules } from '../../../runtime/invariants/deregistration-rules.invariant.ts';
import { forgottenWorkerReturns } from '../../../runtime/invariants/forgotten-worker-returns.invariant.ts';
import type { Bounds } from '../../../runtime/invariants/invariant.ts';
import { jobsCleared } from '../../../runtime/invariants/jobs-cleared.invariant.ts';
import { jobsFollowSession } from '../../../runtime/invariants/jobs-follow-session.invariant.ts';
import { lockoutEnds } from '../../../runtime/invariants/lockout-ends.invariant.ts';
import { restartGrace } from '../../../runtime/invariants/restart-grace.invariant.ts';
import { resultFromOwnSession } from '../../../runtime/invariants/result-from-own-session.invariant.ts';
import { retriesJittered } from '../../../runtime/invariants/retries-jittered.invariant.ts';
import type { LogEntry } from '../../../runtime/events/log-entry.ts';

const BOUNDS: Bounds = {
  activeWithinMs: 10_000,
  unhealthyAfterMs: 120_000,
  failedAfterMs: 180_000,
  healthCheckIntervalMs: 120_000,
  restartGraceMs: 300_000,
  dialTimeoutMs: 3000,
  reconnectIntervalMs: 30_000,
  heartbeatIntervalMs: 30_000,
  lockout: { perId: 3, perSource: 20, ms: 60_000 },
  slackMs: 1000,
  endMs: 1_000_000,
};
const at = (t: number, type: string, fields: Record<string, unknown> = {}) => ({ t, type, ...fields }) as LogEntry;
const member = (t: number, to: string, epoch = 1, from = 'active.idle') => at(t, 'member', { id: 'w1', from, to, epoch, reason: 'r' });
const job = (t: number, state: string, fields: Record<string, unknown> = {}) => at(t, 'job', { id: 'job-1', state, member: null, epoch: 1, attempt: 1, ...fields });
const assigned = (t: number, epoch = 1) => job(t, 'assigned', { member: 'w1', epoch });
const requeued = (t: number) => job(t, 'queued', { epoch: 0 });

describe('jobs-follow-their-session', () => {
  it('passes a new session whose old jobs were requeued in the same instant', () => {
    expect(jobsFollowSession.check([member(0, 'active.idle', 1, 'registered'), assigned(1), requeued(5), member(5, 'active.idle', 2), assigned(9, 2)], BOUNDS)).toBeNull();
  });
  it('flags a job left assigned to the previous session', () => {
    const found = jobsFollowSession.check([member(0, 'active.idle', 1, 'registered'), assigned(1), member(5, 'active.idle', 2), at(6, 'sim.ended')], BOUNDS);
    expect(found?.message).toBe('job job-1 stayed assigned to w1 at epoch 1 after it opened session 2 at 5 ms');
  });
});

describe('result-from-its-own-session', () => {
  it('passes a result from the session the job is assigned to', () => {
    expect(resultFromOwnSession.check([assigned(1), job(9, 'succeeded', { by: 'w1', byEpoch: 1 })], BOUNDS)).toBeNull();
  });
  it('flags a result from an older session, or for a job not assigned', () => {
    expect(resultFromOwnSession.check([assigned(1, 2), job(9, 'succeeded', { by: 'w1', byEpoch: 1 })], BOUNDS)?.message).toBe('job job-1 assigned to w1 at epoch 2 took a result from w1 at epoch 1');
    expect(resultFromOwnSession.check([assigned(1), requeued(5), job(9, 'failed', { by: 'w1', byEpoch: 1 })], BOUNDS)?.message).toBe('job job-1 took a result from w1 at epoch 1 while it was not assigned');
  });
});

describe('grace-after-restart', () => {
  it('passes judgments before a restart and after its grace', () => {
    expect(restartGrace.check([member(100, 'unhealthy'), at(200, 'registry.restarted'), member(300_200, 'unhealthy')], BOUNDS)).toBeNull();
  });
  it('flags a member judged within the grace', () => {
    const found = restartGrace.check([at(200, 'registry.restarted', { replica: 'r2' }), member(120_300, 'failed', 1, 'unhealthy')], BOUNDS);
    expect(found?.message).toBe('w1 was judged failed at 120300 ms (r), within the grace of the restart at 200 ms (until 300200 ms)');
  });
});

describe('lock-outs-end-on-time', () => {
  const refused = (t: number, code: string) => at(t, 'registration.refused', { id: 'w1', source: null, code });
  const three = [refused(0, 'permission_denied'), refused(1, 'permission_denied'), refused(2, 'permission_denied')];
  it('passes refusals within the lock-out the third failure started', () => {
    expect(lockoutEnds.check([...three, refused(3, 'rate_limited'), refused(60_001, 'rate_limited')], BOUNDS)).toBeNull();
  });
  it('flags a lock-out that outlives its time, or one without enough failures', () => {
    expect(lockoutEnds.check([...three, refused(60_002, 'rate_limited')], BOUNDS)?.message).toBe('a registration for w1 was refused as locked out at 60002 ms, but no lock-out held then');
    expect(lockoutEnds.check([three[0]!, three[1]!, refused(5, 'rate_limited')], BOUNDS)).not.toBeNull();
  });
  it('forgets the failures of an ID that registers again', () => {
    expect(lockoutEnds.check([three[0]!, three[1]!, member(3, 'active.idle', 2), refused(4, 'permission_denied'), refused(5, 'rate_limited')], BOUNDS)).not.toBeNull();
  });
});

describe('deregistration-honours-force', () => {
  const deregistering = (t: number, force: boolean, jobs: number) => at(t, 'member.deregistering', { id: 'w1', force, jobs });
  it('passes a refused graceful deregistration and a forced one that requeues', () => {
    expect(deregistrationRules.check([member(0, 'active.busy'), assigned(1), deregistering(5, false, 1), deregistering(9, true, 1), requeued(9), member(9, 'inactive', 1, 'active.busy'), at(10, 'sim.ended')], BOUNDS)).toBeNull();
  });
  it('flags a graceful deregistration accepted while jobs run, and a forced one that keeps them', () => {
    expect(deregistrationRules.check([member(0, 'active.busy'), assigned(1), deregistering(5, false, 1), requeued(5), member(5, 'inactive', 1, 'active.busy')], BOUNDS)?.message).toBe('w1 deregistered without force at 5 ms while it held 1 job(s): that must be refused');
    expect(deregistrationRules.check([member(0, 'active.busy'), assigned(1), deregistering(5, true, 1), member(5, 'inactive', 1, 'active.busy')], BOUNDS)?.message).toBe('w1 deregistered at 5 ms and still holds job job-1: a forced deregistration requeues its jobs');
  });
});

describe('forgotten-worker-registers-again', () => {
  const up = [at(0, 'worker', { node: 'n1', id: 'w1', from: 'registering', to: 'active' }), member(0, 'active.idle', 1, 'registered'), at(100, 'member.removed', { id: 'w1' })];
  it('passes a removed member whose worker registers again in time, or whose worker stopped', () => {
    expect(forgottenWorkerReturns.check([...up, member(30_000, 'active.idle', 1, 'none')], BOUNDS)).toBeNull();
    expect(forgottenWorkerReturns.check([...up, at(200, 'worker', { node: 'n1', id: 'w1', from: 'active', to: 'down' })], BOUNDS)).toBeNull();
    expect(forgottenWorkerReturns.check([...up, at(200, 'fault.partition', { nodes: ['n1'] })], BOUNDS)).toBeNull();
    // Its ID locked out: the registry forgot the secret that would pass the lock-out.
    expect(forgottenWorkerReturns.check([...up, at(300, 'registration.refused', { id: 'w1', source: null, code: 'rate_limited' })], BOUNDS)).toBeNull();
  });
  it('flags a worker that keeps running while its member stays gone', () => {
    expect(forgottenWorkerReturns.check(up, BOUNDS)?.message).toBe('w1 was removed at 100 ms while its worker kept running, and was no member again by 41100 ms');
  });
});

describe('jobs-cleared-on-failure-and-leave', () => {
  it('passes a failed member whose jobs were requeued, and one back in a new session at once', () => {
    expect(jobsCleared.check([assigned(1), requeued(5), member(5, 'failed', 1, 'unhealthy'), at(6, 'sim.ended')], BOUNDS)).toBeNull();
    expect(jobsCleared.check([requeued(5), member(5, 'failed', 1, 'unhealthy'), member(5, 'active.idle', 2, 'failed'), assigned(5, 2)], BOUNDS)).toBeNull();
  });
  it('flags a failed or inactive member that keeps a job', () => {
    expect(jobsCleared.check([assigned(1), member(5, 'failed', 1, 'unhealthy'), at(6, 'sim.ended')], BOUNDS)?.message).toBe('w1 turned failed at 5 ms (r) and still holds job job-1');
    expect(jobsCleared.check([assigned(1), member(5, 'inactive', 1, 'failed')], BOUNDS)).not.toBeNull();
  });
});

describe('retries-spread-by-jitter', () => {
  const retry = (t: number, delayMs: number, capMs = 800) => at(t, 'worker.retry', { node: 'n1', attempt: 4, delayMs, capMs });
  it('passes jittered retries, too few to tell, and waits a registry named', () => {
    expect(retriesJittered.check([retry(0, 800), retry(1, 800), retry(2, 800), retry(3, 512)], BOUNDS)).toBeNull();
    expect(retriesJittered.check([retry(0, 800), retry(1, 800), retry(2, 800)], BOUNDS)).toBeNull();
    expect(retriesJittered.check([retry(0, 800), retry(1, 800), retry(2, 800), retry(3, 800), retry(4, 5000)], BOUNDS)).not.toBeNull();
  });
  it('flags a run whose every retry waited exactly its cap', () => {
    expect(retriesJittered.check([retry(0, 800), retry(1, 800), retry(2, 800), retry(3, 800)], BOUNDS)?.message).toBe('all 4 retries waited exactly their backoff cap: no jitter spreads them');
  });
});
