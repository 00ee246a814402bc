// Databases of their own for benchmark rounds: created on a PostgreSQL server (given, or a
// private one started for the run) and dropped after.
import pg from 'pg';
import { startPrivatePostgres, type PrivatePostgres } from '../../runtime/store/postgres/private-postgres.ts';

async function onServer(serverUrl: string, sql: string): Promise<void> {
  const client = new pg.Client(serverUrl);
  await client.connect();
  await client.query(sql).finally(() => client.end());
}

/** Runs `use` with the URL of a fresh database `name` on `serverUrl`, dropping it afterwards. */
export async function withDatabase<T>(serverUrl: string, name: string, use: (url: string) => Promise<T>): Promise<T> {
  await onServer(serverUrl, `CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  try {
    return await use(url.toString());
  } finally {
    await onServer(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
}

/** The server to use: `given`, else a private one (stopped by the returned `close`). */
export async function postgresServer(given: string | undefined): Promise<{ url: string; close(): void }> {
  if (given) return { url: given, close() {} };
  const server: PrivatePostgres = await startPrivatePostgres();
  return { url: server.url, close: () => server.destroy() };
}
