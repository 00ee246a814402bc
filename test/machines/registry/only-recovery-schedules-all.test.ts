// Only a recovery runs a scheduling pass over every member. A member's recovery places the
// waiting jobs on every member with room, least loaded first (docs/behaviour.md §3), not only on
// itself; any other heartbeat is the fast path (docs/architecture.md, "The heartbeat fast path")
// and offers them to its own member only. In both cases another member's flap cooldown ran out
// while the jobs waited, and no call has offered it jobs since.
import { describe, expect, it } from 'vitest';
import { beat, join, makeRegistry, MINUTE, ok, stateName, tickThrough } from '../../support/registry-harness.ts';

/** Two members, a and b; b flaps twice (held until 7m) while a beats each minute up to 4m. */
function bHeldUntil7m() {
  const r = makeRegistry({ flapLimit: 1, flapCooldownMs: 3 * MINUTE });
  const a = join(r, 0);
  const b = join(r, 0);
  let now = 0;
  const at = (t: number) => {
    tickThrough(r, now, t);
    now = t;
    return t;
  };
  for (const m of [1, 2, 3, 4]) {
    ok(beat(r, a, at(m * MINUTE)));
    if (m % 2 === 0) ok(beat(r, b, m * MINUTE));
  }
  return { r, a, b, at };
}

describe('scheduling at a heartbeat', () => {
  it('a recovery spreads the waiting jobs over every member with room', () => {
    const { r, a, b, at } = bHeldUntil7m();
    ok(beat(r, b, at(5.5 * MINUTE))); // a, silent since 4m, is unhealthy from 6m
    at(6 * MINUTE);
    expect([stateName(r, a.workerId), stateName(r, b.workerId)]).toEqual(['unhealthy', 'active.idle']);
    for (const jobId of ['j1', 'j2']) ok(r.run({ kind: 'submitJob', spec: { jobId, kind: 'k' } }, at(6 * MINUTE + 1)));
    expect(r.queuedJobs).toBe(2);
    ok(beat(r, a, at(7 * MINUTE + 1))); // b's cooldown is over; its next heartbeat is not due yet
    expect([r.job('j1')?.memberId, r.job('j2')?.memberId]).toEqual([a.workerId, b.workerId]);
  });

  it('any other heartbeat places no job on another member', () => {
    const { r, a, b, at } = bHeldUntil7m();
    for (const jobId of ['j1', 'j2', 'j3']) ok(r.run({ kind: 'submitJob', spec: { jobId, kind: 'k' } }, at(4 * MINUTE + 1)));
    expect(r.queuedJobs).toBe(1); // a is full, b held
    ok(beat(r, b, at(5.5 * MINUTE)));
    ok(beat(r, a, at(6 * MINUTE)));
    ok(beat(r, a, at(7 * MINUTE + 1))); // b's cooldown is over
    expect(r.job('j3')).toMatchObject({ state: 'queued', memberId: null });
    ok(beat(r, b, at(7 * MINUTE + 2)));
    expect(r.job('j3')).toMatchObject({ state: 'assigned', memberId: b.workerId });
  });
});
