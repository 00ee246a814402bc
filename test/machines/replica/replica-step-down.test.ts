// Why a leader steps down (docs/behaviour.md §8): the reason the fence, the registry's stop and the
// replica's own record are given names what happened, and a failed round is logged with the
// database's reason whether or not the leader keeps its lease.
import { describe, expect, it } from 'vitest';
import { initialTransition, transition, type SnapshotFrom } from 'xstate';
import { replicaMachine, type ReplicaEvent } from '../../../machines/replica/replica.machine.ts';

type Snapshot = SnapshotFrom<typeof replicaMachine>;

/** A replica that started, took the lease at 1, loaded and leads from 3. */
function leader(): Snapshot {
  let [s] = initialTransition(replicaMachine, { leaseRenewMs: 1_000, at: 0 });
  const path: ReplicaEvent[] = [
    { type: 'start', at: 0 },
    { type: 'lease.acquired', at: 1, epoch: 1 },
    { type: 'load.done', at: 2, held: true },
    { type: 'standby.quit', at: 3, held: true },
  ];
  for (const event of path) [s] = transition(replicaMachine, s, event);
  expect(s.value).toBe('leading');
  return s;
}

/** The actions `event` sends a leader through, with their parameters. */
function stepDown(event: ReplicaEvent) {
  const [after, actions] = transition(replicaMachine, leader(), event);
  const params = (type: string) => (actions.find((a) => a.type === type) as { params?: unknown } | undefined)?.params;
  return { after, params, types: actions.map((a) => a.type) };
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
