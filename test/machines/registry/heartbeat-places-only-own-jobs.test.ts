// A heartbeat is the fast path (docs/architecture.md, "The heartbeat fast path"): it offers the
// waiting jobs to its own member only, never runs a scheduling pass over the others (only a
// recovery does). A member whose flap cooldown ran out gets them at its own next heartbeat.
import { describe, expect, it } from 'vitest';
import { beat, join, makeRegistry, MINUTE, ok, tickThrough } from '../../support/registry-harness.ts';

describe('a heartbeat', () => {
  it('places no job on another member', () => {
    const r = makeRegistry({ flapLimit: 1, flapCooldownMs: 3 * MINUTE });
    const a = join(r, 0);
    const b = join(r, 0);
    let now = 0;
    const at = (t: number) => {
      tickThrough(r, now, t);
      now = t;
      return t;
    };
    // b flaps twice, held until 7m; a keeps beating.
    for (const m of [1, 2, 3, 4]) {
      ok(beat(r, a, at(m * MINUTE)));
      if (m % 2 === 0) ok(beat(r, b, m * MINUTE));
    }
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
