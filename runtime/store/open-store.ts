// `--db` to a Store: a postgres:// URL is PostgreSQL (behind the write queue), ":memory:" keeps
// nothing, anything else is a SQLite file.
import { PostgresStore } from './postgres/postgres-store.ts';
import { MemoryStore } from './memory-store.ts';
import { QueuedStore, type QueuedStoreOptions } from './queued-store.ts';
import { SqliteStore } from './sqlite-store.ts';
import type { Store } from './store.ts';

export function isPostgresUrl(db: string): boolean {
  return /^postgres(ql)?:\/\//i.test(db);
}

export interface OpenStoreOptions extends QueuedStoreOptions {
  /** Meta keys the registry reads at start (a queued store reads them up front). */
  metaKeys: readonly string[];
}

export async function openStore(db: string, options: OpenStoreOptions): Promise<Store> {
  if (db === ':memory:') return new MemoryStore();
  if (!isPostgresUrl(db)) return SqliteStore.open(db);
  const inner = await PostgresStore.open(db);
  try {
    return await QueuedStore.open(inner, options.metaKeys, options);
  } catch (error) {
    await inner.close();
    throw error;
  }
}
