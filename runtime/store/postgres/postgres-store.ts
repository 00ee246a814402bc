// The Store port on PostgreSQL (`--db postgres://…`), through `pg`: the same rows as SQLite
// (JSON bodies keyed by ID, the queried fields as columns), each batch one transaction: its
// change number (for the standbys), then at most three set-based statements (deletes, member
// upserts, job upserts) over `unnest`ed arrays, so a batch of any size costs a fixed number of
// round trips. `seq` (an identity column an upsert never touches) gives first-written order.
// See docs/store.md and docs/scale-out.md.
import pg from 'pg';
import { stateOf, type MemberReadout, type MemberRecord } from '../../../machines/registry/member-table.ts';
import type { Job } from '../../../machines/registry/registry.types.ts';
import type { RegistrySnapshot } from '../../../machines/registry/registry.ts';
import type { AsyncStore, HeartbeatTime, StoreWrite } from '../store.ts';
import { StoreOpenError } from '../sqlite-open.ts';
import { describePgError } from './pg-errors.ts';
import { inSnapshot, pagesBySeq } from './pg-pages.ts';
import { inTransaction } from './pg-transaction.ts';
import { migratePostgres, pgMigrations, type PgMigration } from './postgres-schema.ts';

/** Rows per upsert statement: ~2,000 member bodies serialize in a few milliseconds. */
const WRITE_CHUNK = 2_000;

function* chunksOf<T>(rows: readonly T[]): Generator<readonly T[]> {
  for (let from = 0; from < rows.length; from += WRITE_CHUNK) yield rows.slice(from, from + WRITE_CHUNK);
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

export interface PostgresStoreOptions {
  migrations?: readonly PgMigration[];
  /** Connections in the pool (default 4). */
  poolSize?: number;
  /** Give up on a statement after this long (default: wait). */
  queryTimeoutMs?: number;
}

/** Runs a write transaction's statements; the default is a plain transaction on the pool. */
export type TransactionRunner = (work: (client: pg.PoolClient) => Promise<void>) => Promise<void>;

// Every statement that writes members or jobs stamps them with the transaction's change number
// (`change`; `body_change` too when the body is written), so standbys read only what changed.
const UPSERT_MEMBERS = `
  INSERT INTO members (id, state, last_heartbeat_at, body, epoch, change, body_change)
  SELECT u.*, $6::bigint, $6::bigint FROM unnest($1::text[], $2::text[], $3::bigint[], $4::text[], $5::bigint[]) AS u
  ON CONFLICT (id) DO UPDATE
    SET state = excluded.state, last_heartbeat_at = excluded.last_heartbeat_at, body = excluded.body, epoch = excluded.epoch,
        change = excluded.change, body_change = excluded.body_change`;
const UPSERT_JOBS = `
  INSERT INTO jobs (id, state, member_id, body, change)
  SELECT u.*, $5::bigint FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS u
  ON CONFLICT (id) DO UPDATE SET state = excluded.state, member_id = excluded.member_id, body = excluded.body, change = excluded.change`;
const SET_HEARTBEATS = `
  UPDATE members m SET last_heartbeat_at = u.t, change = $3
  FROM unnest($1::text[], $2::bigint[]) AS u(id, t) WHERE m.id = u.id`;

const LOAD_MEMBERS = 'SELECT seq, last_heartbeat_at, body FROM members WHERE seq > $1 ORDER BY seq LIMIT $2';
const LOAD_JOBS = 'SELECT seq, body FROM jobs WHERE seq > $1 ORDER BY seq LIMIT $2';

/** Where standby replicas hear that members or jobs changed (the change number; a hint to read what changed). */
export const TABLES_CHANGED = 'rollcall_tables_changed';
/**
 * The transaction's change number. The row stays locked until it commits, so writers queue
 * here and numbers become visible in order: whoever saw number n has seen every change up to n.
 */
const NEXT_CHANGE = 'UPDATE rollcall_changes SET n = n + 1 RETURNING n';
/**
 * The transaction's change number; with `announce`, standbys hear of it when (and only if) it
 * commits. Heartbeat times are not announced: standbys read them every few seconds and at a takeover.
 */
async function nextChange(client: pg.PoolClient, announce: boolean): Promise<string> {
  const change = (await client.query<{ n: string }>(NEXT_CHANGE)).rows[0]!.n;
  if (announce) await client.query('SELECT pg_notify($1, $2)', [TABLES_CHANGED, change]);
  return change;
}

/**
 * A batch as set-based statements: one row per record (an upsert command cannot touch a row
 * twice), with the batch's order kept where it matters: a member removed and written again
 * in the batch is deleted first and inserted anew, so it goes last, as it would one by one.
 */
function coalesce(batch: readonly StoreWrite[]): { removed: string[]; members: MemberReadout[]; jobs: Readonly<Job>[] } {
  const removed = new Set<string>();
  const members = new Map<string, MemberReadout | null>();
  const jobs = new Map<string, Readonly<Job>>();
  for (const w of batch) {
    if (w.kind === 'member.removed') {
      removed.add(w.memberId);
      members.set(w.memberId, null);
    } else if (w.kind === 'member') {
      if (members.get(w.member.id) === null) members.delete(w.member.id); // re-inserted: goes last
      members.set(w.member.id, w.member);
    } else {
      jobs.set(w.job.id, w.job);
    }
  }
  return {
    removed: [...removed],
    members: [...members.values()].filter((m): m is MemberReadout => m !== null),
    jobs: [...jobs.values()],
  };
}

/** Where the URL points, without its password, for messages. */
export function safeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.password = '';
    return parsed.toString();
  } catch {
    return 'the given database URL';
  }
}

