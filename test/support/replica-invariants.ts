// The scale-out invariants, checked over the logs of every replica of a run:
// - one leader per lease epoch (no epoch taken twice), and epochs only grow per replica;
// - no double transition: across every replica's log, in time order, a member's (ID, session
//   epoch) never moves to unhealthy, failed or inactive while already there — a second replica
//   (or a zombie leader) acting on the same deadline would show as exactly that. Only durable
//   changes are logged, so a fenced-out write never appears;
// - nothing acknowledged is lost: every registration and job the test saw acknowledged is
//   in the database at the end (checked by the caller against the leader's REST).
import type { ReplicaCluster } from './replica-cluster.ts';

interface Change {
  time: number;
  replica: string;
  id: string;
  epoch: string;
  from: string;
  to: string;
}

export function replicaViolations(cluster: ReplicaCluster): string[] {
  const problems: string[] = [];
  const leaderOf = new Map<number, string>();
  const changes: Change[] = [];
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
    for (const c of cluster.events(name, 'member')) {
      changes.push({ time: Number(c.time), replica: name, id: String(c.id), epoch: String(c.epoch), from: String(c.from), to: String(c.to) });
    }
  }
  const stateOf = new Map<string, Change>();
  for (const change of changes.sort((a, b) => a.time - b.time)) {
    const key = `${change.id}@${change.epoch}`;
    const before = stateOf.get(key);
    if (before && before.to === change.to && ['unhealthy', 'failed', 'inactive'].includes(change.to)) {
      problems.push(`${key} moved to ${change.to} twice (by ${before.replica}, then ${change.replica})`);
    }
    stateOf.set(key, change);
  }
  return problems;
}
