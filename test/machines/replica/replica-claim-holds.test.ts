// A leader keeps leading while its claim still holds (docs/behaviour.md §8): a renewal that did
// not go through, the watchdog firing or a failed round, each with the claim still held at that
// instant, neither fences nor stops serving.
import { describe, expect, it } from 'vitest';
import type { ReplicaEvent } from '../../../machines/replica/replica.machine.ts';
import { replicaAfter, replicaStep, TO_LEADING } from '../../support/replica-path.ts';

describe('replica: a leader whose claim still holds', () => {
  it.each<[string, ReplicaEvent]>([
    ['a renewal not made', { type: 'lease.notRenewed', at: 9, held: true }],
    ['the watchdog', { type: 'lease.lapsed', at: 9, held: true }],
    ['a failed round', { type: 'round.failed', at: 9, reason: 'database unreachable', held: true }],
  ])('keeps leading after %s', (_, event) => {
    const { after, types } = replicaStep(replicaAfter(TO_LEADING), event);
    expect(after.value).toBe('leading');
    expect(types).not.toContain('fence');
    expect(types).not.toContain('stopServing');
    expect(after.context).toMatchObject({ since: 3, reason: null });
  });
});
