// A database of its own for each test that needs PostgreSQL, on the run's server (see
// postgres-global.ts), dropped afterwards, so test files running in parallel never meet.
import { afterAll, beforeAll, inject } from 'vitest';
import { PostgresStore } from '../../runtime/store/postgres/postgres-store.ts';
import { createScratchDatabase, type ScratchDatabase } from '../../runtime/store/postgres/scratch-database.ts';

export type TestDatabase = ScratchDatabase;

export function freshDatabase(): Promise<TestDatabase> {
  return createScratchDatabase(inject('databaseUrl'), 'rollcall_test');
}

/** A PostgresStore on a database of its own, opened before the file's tests and dropped after them. */
export function storeForFile(): { readonly store: PostgresStore } {
  const held = {} as { store: PostgresStore; database: TestDatabase };
  beforeAll(async () => {
    held.database = await freshDatabase();
    held.store = await PostgresStore.open(held.database.url);
  });
  afterAll(async () => {
    await held.store?.close();
    await held.database?.drop();
  });
  return held;
}
