// PostgreSQL specifics the contract does not cover: the schema's migrations and the one-line
// errors for a database rollcall cannot use.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PostgresStore } from '../../../runtime/store/postgres/postgres-store.ts';
import { pgMigrations } from '../../../runtime/store/postgres/postgres-schema.ts';
import { StoreOpenError } from '../../../runtime/store/sqlite-open.ts';
import { freshDatabase, type TestDatabase } from '../../support/postgres.ts';
import { memberRecord } from '../../support/store-records.ts';

let database: TestDatabase;
beforeAll(async () => {
  database = await freshDatabase();
});
afterAll(async () => database?.drop());

async function version(url: string): Promise<number> {
  const client = new pg.Client(url);
  await client.connect();
  try {
    return (await client.query<{ version: number }>('SELECT version FROM rollcall_schema')).rows[0]!.version;
  } finally {
    await client.end();
  }
}

describe('PostgresStore migrations', () => {
  it('brings a fresh database to the latest version, and reopening changes nothing', async () => {
    const db = await freshDatabase();
    try {
      const store = await PostgresStore.open(db.url);
      await store.write([{ kind: 'member', member: memberRecord('w-1') }]);
      await store.close();
      expect(await version(db.url)).toBe(pgMigrations.length);
      const again = await PostgresStore.open(db.url);
      expect((await again.load()).members.map((m) => m.id)).toEqual(['w-1']);
      await again.close();
    } finally {
      await db.drop();
    }
  });

  it('runs concurrent opens of one fresh database once (replicas starting together)', async () => {
    const db = await freshDatabase();
    try {
      const stores = await Promise.all([1, 2, 3, 4].map(() => PostgresStore.open(db.url, { poolSize: 1 })));
      await Promise.all(stores.map((s) => s.close()));
      expect(await version(db.url)).toBe(pgMigrations.length);
    } finally {
      await db.drop();
    }
  });

  it('leaves the database at the version it found when a migration fails', async () => {
    const db = await freshDatabase();
    try {
      const broken = [...pgMigrations, { name: 'a broken step', sql: 'ALTER TABLE no_such_table ADD COLUMN x INT' }];
      const attempt = PostgresStore.open(db.url, { migrations: broken });
      await expect(attempt).rejects.toThrow(`schema migration ${broken.length} (a broken step) failed: relation "no_such_table" does not exist`);
      await expect(attempt).rejects.toBeInstanceOf(StoreOpenError);
      expect(await version(db.url).catch(() => 0)).toBe(0); // all or nothing: one transaction
    } finally {
      await db.drop();
    }
  });

  it('refuses a database whose schema is newer than this rollcall', async () => {
    const store = await PostgresStore.open(database.url);
    await store.pool.query('UPDATE rollcall_schema SET version = 99');
    await store.close();
    await expect(PostgresStore.open(database.url)).rejects.toThrow(
      `schema version 99 is newer than this rollcall understands (${pgMigrations.length}); use a newer rollcall`,
    );
  });
});

describe('PostgresStore open errors', () => {
  it('names a server that is not there in one line', async () => {
    const error = await PostgresStore.open('postgres://rollcall:secret@127.0.0.1:1/rollcall').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreOpenError);
    expect((error as Error).message).toBe('store postgres://rollcall@127.0.0.1:1/rollcall: connection refused (is PostgreSQL running there?)');
    expect((error as Error).message).not.toContain('secret');
  });

  it('names a database that does not exist', async () => {
    const url = new URL(database.url);
    url.pathname = '/rollcall_no_such_database';
    await expect(PostgresStore.open(url.toString())).rejects.toThrow(/: the database does not exist$/);
  });
});
