// What the REST API asks of a standby replica (docs/scale-out.md, "Reads on any replica"): the
// members and jobs as the shared database holds them, at most a moment old, and who leads. A
// registry that is not a replica has none. runtime/cluster/standby-reads.ts provides it.
import type { LeaseHolder } from '../cluster/lease-holder.ts';
import type { RegistryReads } from '../../machines/registry/registry.ts';

/** The cluster as the database held it at `readAt` (wall clock, ms), to be read only. */
export interface StandbyView {
  core: RegistryReads;
  readAt: number;
}

export interface StandbyPort {
  /** This replica's name. */
  readonly replica: string;
  /** A view at most the cache's age old; rejects when the database cannot be read. */
  view(): Promise<StandbyView>;
  /** Who holds the lease, as the database said at most the cache's age ago. */
  leader(): Promise<LeaseHolder | undefined>;
}
