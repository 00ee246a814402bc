// The scale-out invariants (runtime/invariants: one leader per epoch, no double transition)
// over the logs of every replica of a real run, merged in time order. Only durable changes are
// logged, so a fenced-out write never appears. That nothing acknowledged is lost is checked by
// the caller against the leader's REST.
import type { LogEntry } from '../../runtime/events/log-entry.ts';
import { noDoubleTransition } from '../../runtime/invariants/no-double-transition.invariant.ts';
import { oneLeaderPerEpoch } from '../../runtime/invariants/one-leader-per-epoch.invariant.ts';
import { boundsFor } from '../../runtime/invariants/bounds.ts';
import { defaultRegistryConfig } from '../../machines/registry/registry.config.ts';
import { defaultWorkerConfig } from '../../machines/worker.config.ts';
import type { ReplicaCluster } from './replica-cluster.ts';

export function replicaViolations(cluster: ReplicaCluster): string[] {
  const entries: LogEntry[] = [];
  for (const name of cluster.replicas.keys()) {
    for (const type of ['replica.leading', 'member']) {
      for (const { time, event: _event, ...fields } of cluster.events(name, type)) entries.push({ ...(fields as LogEntry), t: Number(time), type, replica: name });
    }
  }
  entries.sort((a, b) => a.t - b.t);
  const bounds = boundsFor(defaultRegistryConfig, defaultWorkerConfig, 5_000, entries.at(-1)?.t ?? 0);
  return [oneLeaderPerEpoch, noDoubleTransition].flatMap((invariant) => invariant.check(entries, bounds)?.message ?? []);
}
