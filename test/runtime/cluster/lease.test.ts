// The fenced lease against a real PostgreSQL: one holder at a time, takeover only after expiry
// by the database's clock, and the fence rejecting a paused ex-holder's writes (Kleppmann's
// "storage checks the token" — here the lock and the storage are the same database).
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FencedOut, Lease } from '../../../runtime/cluster/lease.ts';
import { PostgresStore } from '../../../runtime/store/postgres/postgres-store.ts';
import { freshDatabase, type TestDatabase } from '../../support/postgres.ts';

let database: TestDatabase;
let pool: pg.Pool;
beforeAll(async () => {
  database = await freshDatabase();
  await (await PostgresStore.open(database.url)).close(); // migrations: the leases table
  pool = new pg.Pool({ connectionString: database.url, max: 6 });
  await pool.query('CREATE TABLE effects (id SERIAL PRIMARY KEY, holder TEXT NOT NULL, epoch BIGINT NOT NULL)');
});
afterAll(async () => {
  await pool?.end();
  await database?.drop();
});
beforeEach(async () => {
  await pool.query('TRUNCATE leases, effects');
});

const TTL = 600;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const lease = (holder: string, extra: Partial<ConstructorParameters<typeof Lease>[1]> = {}) => new Lease(pool, { name: 'sweeper', holder, ttlMs: TTL, ...extra });

/** A write made under the lease: records who made it, with which epoch. */
const effect = (l: Lease) => l.fenced((client, epoch) => client.query('INSERT INTO effects (holder, epoch) VALUES ($1, $2)', [l.holder, epoch]));

async function effects(): Promise<{ holder: string; epoch: number }[]> {
  return (await pool.query<{ holder: string; epoch: string }>('SELECT holder, epoch FROM effects ORDER BY id')).rows.map((r) => ({ holder: r.holder, epoch: Number(r.epoch) }));
}

describe('Lease', () => {
  it('goes to exactly one of several candidates racing for it', async () => {
    const candidates = ['a', 'b', 'c', 'd', 'e'].map((h) => lease(h));
    const won = await Promise.all(candidates.map((c) => c.acquire()));
    expect(won.filter(Boolean)).toHaveLength(1);
    const winner = candidates[won.indexOf(true)]!;
    expect(winner.epoch).toBe(1);
    expect(candidates.filter((c) => c.held)).toEqual([winner]);
  });

  it('stays with a holder that renews, across several TTLs', async () => {
    const a = lease('a');
    const b = lease('b');
    expect(await a.acquire()).toBe(true);
    for (let i = 0; i < 6; i++) {
      await sleep(TTL / 3);
      expect(await a.renew()).toBe(true);
      expect(await b.acquire()).toBe(false);
    }
    expect(a.epoch).toBe(1);
  });

  it('passes to another after the holder pauses past the TTL; the paused one is fenced out', async () => {
    const a = lease('a', { marginMs: 0, now: () => 0 }); // a paused process: its own clock says it still leads
    const b = lease('b');
    expect(await a.acquire()).toBe(true);
    await effect(a);
    await sleep(TTL + 100);
    expect(await b.acquire()).toBe(true);
    expect(b.epoch).toBe(2);
    expect(a.held).toBe(true); // what a frozen process still believes...
    await expect(effect(a)).rejects.toBeInstanceOf(FencedOut); // ...and the database refuses it
    expect(a.held).toBe(false);
    await effect(b);
    expect(await effects()).toEqual([{ holder: 'a', epoch: 1 }, { holder: 'b', epoch: 2 }]);
    expect(await a.renew()).toBe(false);
  });

  it('is not taken over before it expires by the database clock, even by a holder of the same name', async () => {
    const a = lease('replica-1/first');
    const again = lease('replica-1/second');
    expect(await a.acquire()).toBe(true);
    expect(await again.acquire()).toBe(false);
    await sleep(TTL + 100);
    expect(await again.acquire()).toBe(true);
    await expect(effect(a)).rejects.toBeInstanceOf(FencedOut);
  });

  it('hands over at once on resign', async () => {
    const a = lease('a');
    const b = lease('b');
    await a.acquire();
    await a.resign();
    expect(a.held).toBe(false);
    expect(await b.acquire()).toBe(true);
    expect(b.epoch).toBe(2);
    await expect(effect(a)).rejects.toBeInstanceOf(FencedOut);
  });

  it('lets the local watchdog drop the claim before the database could expire it', async () => {
    let clock = 0;
    const a = lease('a', { marginMs: 100, now: () => clock });
    await a.acquire();
    clock = TTL - 101;
    expect(a.held).toBe(true);
    clock = TTL - 100;
    expect(a.held).toBe(false);
    await expect(effect(a)).rejects.toBeInstanceOf(FencedOut);
  });

  it('rolls back fenced work that throws, and commits nothing of it', async () => {
    const a = lease('a');
    await a.acquire();
    const failing = a.fenced(async (client, epoch) => {
      await client.query('INSERT INTO effects (holder, epoch) VALUES ($1, $2)', ['a', epoch]);
      throw new Error('sweep failed half-way');
    });
    await expect(failing).rejects.toThrow('sweep failed half-way');
    expect(await effects()).toEqual([]);
    expect(a.held).toBe(true);
  });

  it('makes a takeover wait for fenced work in flight, which then commits under the old epoch', async () => {
    const a = lease('a', { marginMs: 0 });
    const b = lease('b');
    await a.acquire();
    let release!: () => void;
    const inFlight = a.fenced(async (client, epoch) => {
      await client.query('INSERT INTO effects (holder, epoch) VALUES ($1, $2)', ['a', epoch]);
      await new Promise<void>((resolve) => (release = resolve));
    });
    await sleep(TTL + 100); // expired by now, but a's transaction holds the row FOR SHARE
    const order: string[] = [];
    const takeover = b.acquire().then((won) => (order.push('taken over'), won));
    await sleep(200);
    order.push('released');
    release();
    await inFlight;
    expect(await takeover).toBe(true);
    expect(order).toEqual(['released', 'taken over']);
    expect(await effects()).toEqual([{ holder: 'a', epoch: 1 }]);
  });

  it('lets its holder renew while the holder\'s own fenced work is in flight (a long write never costs the lease)', async () => {
    const a = lease('a');
    await a.acquire();
    let release!: () => void;
    const inFlight = a.fenced(async (client, epoch) => {
      await client.query('INSERT INTO effects (holder, epoch) VALUES ($1, $2)', ['a', epoch]);
      await new Promise<void>((resolve) => (release = resolve));
    });
    await sleep(50);
    const renewed = await Promise.race([a.renew(), sleep(TTL / 2).then(() => 'still waiting')]);
    release();
    await inFlight;
    expect(renewed).toBe(true);
  });
});