export class PostgresStore implements AsyncStore {
  readonly url: string;
  readonly pool: pg.Pool;

  /** Connects and migrates; throws a StoreOpenError (one line: `store URL: reason`) when it cannot. */
  static async open(url: string, options: PostgresStoreOptions = {}): Promise<PostgresStore> {
    const pool = new pg.Pool({
      connectionString: url,
      max: options.poolSize ?? 4,
      connectionTimeoutMillis: options.queryTimeoutMs ?? 10_000,
      ...(options.queryTimeoutMs ? { query_timeout: options.queryTimeoutMs } : {}),
    });
    // A lost connection surfaces as the failed query (retried by the write queue); the events
    // pg also emits for it, on idle and on checked-out clients, must not crash the process.
    pool.on('error', () => {});
    pool.on('connect', (client) => client.on('error', () => {}));
    try {
      const client = await pool.connect();
      try {
        await migratePostgres(client, options.migrations ?? pgMigrations);
      } finally {
        client.release();
      }
    } catch (error) {
      await pool.end().catch(() => {});
      throw new StoreOpenError(safeUrl(url), describePgError(error), error);
    }
    return new PostgresStore(url, pool);
  }

  readonly #runner: TransactionRunner | null;

  private constructor(url: string, pool: pg.Pool, runner: TransactionRunner | null = null) {
    this.url = url;
    this.pool = pool;
    this.#runner = runner;
  }

  /**
   * The same store with every write run by `runner` (a lease's fenced transaction), sharing
   * this one's pool; closing it leaves the pool to this one.
   */
  writingThrough(runner: TransactionRunner): PostgresStore {
    return new PostgresStore(this.url, this.pool, runner);
  }

  /** Every member and job, in pages of one snapshot (pg-pages.ts): a million rows in one statement outlast its timeout. */
  load(): Promise<RegistrySnapshot> {
    return inSnapshot(this.pool, async (client) => {
      const snapshot: RegistrySnapshot = { members: [], jobs: [] };
      for await (const rows of pagesBySeq<{ seq: string; last_heartbeat_at: string; body: string }>(client, LOAD_MEMBERS)) {
        for (const row of rows) {
          const member = JSON.parse(row.body) as MemberRecord;
          member.lastHeartbeatAt = Number(row.last_heartbeat_at);
          snapshot.members.push(member);
        }
      }
      for await (const rows of pagesBySeq<{ seq: string; body: string }>(client, LOAD_JOBS)) for (const row of rows) snapshot.jobs.push(JSON.parse(row.body) as Job);
      return snapshot;
    });
  }

  /**
   * One transaction; durable when it resolves (the server's `synchronous_commit`). A large batch
   * (a mass transition after an outage) goes in statements of at most WRITE_CHUNK rows, and the
   * event loop runs between them, so the lease's renew and watchdog are never starved.
   */
  async write(batch: readonly StoreWrite[]): Promise<void> {
    if (batch.length === 0) return;
    const { removed, members, jobs } = coalesce(batch);
    await this.#transaction(async (client) => {
      const change = await nextChange(client, true);
      if (removed.length > 0) await client.query('DELETE FROM members WHERE id = ANY($1::text[])', [removed]);
      for (const chunk of chunksOf(members)) {
        await client.query(UPSERT_MEMBERS, [
          chunk.map((m) => m.id),
          chunk.map((m) => stateOf(m)),
          chunk.map((m) => m.lastHeartbeatAt),
          chunk.map((m) => JSON.stringify(m)),
          chunk.map((m) => m.ctx.epoch),
          change,
        ]);
        if (members.length > WRITE_CHUNK) await yieldToEventLoop();
      }
      for (const chunk of chunksOf(jobs)) {
        await client.query(UPSERT_JOBS, [chunk.map((j) => j.id), chunk.map((j) => j.state), chunk.map((j) => j.memberId), chunk.map((j) => JSON.stringify(j)), change]);
        if (jobs.length > WRITE_CHUNK) await yieldToEventLoop();
      }
    });
  }

  async writeHeartbeats(beats: readonly HeartbeatTime[]): Promise<void> {
    if (beats.length === 0) return;
    const latest = new Map<string, number>(); // an UPDATE … FROM picks an arbitrary row among duplicates
    for (const beat of beats) latest.set(beat.memberId, beat.lastHeartbeatAt);
    await this.#transaction(async (client) => void (await client.query(SET_HEARTBEATS, [[...latest.keys()], [...latest.values()], await nextChange(client, false)])));
  }

  async getMeta(key: string): Promise<string | undefined> {
    const result = await this.pool.query<{ value: string }>('SELECT value FROM meta WHERE key = $1', [key]);
    return result.rows[0]?.value;
  }

  async setMeta(key: string, value: string): Promise<void> {
    const sql = 'INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value';
    await this.#transaction((client) => client.query(sql, [key, value]).then(() => {}));
  }

  /** Keeps `value` under `key` unless one is there already; returns what is kept (replicas starting together agree). */
  async claimMeta(key: string, value: string): Promise<string> {
    await this.pool.query('INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING', [key, value]);
    return (await this.getMeta(key)) ?? value;
  }

  async close(): Promise<void> {
    if (!this.#runner) await this.pool.end();
  }

  #transaction(run: (client: pg.PoolClient) => Promise<void>): Promise<void> {
    return this.#runner ? this.#runner(run) : inTransaction(this.pool, run);
  }
}
