// A resigning leader's NOTIFY starts the next round at once (docs/behaviour.md §8): between
// rounds the waiting tick is replaced by one due now; during a round it is kept, and the next
// round starts as soon as this one ends, not a renewal interval later.
import { describe, expect, it } from 'vitest';
import type { ReplicaEvent } from '../../../machines/replica/replica.machine.ts';
import { replicaAfter, replicaStep } from '../../support/replica-path.ts';

const REFUSED_ROUND: ReplicaEvent[] = [
  { type: 'start', at: 0 },
  { type: 'lease.refused', at: 1 },
];

describe('replica: a NOTIFY', () => {
  it('between rounds replaces the waiting tick by one due now', () => {
    const between = replicaAfter([...REFUSED_ROUND, { type: 'round.done', at: 2 }]);
    const { after, types, params } = replicaStep(between, { type: 'lease.released', at: 3 });
    expect(types).toEqual(['cancelTick', 'scheduleTick']);
    expect(params('scheduleTick')).toEqual({ delayMs: 0 });
    expect(after.context.nudged).toBe(false);
  });

  it('during a round makes the next start at once when the round ends', () => {
    const nudged = replicaAfter([...REFUSED_ROUND.slice(0, 1), { type: 'lease.released', at: 1 }, ...REFUSED_ROUND.slice(1)]);
    expect(nudged.context).toMatchObject({ inRound: true, nudged: true });
    const { after, params } = replicaStep(nudged, { type: 'round.done', at: 2 });
    expect(params('scheduleTick')).toEqual({ delayMs: 0 });
    expect(after.context).toMatchObject({ inRound: false, nudged: false });
  });

  it('none: the next round waits a renewal interval', () => {
    const { params } = replicaStep(replicaAfter(REFUSED_ROUND), { type: 'round.done', at: 2 });
    expect(params('scheduleTick')).toEqual({ delayMs: 1_000 });
  });
});
