// When a replica's current state began (its `since`, shown with the replica): leading from the
// moment the standby heartbeats were handed over, stopped from the moment it left.
import { describe, expect, it } from 'vitest';
import { replicaAfter, TO_LEADING } from '../../support/replica-path.ts';

describe('replica: since when it is in its state', () => {
  it('leads since the hand-over, not since the lease was taken', () => {
    const s = replicaAfter(TO_LEADING);
    expect(s.value).toBe('leading');
    expect(s.context.since).toBe(3);
  });

  it('has stopped since it left, as a standby or after stepping down as leader', () => {
    const standby = replicaAfter([{ type: 'stop', at: 4 }, { type: 'stop.drained', at: 5 }]);
    expect([standby.value, standby.context.since]).toEqual(['stopped', 5]);
    const leader = replicaAfter([...TO_LEADING, { type: 'stop', at: 4 }, { type: 'stop.drained', at: 5 }]);
    expect([leader.value, leader.context.since]).toEqual(['steppingDown', 5]);
    const stopped = replicaAfter([...TO_LEADING, { type: 'stop', at: 4 }, { type: 'stop.drained', at: 5 }, { type: 'writes.settled', at: 7 }]);
    expect([stopped.value, stopped.context.since]).toEqual(['stopped', 7]);
  });
});
