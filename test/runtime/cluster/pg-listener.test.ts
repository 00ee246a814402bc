// LISTEN on a real PostgreSQL: notifications arrive, and after the connection is killed
// (pg_terminate_backend, as a server restart or a pooler would) the listener listens again
// before it tells its owner to re-read, so no change can fall between the re-read and the
// LISTEN (notes §5.7: listen first, then resync).
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PgListener } from '../../../runtime/cluster/pg-listener.ts';
import { freshDatabase, type TestDatabase } from '../../support/postgres.ts';

let database: TestDatabase;
let pool: pg.Pool;
beforeAll(async () => {
  database = await freshDatabase();
  pool = new pg.Pool({ connectionString: database.url, max: 3 });
});
afterAll(async () => {
  await pool?.end();
  await database?.drop();
});

async function until(condition: () => boolean, what: string, withinMs = 10_000): Promise<void> {
  const deadline = performance.now() + withinMs;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(`${what} did not happen within ${withinMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Ends the listening session of `channel` from the server side; how many it ended. */
async function killListener(channel: string): Promise<number> {
  const killed = await pool.query<{ pid: number }>(
    `SELECT pg_terminate_backend(pid), pid FROM pg_stat_activity WHERE datname = current_database() AND query = $1 AND pid <> pg_backend_pid()`,
    [`LISTEN ${channel}`],
  );
  return killed.rowCount ?? 0;
}

describe('PgListener', () => {
  it('hands on what is notified on its channel, and nothing from other channels', async () => {
    const heard: string[] = [];
    const listener = new PgListener(database.url, 'rc_test_a', (payload) => heard.push(payload), () => {});
    await listener.start();
    await pool.query(`NOTIFY rc_test_other, 'not for it'`);
    await pool.query(`NOTIFY rc_test_a, 'w1,w2'`);
    await until(() => heard.length > 0, 'the notification');
    expect(heard).toEqual(['w1,w2']);
    await listener.close();
  });

  it('after its connection is killed, listens again before it calls for a re-read', async () => {
    const heard: string[] = [];
    let rereads = 0;
    // The owner re-reads, and a change is made and notified at once: it must be heard.
    const listener = new PgListener(database.url, 'rc_test_b', (payload) => heard.push(payload), () => {
      rereads++;
      void pool.query(`NOTIFY rc_test_b, 'changed right after the re-read ${rereads}'`);
    });
    await listener.start();
    for (const round of [1, 2]) {
      expect(await killListener('rc_test_b')).toBe(1);
      await until(() => rereads === round, `re-read ${round}`);
      await until(() => heard.includes(`changed right after the re-read ${round}`), `the change after re-read ${round}`);
    }
    await listener.close();
  });

  it('stops for good once closed: no reconnect, no re-read', async () => {
    let rereads = 0;
    const listener = new PgListener(database.url, 'rc_test_c', () => {}, () => rereads++);
    await listener.start();
    await listener.close();
    expect(await killListener('rc_test_c')).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(rereads).toBe(0);
  });
});
