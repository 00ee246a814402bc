// The worker-timing invariants pass a good log and flag the violation of the rule they guard
// (docs/behaviour.md §1 Heartbeats, §2, §3), naming the worker or job and the moment.
import { describe, expect, it } from 'vitest';
import type { LogEntry } from '../../../runtime/events/log-entry.ts';
import { breakerRecloses } from '../../../runtime/invariants/breaker-recloses.invariant.ts';
import { dispatchPatience } from '../../../runtime/invariants/dispatch-patience.invariant.ts';
import { firstBeatStaggered } from '../../../runtime/invariants/first-beat-staggered.invariant.ts';
import type { Bounds } from '../../../runtime/invariants/invariant.ts';

const BOUNDS = {} as Bounds;
const at = (t: number, type: string, fields: Record<string, unknown> = {}) => ({ t, type, ...fields }) as LogEntry;

describe('first-beat-staggered', () => {
  const beat = (t: number, delayMs: number, epoch = 1) => at(t, 'worker.first-beat', { node: 'n1', id: 'w1', epoch, delayMs, intervalMs: 30_000 });
  it('passes delays spread within the interval, and too few to tell', () => {
    expect(firstBeatStaggered.check([beat(0, 12_345), beat(1, 0), beat(2, 29_999), beat(3, 7)], BOUNDS)).toBeNull();
    expect(firstBeatStaggered.check([beat(0, 500), beat(1, 500), beat(2, 500)], BOUNDS)).toBeNull();
    expect(firstBeatStaggered.check([], BOUNDS)).toBeNull();
  });
  it('flags a first beat a whole interval (or more) away', () => {
    expect(firstBeatStaggered.check([beat(0, 4000), beat(5, 30_000, 2)], BOUNDS)?.message).toBe('w1 waits 30000 ms for its first heartbeat of epoch 2: not within its 30000 ms interval');
  });
  it('flags a run whose every registration drew the same delay', () => {
    const found = firstBeatStaggered.check([beat(0, 0), beat(1, 0), beat(2, 0), beat(3, 0), beat(4, 0)], BOUNDS);
    expect(found?.message).toBe('all 5 registrations waited 0 ms for their first heartbeat: nothing staggers them');
    expect(found?.entry?.t).toBe(3);
  });
});

describe('lost-dispatch-patience', () => {
  const bounds = { heartbeatIntervalMs: 30_000, slackMs: 1000 } as Bounds;
  const assigned = (t: number, epoch = 1) => at(t, 'job', { id: 'job-1', state: 'assigned', member: 'w1', epoch, attempt: 1 });
  const queued = (t: number) => at(t, 'job', { id: 'job-1', state: 'queued', member: null, epoch: 1, attempt: 1 });
  const member = (t: number, to: string, epoch = 1) => at(t, 'member', { id: 'w1', from: 'active.idle', to, epoch, reason: 'r' });
  it('passes a dispatch judged lost after two intervals, and requeues its session ending explains', () => {
    expect(dispatchPatience.check([assigned(1000), queued(62_000)], bounds)).toBeNull();
    expect(dispatchPatience.check([assigned(1000), member(5000, 'failed'), queued(5000)], bounds)).toBeNull();
    expect(dispatchPatience.check([assigned(1000), queued(5000), member(5000, 'active.idle', 2)], bounds)).toBeNull();
    expect(dispatchPatience.check([assigned(1000), queued(5000), at(5000, 'member.removed', { id: 'w1' })], bounds)).toBeNull();
    expect(dispatchPatience.check([assigned(1000), at(5000, 'registry.restarted', { members: 1, jobs: 1 }), queued(5000)], bounds)).toBeNull();
  });
  it('flags a job taken back from a live session sooner than two intervals', () => {
    const log = [assigned(1000), member(1500, 'active.busy'), queued(1500), member(1500, 'active.idle')];
    expect(dispatchPatience.check(log, bounds)?.message).toBe('job job-1 was taken back from w1 (epoch 1) as a lost dispatch 500 ms after it was assigned, sooner than two heartbeat intervals (60000 ms)');
    expect(dispatchPatience.check([assigned(1000), at(1500, 'member.removed', { id: 'w2' }), queued(1500)], bounds)).not.toBeNull();
  });
});

describe('half-open-breaker-settles', () => {
  const bounds = { heartbeatIntervalMs: 30_000, breakerSuccessThreshold: 3, slackMs: 1000, endMs: 1_000_000 } as Bounds;
  const breaker = (t: number, from: string, to: string) => at(t, 'breaker', { node: 'n1', id: 'w1', from, to });
  const worker = (t: number, from: string, to: string) => at(t, 'worker', { node: 'n1', id: 'w1', from, to });
  const opened = [worker(0, 'starting', 'registering'), worker(1000, 'registering', 'active'), worker(5000, 'active', 'reconnecting'), breaker(8000, 'closed', 'open'), breaker(38_000, 'open', 'halfOpen'), worker(39_000, 'reconnecting', 'registering'), worker(40_000, 'registering', 'active')];
  it('passes a half-open breaker that closes or opens again in time, and one whose worker is paused or gone', () => {
    expect(breakerRecloses.check([...opened, breaker(100_000, 'halfOpen', 'closed'), at(900_000, 'sim.ended')], bounds)).toBeNull();
    expect(breakerRecloses.check([...opened, breaker(60_000, 'halfOpen', 'open'), worker(61_000, 'active', 'reconnecting')], bounds)).toBeNull();
    expect(breakerRecloses.check([...opened, at(50_000, 'fault.pause', { nodes: ['n1'] }), at(500_000, 'fault.resume', { nodes: ['n1'] }), breaker(560_000, 'halfOpen', 'closed')], bounds)).toBeNull();
    expect(breakerRecloses.check([...opened, worker(60_000, 'active', 'down'), worker(61_000, 'down', 'starting'), worker(62_000, 'starting', 'active')], bounds)).toBeNull();
  });
  it('flags a breaker that stays half-open while its worker is active past the successes that close it', () => {
    const found = breakerRecloses.check([...opened, at(200_000, 'member', { id: 'w1' })], bounds);
    expect(found?.message).toBe("n1's breaker stayed half-open from 40000 ms to 200000 ms while its worker was active and beating: it neither closed after 3 successes nor opened again within 121000 ms");
    expect(found?.entry?.t).toBe(38_000);
    expect(breakerRecloses.check(opened, bounds)?.message).toContain('to 1000000 ms');
  });
});
