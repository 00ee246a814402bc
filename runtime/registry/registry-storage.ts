// Where a registry process keeps its members, chosen by `--db`: a SQLite file (or memory) that
// this process alone owns, or a PostgreSQL URL shared by any number of replicas, of which the
// lease holder serves (replicated-storage.ts, runtime/cluster/replica.ts). Either way the registry host sees one
// synchronous Store; this decides which, and when the host may start.
import { resolveClusterTokens, type ClusterTokens } from '../auth/tokens.ts';
import { loadOptional } from '../package/optional-dependency.ts';
import { MemoryStore } from '../store/memory-store.ts';
import { SqliteStore } from '../store/sqlite-store.ts';
import type { RegistryStorage, StorageOptions } from './storage-port.ts';

export { NO_STORE, type RegistryStorage, type ReplicaSettings, type StorageOptions } from './storage-port.ts';

export function isPostgresUrl(db: string): boolean {
  return /^postgres(ql)?:\/\//i.test(db);
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
    standby: null,
    async begin(host) {
      host.start();
    },
    async end(host) {
      host.stop();
      store.close();
    },
  };
}
