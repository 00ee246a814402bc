// A takeover from a standby's copy (runtime/cluster/warm-records.ts) never misses a commit of
// the old leader: a fenced write still in flight when the lease expires holds the takeover back
// until it commits, and the copy's last read, made under the new lease, has it.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Lease } from '../../../runtime/cluster/lease.ts';
import { WarmRecords } from '../../../runtime/cluster/warm-records.ts';
import { PostgresStore } from '../../../runtime/store/postgres/postgres-store.ts';
import { freshDatabase, type TestDatabase } from '../../support/postgres.ts';
import { memberRecord } from '../../support/store-records.ts';

const TTL = 300;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let database: TestDatabase;
let store: PostgresStore;
beforeAll(async () => {
  database = await freshDatabase();
  store = await PostgresStore.open(database.url);
});
afterAll(async () => {
  await store?.close();
  await database?.drop();
});

it('has the write the old leader committed while the new one was taking the lease', async () => {
  const old = new Lease(store.pool, { name: 'leader', holder: 'old/1', ttlMs: TTL, marginMs: 0 });
  const next = new Lease(store.pool, { name: 'leader', holder: 'next/1', ttlMs: TTL });
  const warm = new WarmRecords(store.pool, store.url);
  try {
    expect(await old.acquire()).toBe(true);
    await store.write([{ kind: 'member', member: memberRecord('before') }]);
    await warm.start();
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const late = store.writingThrough((work) => old.fenced(async (client) => {
      await work(client);
      await held; // written, not yet committed
    }));
    const inFlight = late.write([{ kind: 'member', member: memberRecord('late') }]);
    await sleep(TTL + 100);
    const takeover = next.acquire();
    await sleep(100);
    release();
    await inFlight;
    expect(await takeover).toBe(true);
    const copy = await warm.takeOver();
    expect(copy.members.map((m) => m.id)).toEqual(['before', 'late']);
    expect(copy).toEqual(await store.load());
  } finally {
    await warm.stop();
  }
}, 30_000);
