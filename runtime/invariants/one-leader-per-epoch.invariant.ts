// With registry replicas (issue #9): never two effective leaders for one lease epoch, and a
// replica's epochs only grow. Read from the replicas' `replica.leading` entries; a run with one
// registry has none and passes.
import { violation, type Invariant } from './invariant.ts';

export const oneLeaderPerEpoch: Invariant = {
  name: 'one-leader-per-epoch',
  check(entries) {
    const leaderOf = new Map<number, string>();
    const lastOf = new Map<string, number>();
    for (const e of entries) {
      if (e.type !== 'replica.leading' || typeof e.replica !== 'string') continue;
      const epoch = Number(e.epoch);
      const other = leaderOf.get(epoch);
      if (other !== undefined) return violation(this.name, `lease epoch ${epoch} led by both ${other} and ${e.replica}`, e);
      const last = lastOf.get(e.replica) ?? 0;
      if (epoch <= last) return violation(this.name, `${e.replica} led epoch ${epoch} after epoch ${last}`, e);
      leaderOf.set(epoch, e.replica);
      lastOf.set(e.replica, epoch);
    }
    return null;
  },
};
