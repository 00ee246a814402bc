// Each invariant of issue #21 passes a good log and flags the violation of the rule it guards
// (docs/behaviour.md §1–§3), naming the member or job and the moment.
import { describe, expect, it } from 'vitest';
import { deregistrationRules } from '../../../runtime/invariants/deregistration-rules.invariant.ts';
import { drainReachesWorker } from '../../../runtime/invariants/drain-reaches-worker.invariant.ts';
import { flapHold } from '../../../runtime/invariants/flap-hold.invariant.ts';
import { forgottenWorkerReturns } from '../../../runtime/invariants/forgotten-worker-returns.invariant.ts';
import type { Bounds } from '../../../runtime/invariants/invariant.ts';
import { guardOnMassFailure } from '../../../runtime/invariants/guard-on-mass-failure.invariant.ts';
import { jobsCleared } from '../../../runtime/invariants/jobs-cleared.invariant.ts';
import { jobsFollowSession } from '../../../runtime/invariants/jobs-follow-session.invariant.ts';
import { lockoutEnds } from '../../../runtime/invariants/lockout-ends.invariant.ts';
import { lockoutHolds } from '../../../runtime/invariants/lockout-holds.invariant.ts';
import { queuedJobsUnowned } from '../../../runtime/invariants/queued-jobs-unowned.invariant.ts';
import { restartGrace } from '../../../runtime/invariants/restart-grace.invariant.ts';
import { resultFromOwnSession } from '../../../runtime/invariants/result-from-own-session.invariant.ts';
import { retriesJittered } from '../../../runtime/invariants/retries-jittered.invariant.ts';
import { unhealthyRecovers } from '../../../runtime/invariants/unhealthy-recovers.invariant.ts';
import { sessionsNumbered } from '../../../runtime/invariants/sessions-numbered.invariant.ts';
import type { LogEntry } from '../../../runtime/events/log-entry.ts';

