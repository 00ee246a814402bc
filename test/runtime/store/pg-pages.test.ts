// Paged reads in one snapshot (runtime/store/postgres/pg-pages.ts), against a real PostgreSQL:
// every row once, in `seq` order, across page boundaries, and a write committed between two
// pages is not seen by the second.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { inSnapshot, pagesBySeq } from '../../../runtime/store/postgres/pg-pages.ts';
import { PostgresStore } from '../../../runtime/store/postgres/postgres-store.ts';
import { freshDatabase, type TestDatabase } from '../../support/postgres.ts';
import { memberRecord } from '../../support/store-records.ts';

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

const IDS = 'SELECT id, seq FROM members WHERE seq > $1 ORDER BY seq LIMIT $2';

it('reads every row once, in first-written order, in pages of one snapshot', async () => {
  const names = ['e', 'a', 'd', 'b', 'c'];
  for (const name of names) await store.write([{ kind: 'member', member: memberRecord(name) }]);
  const pages = await inSnapshot(store.pool, async (client) => {
    const seen: string[][] = [];
    for await (const rows of pagesBySeq<{ id: string; seq: string }>(client, IDS, [], 2)) {
      seen.push(rows.map((r) => r.id));
      if (seen.length === 1) await store.write([{ kind: 'member', member: memberRecord('late') }]);
    }
    return seen;
  });
  expect(pages).toEqual([['e', 'a'], ['d', 'b'], ['c']]);
  expect((await store.load()).members.map((m) => m.id)).toEqual([...names, 'late']);
});
