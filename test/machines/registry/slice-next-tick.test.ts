// A mass event is judged a slice per tick, and the members past the slice are judged at the very
// next tick, whenever within its second the tick runs (docs/behaviour.md §1: no member is judged
// late because the registry's clock is off the wheel's bucket boundaries).
import { describe, expect, it } from 'vitest';
import { JUDGED_PER_TICK } from '../../../machines/registry/sweeps.ts';
import { memberRecord as storedMember } from '../../support/store-records.ts';
import { makeRegistry, MINUTE, SECOND } from '../../support/registry-harness.ts';

describe('the members past a tick slice', () => {
  it('are judged at the next tick when ticks run off the bucket boundaries', () => {
    const n = JUDGED_PER_TICK + 10;
    const stale = Array.from({ length: n }, (_, i) => ({ ...storedMember(`m${i}`), lastHeartbeatAt: 0 }));
    const restartedAt = 10 * MINUTE;
    const r = makeRegistry({ restartGraceMs: 10 * SECOND, massFailureMinMembers: 10 * n }, restartedAt, { members: stale, jobs: [] });
    const unhealthy = () => r.counts().unhealthy;
    // One tick a second (deadlineResolution 1s), each 700 ms into its second.
    r.tick(restartedAt + 10 * SECOND + 700);
    expect(unhealthy()).toBe(JUDGED_PER_TICK);
    r.tick(restartedAt + 11 * SECOND + 700);
    expect(unhealthy()).toBe(n);
  });
});
