// The replica machine driven by hand: a snapshot after a path of events, and what one more event
// does (the actions it takes, with their parameters).
import { initialTransition, transition, type SnapshotFrom } from 'xstate';
import { replicaMachine, type ReplicaEvent } from '../../machines/replica/replica.machine.ts';

export type ReplicaSnapshot = SnapshotFrom<typeof replicaMachine>;

/** Renews every second; starts at 0. */
export function replicaAfter(path: readonly ReplicaEvent[]): ReplicaSnapshot {
  let [s] = initialTransition(replicaMachine, { leaseRenewMs: 1_000, at: 0 });
  for (const event of path) [s] = transition(replicaMachine, s, event);
  return s;
}

/** Started at 0, took the lease at 1, loaded at 2 and leads from 3. */
export const TO_LEADING: readonly ReplicaEvent[] = [
  { type: 'start', at: 0 },
  { type: 'lease.acquired', at: 1, epoch: 1 },
  { type: 'load.done', at: 2, held: true },
  { type: 'standby.quit', at: 3, held: true },
];

export function replicaStep(from: ReplicaSnapshot, event: ReplicaEvent) {
  const [after, actions] = transition(replicaMachine, from, event);
  const params = (type: string) => (actions.find((a) => a.type === type) as { params?: unknown } | undefined)?.params;
  return { after, params, types: actions.map((a) => a.type) };
}
