// Paged reads in one snapshot (runtime/store/postgres/pg-pages.ts), against a real PostgreSQL:
// every row once, in `seq` order, across page boundaries, and a write committed between two
// pages is not seen by the second.
import { expect, it } from 'vitest';
import { inSnapshot, pagesBySeq } from '../../../runtime/store/postgres/pg-pages.ts';
import { storeForFile } from '../../support/postgres.ts';
import { memberRecord } from '../../support/store-records.ts';

const db = storeForFile();

const IDS = 'SELECT id, seq FROM members WHERE seq > $1 ORDER BY seq LIMIT $2';

it('reads every row once, in first-written order, in pages of one snapshot', async () => {
  const names = ['e', 'a', 'd', 'b', 'c'];
  for (const name of names) await db.store.write([{ kind: 'member', member: memberRecord(name) }]);
  const pages = await inSnapshot(db.store.pool, async (client) => {
    const seen: string[][] = [];
    for await (const rows of pagesBySeq<{ id: string; seq: string }>(client, IDS, [], 2)) {
      seen.push(rows.map((r) => r.id));
      if (seen.length === 1) await db.store.write([{ kind: 'member', member: memberRecord('late') }]);
    }
    return seen;
  });
  expect(pages).toEqual([['e', 'a'], ['d', 'b'], ['c']]);
  expect((await db.store.load()).members.map((m) => m.id)).toEqual([...names, 'late']);
});
