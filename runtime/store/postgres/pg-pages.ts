// Reading a large table in pages, in one snapshot. One statement for a million rows runs past
// the statement timeout (TTL/2) on a busy machine, and holds the event loop while its rows are
// parsed; pages by `seq` (the first-written order) keep each statement short, and the snapshot
// keeps the pages consistent with each other.
import type pg from 'pg';

/** Rows per page: a few hundred milliseconds of transfer and decoding. */
export const PAGE_ROWS = 20_000;

/** Runs `work` in a read-only transaction that sees one snapshot throughout. */
export async function inSnapshot<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const result = await work(client);
    await client.query('COMMIT');
    client.release();
    return result;
  } catch (error) {
    client.release(true); // mid-transaction, perhaps mid-statement: not fit to reuse
    throw error;
  }
}

/**
 * Every row `sql` selects, page by page in `seq` order. `sql` ends with `seq > $n ORDER BY seq
 * LIMIT $n+1` after its own `params` (the two are added here), and selects `seq`.
 */
export async function* pagesBySeq<R extends { seq: string }>(client: pg.ClientBase, sql: string, params: readonly unknown[] = [], pageRows = PAGE_ROWS): AsyncGenerator<R[]> {
  let after = -1;
  for (;;) {
    const rows = (await client.query<R>(sql, [...params, after, pageRows])).rows;
    if (rows.length > 0) yield rows;
    if (rows.length < pageRows) return;
    after = Number(rows[rows.length - 1]!.seq);
  }
}
