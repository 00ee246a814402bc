// Databases of their own for benchmark rounds: created on a PostgreSQL server (given, or a
// private one started for the run) and dropped after.
import { createScratchDatabase } from '../../runtime/store/postgres/scratch-database.ts';
import { startPrivatePostgres, type PrivatePostgres } from '../../runtime/store/postgres/private-postgres.ts';

/** Runs `use` with the URL of a fresh database on `serverUrl` (named from `prefix`), dropping it afterwards. */
export async function withDatabase<T>(serverUrl: string, prefix: string, use: (url: string) => Promise<T>): Promise<T> {
  const database = await createScratchDatabase(serverUrl, prefix);
  try {
    return await use(database.url);
  } finally {
    await database.drop();
  }
}

/** The server to use: `given`, else a private one (stopped by the returned `close`). */
export async function postgresServer(given: string | undefined): Promise<{ url: string; close(): void }> {
  if (given) return { url: given, close() {} };
  const server: PrivatePostgres = await startPrivatePostgres();
  return { url: server.url, close: () => server.destroy() };
}
