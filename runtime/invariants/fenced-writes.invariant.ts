// With registry replicas (issue #9): once a lease epoch has written to the database, no older
// epoch's write is ever accepted — the fence works (the design notes' I3). Read from the
// database's `db.writer` entries (the simulator's model logs each change of writer).
import { violation, type Invariant } from './invariant.ts';

export const fencedWrites: Invariant = {
  name: 'fenced-writes',
  check(entries) {
    let newest = 0;
    for (const e of entries) {
      if (e.type !== 'db.writer') continue;
      const epoch = Number(e.epoch);
      if (epoch < newest) return violation(this.name, `${String(e.holder)} (epoch ${epoch}) wrote after epoch ${newest} had written`, e);
      newest = epoch;
    }
    return null;
  },
};