const BOUNDS: Bounds = {
  activeWithinMs: 10_000,
  unhealthyAfterMs: 120_000,
  failedAfterMs: 180_000,
  healthCheckIntervalMs: 120_000,
  restartGraceMs: 300_000,
  dialTimeoutMs: 3000,
  reconnectIntervalMs: 30_000,
  reconnectBackoffMaxMs: 600_000,
  heartbeatIntervalMs: 30_000,
  lockout: { perId: 3, perSource: 20, ms: 60_000 },
  massFailureFraction: 0.55,
  drainTimeoutMs: 30_000,
  flap: { limit: 3, windowMs: 600_000, cooldownMs: 300_000 },
  breakerSuccessThreshold: 3,
  consecutiveFailuresToFail: 3,
  cleanup: { afterMs: 300_000, intervalMs: 60_000 },
  maxMembers: 2,
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

describe('lock-outs-hold', () => {
  const refused = (t: number, code: string) => at(t, 'registration.refused', { id: 'w1', source: null, code });
  const three = [refused(0, 'permission_denied'), refused(1, 'permission_denied'), refused(2, 'permission_denied')];
  it('passes wrong secrets refused as locked out within the lock-out, and judged again after it or a new session', () => {
    expect(lockoutHolds.check([...three, refused(3, 'rate_limited'), refused(60_002, 'permission_denied')], BOUNDS)).toBeNull();
    expect(lockoutHolds.check([...three, member(3, 'active.idle', 2), refused(4, 'permission_denied')], BOUNDS)).toBeNull();
  });
  it('counts afresh on a registry that started again, and per replica', () => {
    expect(lockoutHolds.check([...three, at(3, 'registry.restarted'), refused(4, 'permission_denied')], BOUNDS)).toBeNull();
    expect(lockoutHolds.check([...three, { ...refused(4, 'permission_denied'), replica: 'r2' }], BOUNDS)).toBeNull();
  });
  it('flags a wrong secret judged again while its ID is locked out', () => {
    expect(lockoutHolds.check([...three, refused(3, 'permission_denied')], BOUNDS)?.message).toBe(
      'a registration for w1 was refused as permission_denied at 3 ms while its ID was locked out: it should have been refused as locked out',
    );
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
    expect(forgottenWorkerReturns.check(up, BOUNDS)?.message).toBe('w1 was removed at 100 ms while its worker kept running, and was not active again within 41000 ms of its worker hearing the registry again');
  });
  it('judges a member failed while cut off from the moment its link heals', () => {
    const cut = [at(0, 'worker', { node: 'n1', id: 'w1', from: 'registering', to: 'active' }), at(10, 'fault.partition', { nodes: ['n1'] }), member(300_000, 'failed', 1, 'unhealthy'), at(400_000, 'fault.heal', { nodes: ['n1'] })];
    expect(forgottenWorkerReturns.check([...cut, member(420_000, 'active.idle', 2, 'failed')], BOUNDS)).toBeNull();
    expect(forgottenWorkerReturns.check(cut, BOUNDS)?.message).toBe('w1 turned failed at 300000 ms while its worker kept running, and was not active again within 41000 ms of its worker hearing the registry again');
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
  it('flags a removed member that keeps a job, even when it registers again at once', () => {
    const removed = at(5, 'member.removed', { id: 'w1' });
    expect(jobsCleared.check([assigned(1), requeued(5), removed], BOUNDS)).toBeNull();
    expect(jobsCleared.check([assigned(1), removed, member(6, 'active.idle', 1, 'registered')], BOUNDS)?.message).toBe('w1 was removed at 5 ms and still holds job job-1');
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

describe('sessions-numbered-in-order', () => {
  const opened = (t: number, reason: string, epoch: number, from = 'registered') => at(t, 'member', { id: 'w1', from, to: 'active.idle', epoch, reason });
  it('passes a first registration, returns with higher epochs, and a removed ID starting again', () => {
    const log = [opened(0, 'registered', 1), opened(5, 're-registered', 2, 'failed'), opened(9, 're-registered', 4, 'unhealthy'), at(10, 'member.removed', { id: 'w1' }), opened(11, 'registered', 1)];
    expect(sessionsNumbered.check(log, BOUNDS)).toBeNull();
  });
  it('flags a return that keeps its epoch, and a first session logged as a return', () => {
    expect(sessionsNumbered.check([opened(0, 'registered', 1), opened(5, 're-registered', 1)], BOUNDS)?.message).toBe('w1 was re-registered at 5 ms with epoch 1, not above its session 1');
    expect(sessionsNumbered.check([opened(0, 're-registered', 1)], BOUNDS)?.message).toBe('w1 opened its first session at 0 ms logged as re-registered');
    expect(sessionsNumbered.check([opened(0, 'registered', 1), opened(5, 'registered', 2)], BOUNDS)?.message).toBe('w1 opened session 2 after session 1 at 5 ms logged as registered');
  });
});

describe('queued-jobs-belong-to-no-member', () => {
  it('passes a job queued, assigned and queued again without a member', () => {
    expect(queuedJobsUnowned.check([job(0, 'queued'), assigned(1), requeued(5)], BOUNDS)).toBeNull();
  });
  it('flags a requeued job that still names its member', () => {
    expect(queuedJobsUnowned.check([assigned(1), job(5, 'queued', { member: 'w1' })], BOUNDS)?.message).toBe('job job-1 was queued at 5 ms still naming w1 as its member');
  });
});

describe('operator-drain-reaches-worker', () => {
  const active = at(0, 'worker', { node: 'n1', id: 'w1', from: 'registering', to: 'active' });
  const drained = member(100, 'active.draining', 1, 'active.idle');
  drained.reason = 'drain requested';
  it('passes a worker that drains by its next heartbeat, or whose link is cut', () => {
    expect(drainReachesWorker.check([active, drained, at(20_000, 'worker', { node: 'n1', id: 'w1', from: 'active', to: 'draining' })], BOUNDS)).toBeNull();
    expect(drainReachesWorker.check([active, at(50, 'fault.partition', { nodes: ['n1'] }), drained], BOUNDS)).toBeNull();
  });
  it('flags a worker still active a heartbeat interval after the drain', () => {
    expect(drainReachesWorker.check([active, drained], BOUNDS)?.message).toBe('w1 was drained by an operator at 100 ms and its worker was still active at 31100 ms');
  });
});

describe('no-jobs-in-flap-cooldown', () => {
  const recovery = (t: number) => member(t, 'active.idle', 1, 'unhealthy');
  const four = [recovery(0), recovery(100_000), recovery(200_000), recovery(300_000)];
  it('passes jobs after the cooldown, and three recoveries with no cooldown at all', () => {
    expect(flapHold.check([...four, assigned(600_000)], BOUNDS)).toBeNull();
    expect(flapHold.check([...four.slice(1), assigned(310_000)], BOUNDS)).toBeNull();
  });
  it('flags a job given to a member in its flap cooldown', () => {
    expect(flapHold.check([...four, assigned(310_000)], BOUNDS)?.message).toBe('job job-1 was assigned to w1 at 310000 ms, within the flap cooldown that its recovery at 300000 ms started (until 600000 ms)');
  });
});

describe('guard-holds-only-on-mass-failure', () => {
  const guard = (t: number, held: boolean, unhealthyFraction: number) => at(t, 'guard', { held, unhealthyFraction });
  it('passes a guard that holds above the fraction and lets go at or below it', () => {
    expect(guardOnMassFailure.check([guard(0, true, 0.6), guard(9, false, 0.55)], BOUNDS)).toBeNull();
  });
  it('flags a guard held below the fraction, or let go above it', () => {
    expect(guardOnMassFailure.check([guard(0, true, 0.1)], BOUNDS)?.message).toBe('the guard began to hold at 0 ms with 0.1 of the members unhealthy, not more than 0.55');
    expect(guardOnMassFailure.check([guard(0, true, 0.6), guard(9, false, 0.6)], BOUNDS)).not.toBeNull();
  });
});

describe('unhealthy-member-recovers', () => {
  const up = [at(0, 'worker', { node: 'n1', id: 'w1', from: 'registering', to: 'active' }), at(10, 'fault.partition', { nodes: ['n1'] }), member(120_000, 'unhealthy'), at(150_000, 'fault.heal', { nodes: ['n1'] })];
  it('passes a member back to active soon after its link heals', () => {
    expect(unhealthyRecovers.check([...up, member(170_000, 'active.idle', 1, 'unhealthy')], BOUNDS)).toBeNull();
  });
  it('flags a member left unhealthy while its worker is heard again', () => {
    expect(unhealthyRecovers.check([...up, member(330_000, 'failed', 1, 'unhealthy')], BOUNDS)?.message).toBe(
      'w1 turned unhealthy at 120000 ms while its worker kept running, and was not active again within 41000 ms of its worker hearing the registry again',
    );
  });
});
