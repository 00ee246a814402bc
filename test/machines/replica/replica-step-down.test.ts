// Why a leader steps down (docs/behaviour.md §8): the reason the fence, the registry's stop and the
// replica's own record are given names what happened, and a failed round is logged with the
// database's reason whether or not the leader keeps its lease.
import { describe, expect, it } from 'vitest';
import type { ReplicaEvent } from '../../../machines/replica/replica.machine.ts';
import { replicaAfter, replicaStep, TO_LEADING } from '../../support/replica-path.ts';

/** The actions `event` sends a leader through, with their parameters. */
function stepDown(event: ReplicaEvent) {
  const leader = replicaAfter(TO_LEADING);
  expect(leader.value).toBe('leading');
  return replicaStep(leader, event);
}

describe('replica: a leader stepping down says why', () => {
  it.each<[string, ReplicaEvent, string]>([
    ['a refused write names the database’s reason', { type: 'write.refused', at: 9, reason: 'fenced out' }, 'a write was refused: fenced out'],
    ['the watchdog', { type: 'lease.lapsed', at: 9, held: false }, 'the lease lapsed before it could be renewed (watchdog)'],
    ['a failed renewal round', { type: 'round.failed', at: 9, reason: 'database unreachable', held: false }, 'the lease could not be renewed in time'],
    ['a lease taken over', { type: 'lease.notRenewed', at: 9, held: false }, 'the lease expired or was taken over'],
  ])('%s', (_, event, reason) => {
    const { after, params } = stepDown(event);
    expect(after.value).toBe('standby');
    expect(params('fence')).toEqual({ reason });
    expect(params('stopServing')).toEqual({ reason });
    expect(after.context).toMatchObject({ reason, since: 9 });
  });

  it('a failed round is logged with the database’s reason, also when the leader keeps its lease', () => {
    for (const held of [true, false]) {
      const { types, params } = stepDown({ type: 'round.failed', at: 9, reason: 'database unreachable', held });
      expect(types.filter((t) => t === 'logRoundFailed')).toHaveLength(1);
      expect(params('logRoundFailed')).toEqual({ reason: 'database unreachable' });
    }
  });
});
