// Where a registry process keeps its members, chosen by `--db`: a SQLite file (or memory) that
// this process alone owns, or a PostgreSQL URL shared by any number of replicas, of which the
// lease holder serves (replicated-storage.ts, runtime/cluster/replica.ts). Either way the registry host sees one
// synchronous Store; this decides which, and when the host may start.
import type { Logger } from 'pino';
import { resolveClusterTokens, type ClusterTokens } from '../auth/tokens.ts';
import type { Replica } from '../cluster/replica.ts';
import type { LeaseEndpoints } from '../cluster/lease-holder.ts';
import { loadOptional } from '../package/optional-dependency.ts';
import { MemoryStore } from '../store/memory-store.ts';
import { SqliteStore } from '../store/sqlite-store.ts';
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
  /** Starts serving: an owned store starts the host at once; a replica joins the election. */
  begin(host: RegistryHost, endpoints: LeaseEndpoints): Promise<void>;
  /** Stops the host (writing what it holds) and closes the store. */
  end(host: RegistryHost): Promise<void>;
}

export function isPostgresUrl(db: string): boolean {
  return /^postgres(ql)?:\/\//i.test(db);
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

export async function openRegistryStorage(db: string, options: StorageOptions): Promise<RegistryStorage> {
  if (isPostgresUrl(db)) {
    // PostgreSQL's driver is loaded only for a postgres:// database (an optional dependency).
    const { openReplicated } = await loadOptional('pg', 'a postgres:// database', () => import('./replicated-storage.ts'));
    return openReplicated(db, options);
  }
  const store = db === ':memory:' ? new MemoryStore() : SqliteStore.open(db);
  return {
    store,
    tokens: await resolveClusterTokens(store, options),
    replica: null,
    async begin(host) {
      host.start();
    },
    async end(host) {
      host.stop();
      store.close();
    },
  };
}
