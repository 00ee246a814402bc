// A member's recovery places the waiting jobs on every member with room, least loaded first
// (docs/behaviour.md §3), not only on the member that recovered: here another member's flap
// cooldown ran out while the jobs waited, and no call has offered it jobs since.
import { describe, expect, it } from 'vitest';
import { beat, join, makeRegistry, MINUTE, ok, stateName, tickThrough } from '../../support/registry-harness.ts';

describe('a recovery', () => {
  it('spreads the waiting jobs over every member with room', () => {
    const r = makeRegistry({ flapLimit: 1, flapCooldownMs: 3 * MINUTE });
    const a = join(r, 0);
    const b = join(r, 0);
    let now = 0;
    const until = (t: number) => {
      tickThrough(r, now, t);
      now = t;
    };
    // b flaps twice (held until 7m); a keeps beating until 3.5m, then goes silent.
    for (const t of [1, 2, 3, 3.5].map((m) => m * MINUTE)) {
      until(t);
      ok(beat(r, a, t));
      if (t === 2 * MINUTE) ok(beat(r, b, t));
    }
    until(4 * MINUTE);
    ok(beat(r, b, 4 * MINUTE));
    until(5.5 * MINUTE);
    ok(beat(r, b, 5.5 * MINUTE));
    expect([stateName(r, a.workerId), stateName(r, b.workerId)]).toEqual(['unhealthy', 'active.idle']);
    for (const jobId of ['j1', 'j2']) ok(r.run({ kind: 'submitJob', spec: { jobId, kind: 'k' } }, 5.5 * MINUTE + 1));
    expect(r.queuedJobs).toBe(2);
    until(7 * MINUTE + 1); // b's cooldown is over; its next heartbeat is not due yet
    ok(beat(r, a, 7 * MINUTE + 2));
    expect([r.job('j1')?.memberId, r.job('j2')?.memberId]).toEqual([a.workerId, b.workerId]);
  });
});
