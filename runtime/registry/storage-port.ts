// What a registry's storage gives the process that runs it (registry-storage.ts opens one: a
// file this process owns, or PostgreSQL shared by replicas, replicated-storage.ts), and the
// options it is opened with. A module of its own so that the two kinds need not import each other.
import type { Logger } from 'pino';
import type { ClusterTokens } from '../auth/tokens.ts';
import type { LeaseEndpoints } from '../cluster/lease-holder.ts';
import type { Replica } from '../cluster/replica.ts';
import type { StandbyPort } from '../http/standby-port.ts';
import type { Store } from '../store/store.ts';
import type { RegistryHost } from './registry-host.ts';

export interface ReplicaSettings {
  /** Default: `<hostname>:<gRPC port>`. */
  id?: string;
  /** Default 10 s. */
  leaseTtlMs?: number;
  /** Default 2 s. */
  leaseRenewMs?: number;
}

export interface StorageOptions {
  joinToken?: string | undefined;
  adminToken?: string | undefined;
  logger: Logger;
  replica?: ReplicaSettings;
  /** A replica's role changes, for the `--events` log. */
  replicaEvents?: (type: string, fields: Record<string, string | number | null>) => void;
}

export interface RegistryStorage {
  /** The store the host writes to; a standby replica has none and its host is down. */
  readonly store: Store;
  readonly tokens: ClusterTokens;
  /** The replica, when the store is shared. */
  readonly replica: Replica | null;
  /** With a shared store, once it began: the reads a standby answers from the database. */
  readonly standby: StandbyPort | null;
  /** Starts serving: an owned store starts the host at once; a replica joins the election. */
  begin(host: RegistryHost, endpoints: LeaseEndpoints): Promise<void>;
  /** Stops the host (writing what it holds) and closes the store. */
  end(host: RegistryHost): Promise<void>;
}

/** What a standby's host would write to if it ever ran: nothing may reach it. */
export const NO_STORE: Store = {
  load: () => refuse(),
  write: () => refuse(),
  writeHeartbeats: () => refuse(),
  getMeta: () => refuse(),
  setMeta: () => refuse(),
  close: () => {},
};
function refuse(): never {
  throw new Error('this replica is standing by and may not write');
}
