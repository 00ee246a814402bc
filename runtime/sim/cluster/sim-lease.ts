// The leader lease of a simulated replica: the holder's side as on PostgreSQL
// (runtime/cluster/claimed-lease.ts), its statements run by the modelled database.
import { ClaimedLease } from '../../cluster/claimed-lease.ts';
import type { SimDatabase } from './sim-database.ts';
import type { SimProcess } from './sim-process.ts';

export class SimLease extends ClaimedLease {
  constructor(db: SimDatabase, process: SimProcess, options: { holder: string; ttlMs: number; grpc: string; queryTimeoutMs: number }) {
    const { holder, ttlMs, grpc, queryTimeoutMs } = options;
    const query = <T>(statement: (now: number) => T) => db.query(process, statement, queryTimeoutMs);
    super(
      holder,
      {
        acquire: () => query((now) => db.acquire(holder, ttlMs, grpc, now)),
        renew: (epoch) => query((now) => db.renew(holder, epoch, ttlMs, now)),
        resign: (epoch) => query((now) => db.resign(holder, epoch, now)),
      },
      { ttlMs, now: () => process.now() },
    );
  }

  /** The fencing token of a write made now; null when the claim has lapsed here. */
  token(): { holder: string; epoch: number } | null {
    const epoch = this.epoch;
    return epoch === null ? null : { holder: this.holder, epoch };
  }
}
