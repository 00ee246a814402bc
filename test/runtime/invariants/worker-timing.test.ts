// The worker-timing invariants pass a good log and flag the violation of the rule they guard
// (docs/behaviour.md §1 Heartbeats), naming the worker and the moment.
import { describe, expect, it } from 'vitest';
import type { LogEntry } from '../../../runtime/events/log-entry.ts';
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
