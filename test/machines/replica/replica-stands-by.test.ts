// A replica answers the standby heartbeats whenever it is a standby and not leaving
// (docs/behaviour.md §8): when the resignation hints are heard, after a hand-over that lost the
// lease, and after stepping down; once it is leaving, never.
import { describe, expect, it } from 'vitest';
import type { ReplicaEvent } from '../../../machines/replica/replica.machine.ts';
import { replicaAfter, replicaStep, TO_LEADING } from '../../support/replica-path.ts';

const HANDING_OVER = TO_LEADING.slice(0, 3);
const cases: [string, readonly ReplicaEvent[], ReplicaEvent][] = [
  ['hearing the resignation hints', [], { type: 'listening', at: 5 }],
  ['losing the lease while handing over', HANDING_OVER, { type: 'standby.quit', at: 5, held: false }],
  ['stepping down', TO_LEADING, { type: 'write.refused', at: 5, reason: 'fenced out' }],
];

describe('replica: standing by', () => {
  it('is not leaving when it begins', () => {
    expect(replicaAfter([]).context.stopping).toBe(false);
  });

  it.each(cases)('answers heartbeats after %s', (_, path, event) => {
    const { types } = replicaStep(replicaAfter(path), event);
    expect(types).toContain('standBy');
  });

  it.each(cases)('does not once leaving, after %s', (_, path, event) => {
    const { types } = replicaStep(replicaAfter([...path, { type: 'stop', at: 4 }]), event);
    expect(types).not.toContain('standBy');
  });
});
