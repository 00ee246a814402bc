// The scale-out invariants flag what they are there to flag (on made-up replica logs): a lease
// epoch led twice, epochs going back, and a member moved to unhealthy twice in a row by two
// replicas; a member that flaps (unhealthy, active, unhealthy) is fine.
import { describe, expect, it } from 'vitest';
import type { ReplicaCluster } from '../../support/replica-cluster.ts';
import { replicaViolations } from '../../support/replica-invariants.ts';

/** A cluster whose replicas logged exactly these pino lines. */
function logs(byReplica: Record<string, object[]>): ReplicaCluster {
  const events = (name: string, event: string) => (byReplica[name] ?? []).filter((l) => (l as { event: string }).event === event) as Record<string, unknown>[];
  return { replicas: new Map(Object.keys(byReplica).map((name) => [name, {}])), events } as unknown as ReplicaCluster;
}

const lead = (time: number, epoch: number) => ({ event: 'replica.leading', time, epoch });
const move = (time: number, to: string, epoch = 2) => ({ event: 'member', time, id: 'w1', epoch, from: '?', to });

describe('replica invariants', () => {
  it('pass a clean history with a flapping member', () => {
    expect(replicaViolations(logs({ r1: [lead(1, 1), move(2, 'unhealthy'), move(3, 'active.idle')], r2: [lead(5, 2), move(6, 'unhealthy')] }))).toEqual([]);
  });

  it('flag one epoch led by two replicas, and a replica going back in epochs', () => {
    expect(replicaViolations(logs({ r1: [lead(1, 1), lead(9, 3)], r2: [lead(5, 1)] }))).toEqual(['lease epoch 1 led by both r1 and r2']);
    expect(replicaViolations(logs({ r1: [lead(1, 4), lead(2, 2)] }))).toEqual(['r1 led epoch 2 after epoch 4']);
  });

  it('flag a member moved to unhealthy twice in a row, by whichever replicas', () => {
    expect(replicaViolations(logs({ r1: [move(2, 'unhealthy')], r2: [move(3, 'unhealthy')] }))).toEqual(['w1@2 moved to unhealthy twice (by r1, then r2)']);
    expect(replicaViolations(logs({ r1: [move(2, 'unhealthy'), move(3, 'unhealthy', 3)] }))).toEqual([]); // another session
  });
});
