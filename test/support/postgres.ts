// A database of its own for each test that needs PostgreSQL, on the run's server (see
// postgres-global.ts), dropped afterwards, so test files running in parallel never meet.
import { inject } from 'vitest';
import { createScratchDatabase, type ScratchDatabase } from '../../runtime/store/postgres/scratch-database.ts';

export type TestDatabase = ScratchDatabase;

export function freshDatabase(): Promise<TestDatabase> {
  return createScratchDatabase(inject('databaseUrl'), 'rollcall_test');
}
