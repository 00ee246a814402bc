// The PostgreSQL store's schema as a list of migrations, the same discipline as SQLite's:
// `rollcall_schema.version` holds how many have run; opening runs the missing ones. DDL is
// transactional in PostgreSQL, so all of them run in one transaction with the version bump: a
// failure leaves the database exactly at the version found. Replicas may open the same
// database at once, so the run holds a transaction-scoped advisory lock (released by commit or
// rollback, nothing left behind if a replica dies mid-migration). Append, never edit an entry.
import type pg from 'pg';

export interface PgMigration {
  name: string;
  sql: string;
}

export const pgMigrations: readonly PgMigration[] = [
  {
    name: 'members, jobs and meta tables',
    sql: `
      CREATE TABLE members (
        id TEXT PRIMARY KEY,
        seq BIGINT GENERATED ALWAYS AS IDENTITY,
        state TEXT NOT NULL,
        last_heartbeat_at BIGINT NOT NULL,
        body TEXT NOT NULL
      );
      CREATE INDEX members_by_seq ON members (seq);
      CREATE INDEX members_by_state ON members (state);
      CREATE TABLE jobs (
        id TEXT PRIMARY KEY,
        seq BIGINT GENERATED ALWAYS AS IDENTITY,
        state TEXT NOT NULL,
        member_id TEXT,
        body TEXT NOT NULL
      );
      CREATE INDEX jobs_by_seq ON jobs (seq);
      CREATE INDEX jobs_by_state ON jobs (state);
      CREATE TABLE meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );
    `,
  },
  {
    name: 'leases for cluster-wide duties',
    sql: `
      CREATE TABLE leases (
        name TEXT PRIMARY KEY,
        holder TEXT NOT NULL,
        epoch BIGINT NOT NULL,
        expires_at TIMESTAMPTZ NOT NULL
      );
    `,
  },
  {
    name: 'where a lease holder can be reached',
    sql: `
      ALTER TABLE leases ADD COLUMN grpc_endpoint TEXT NOT NULL DEFAULT '';
      ALTER TABLE leases ADD COLUMN http_endpoint TEXT NOT NULL DEFAULT '';
    `,
  },
  {
    name: 'heartbeats seen by standby replicas',
    sql: `
      ALTER TABLE members ADD COLUMN epoch BIGINT NOT NULL DEFAULT 0;
      ALTER TABLE members ADD COLUMN seen_at TIMESTAMPTZ;
      ALTER TABLE members ADD COLUMN seen_by TEXT;
      ALTER TABLE members ADD COLUMN seen_beat TEXT;
      CREATE TABLE registry_replicas (
        holder TEXT PRIMARY KEY,
        replica_id TEXT NOT NULL,
        flushed_at TIMESTAMPTZ NOT NULL
      );
    `,
  },
  {
    // Each write transaction takes the next change number from the one row (its lock orders
    // the writers: numbers are committed in order) and stamps it on the rows it writes, so a
    // standby can read just what changed since the number it last saw (runtime/cluster/warm-records.ts).
    name: 'change numbers for standbys that follow the tables',
    sql: `
      CREATE TABLE rollcall_changes (n BIGINT NOT NULL);
      INSERT INTO rollcall_changes (n) VALUES (0);
      ALTER TABLE members ADD COLUMN change BIGINT NOT NULL DEFAULT 0;
      ALTER TABLE members ADD COLUMN body_change BIGINT NOT NULL DEFAULT 0;
      ALTER TABLE jobs ADD COLUMN change BIGINT NOT NULL DEFAULT 0;
      CREATE INDEX members_by_change ON members (change);
      CREATE INDEX jobs_by_change ON jobs (change);
    `,
  },
];

/** An arbitrary constant naming rollcall's migration lock among the database's advisory locks. */
const MIGRATION_LOCK = 0x726f6c6c; // "roll"

/** Brings the database up to `list.length`; returns the version it found. */
export async function migratePostgres(client: pg.ClientBase, list: readonly PgMigration[] = pgMigrations): Promise<number> {
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query('CREATE TABLE IF NOT EXISTS rollcall_schema (version INTEGER NOT NULL)');
    const rows = (await client.query<{ version: number }>('SELECT version FROM rollcall_schema')).rows;
    if (rows.length === 0) await client.query('INSERT INTO rollcall_schema (version) VALUES (0)');
    const found = rows[0]?.version ?? 0;
    if (found > list.length) {
      throw new Error(`schema version ${found} is newer than this rollcall understands (${list.length}); use a newer rollcall`);
    }
    for (let version = found; version < list.length; version++) {
      const step = list[version]!;
      try {
        await client.query(step.sql);
        await client.query('UPDATE rollcall_schema SET version = $1', [version + 1]);
      } catch (error) {
        throw new Error(`schema migration ${version + 1} (${step.name}) failed: ${(error as Error).message}`, { cause: error });
      }
    }
    await client.query('COMMIT');
    return found;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  }
}
