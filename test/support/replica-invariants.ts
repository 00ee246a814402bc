// The scale-out invariants, checked over the logs of every replica of a run:
// - one leader per lease epoch (no epoch taken twice), and epochs only grow per replica;
// - no double transition: a member's (ID, session epoch) reaches each of unhealthy, failed and
//   inactive at most once, whichever replica logged it (only durable changes are logged);
// - nothing acknowledged is lost: every registration and job the test saw acknowledged is
//   in the database at the end (checked by the caller against the leader's REST).
import type { ReplicaCluster } from './replica-cluster.ts';

export function replicaViolations(cluster: ReplicaCluster): string[] {
  const problems: string[] = [];
  const leaderOf = new Map<number, string>();
  const transitions = new Map<string, string>();
  for (const name of cluster.replicas.keys()) {
    let last = 0;
    for (const lead of cluster.events(name, 'replica.leading')) {
      const epoch = Number(lead.epoch);
      const other = leaderOf.get(epoch);
      if (other !== undefined) problems.push(`lease epoch ${epoch} led by both ${other} and ${name}`);
      leaderOf.set(epoch, name);
      if (epoch <= last) problems.push(`${name} led epoch ${epoch} after epoch ${last}`);
      last = epoch;
    }
    for (const change of cluster.events(name, 'member')) {
      if (!['unhealthy', 'failed', 'inactive'].includes(String(change.to))) continue;
      const key = `${String(change.id)}@${String(change.epoch)}→${String(change.to)}`;
      const first = transitions.get(key);
      if (first !== undefined) problems.push(`${key} logged twice (by ${first} and ${name})`);
      transitions.set(key, name);
    }
  }
  return problems;
}
