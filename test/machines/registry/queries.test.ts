// The read-only views the APIs serve (docs/behaviour.md §4): members by state, the healthy ones,
// one member's health, the cluster stats and jobs by state.
import { describe, expect, it } from 'vitest';
import { healthyMembers, listJobs, listMembers, memberHealth, stats } from '../../../machines/registry/queries.ts';
import type { CoreTurn } from '../../../runtime/registry/core-turn.ts';
import { join, makeRegistry, MINUTE, ok, type Session } from '../../support/registry-harness.ts';

/** Fails a member the way the health check does: three checks that find its heartbeat stale. */
function failByChecks(r: CoreTurn): void {
  for (const at of [2 * MINUTE + 1, 4 * MINUTE, 6 * MINUTE]) r.run({ kind: 'checkHealth' }, at);
}

const ids = (views: { id: string }[]) => views.map((v) => v.id);

describe('queries: members', () => {
  it('lists every member, or only those in the state asked for; healthy means active and not draining', () => {
    const r = makeRegistry();
    const a = join(r, 0);
    const b = join(r, 0);
    ok(r.run({ kind: 'preRegister', request: { name: 'p', address: 'h:1', workerId: 'p' } }, 0));
    ok(r.run({ kind: 'drain', workerId: b.workerId }, 0));
    expect(ids(listMembers(r))).toEqual([a.workerId, b.workerId, 'p']);
    expect(ids(listMembers(r, 'active'))).toEqual([a.workerId, b.workerId]);
    expect(ids(listMembers(r, 'registered'))).toEqual(['p']);
    expect(listMembers(r, 'failed')).toEqual([]);
    expect(ids(healthyMembers(r))).toEqual([a.workerId]);
    expect(listMembers(r)[1]).toMatchObject({ id: b.workerId, state: 'active', substate: 'draining', currentJobs: 0 });
  });

  it("one member's health: state, heartbeat age, schedulability; -1 for a member never heard from; unknown IDs give nothing", () => {
    const r = makeRegistry();
    const a = join(r, 1000);
    ok(r.run({ kind: 'preRegister', request: { name: 'p', address: 'h:1', workerId: 'p' } }, 0));
    expect(memberHealth(r, a.workerId, 4000)).toEqual({
      id: a.workerId, state: 'active', substate: 'idle', healthy: true, lastHeartbeatAt: 1000, heartbeatAgeMs: 3000,
      consecutiveFailedChecks: 0, reportProblem: null, schedulable: true,
    });
    expect(memberHealth(r, 'p', 4000)).toMatchObject({ state: 'registered', substate: null, healthy: false, heartbeatAgeMs: -1, schedulable: false });
    expect(memberHealth(r, 'nobody', 4000)).toBeUndefined();
  });
});

describe('queries: stats', () => {
  it('an empty cluster is 100 % healthy with no capacity', () => {
    expect(stats(makeRegistry())).toMatchObject({ total: 0, healthPercent: 100, capacity: { total: 0, used: 0, available: 0 } });
  });

  it('counts states and substates, capacity of the active members, and health as (total − failed) / total', () => {
    const r = makeRegistry();
    join(r, 0, { maxConcurrentJobs: 5 });
    failByChecks(r);
    const idle = join(r, 6 * MINUTE, { maxConcurrentJobs: 1 });
    const busy = join(r, 6 * MINUTE, { maxConcurrentJobs: 3 });
    ok(r.run({ kind: 'submitJob', spec: { jobId: 'j1', kind: 'k' } }, 6 * MINUTE)); // to busy: 1/3 beats idle's 1/1
    ok(r.run({ kind: 'drain', workerId: idle.workerId }, 6 * MINUTE));
    const s = stats(r, 7);
    expect(s).toEqual({
      total: 3,
      byState: { registered: 0, inactive: 0, active: 2, unhealthy: 0, failed: 1 },
      bySubstate: { idle: 1, busy: 0, draining: 1 },
      capacity: { total: 4, used: 1, available: 3 },
      healthPercent: 66.67,
      massFailureHeld: false,
      heartbeatsPerSecond: 7,
    });
    expect(listJobs(r)[0]?.memberId).toBe(busy.workerId);
  });
});

describe('queries: jobs', () => {
  it('lists every job in submission order, or only those in the state asked for; counts them by state', () => {
    const r = makeRegistry();
    const a: Session = join(r, 0, { maxConcurrentJobs: 1 });
    for (const jobId of ['j1', 'j2', 'j3']) ok(r.run({ kind: 'submitJob', spec: { jobId, kind: 'k' } }, 0));
    ok(r.run({ kind: 'reportTask', report: { workerId: a.workerId, epoch: a.epoch, sessionToken: a.sessionToken, jobId: 'j1', attempt: 1, ok: false } }, 1));
    expect(ids(listJobs(r))).toEqual(['j1', 'j2', 'j3']);
    expect(ids(listJobs(r, 'queued'))).toEqual(['j3']);
    expect(ids(listJobs(r, 'assigned'))).toEqual(['j2']);
    expect(ids(listJobs(r, 'failed'))).toEqual(['j1']);
    expect(listJobs(r, 'succeeded')).toEqual([]);
    expect(r.jobCounts()).toEqual({ queued: 1, assigned: 1, succeeded: 0, failed: 1 });
  });
});
