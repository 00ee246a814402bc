// The worker-timing invariants pass a good log and flag the violation of the rule they guard
// (docs/behaviour.md §1 Heartbeats, §3), naming the worker or job and the moment.
import { describe, expect, it } from 'vitest';
import type { LogEntry } from '../../../runtime/events/log-entry.ts';
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
