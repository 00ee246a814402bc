// A standby's own copy of the members and jobs, decoded and kept current, so that taking over
// needs no load of the whole cluster (docs/scale-out.md, "A warm standby"). Every write
// transaction stamps the rows it writes with its change number (runtime/store/postgres/
// postgres-store.ts), and numbers commit in order; a sync reads, in one snapshot, the rows
// stamped after the last number it saw, and the number the snapshot is current to. Syncs run on
// each announced change (a hint only), every few seconds (heartbeat times are not announced)
// and after a lost connection. Removed members leave no row to read: when the copy holds more
// members than the table, the table's IDs are read to drop the ones gone.
// A takeover (`takeOver`) runs one last sync after the lease is won. Taking the lease waits for
// every write of the old leader in flight and fences out any later one, so that sync sees every
// commit the old leader made. The records are then handed to the new core, not copied: the copy
// stops following, and starts over with a full read if this replica stands by again.
import type pg from 'pg';
import type { MemberRecord } from '../../machines/registry/member-table.ts';
import type { RegistrySnapshot } from '../../machines/registry/registry.ts';
import type { Job } from '../../machines/registry/registry.types.ts';
import { inSnapshot, pagesBySeq } from '../store/postgres/pg-pages.ts';
import { TABLES_CHANGED } from '../store/postgres/postgres-store.ts';
import { PgListener } from './pg-listener.ts';
import { RecordCopy } from './record-copy.ts';

/** Also re-read this often: heartbeat times are not announced, and a hint may be lost. */
export const SYNC_MS = 5_000;

interface MemberRow {
  id: string;
  seq: string;
  last_heartbeat_at: string;
  /** Null when only the heartbeat time changed since the number asked about. */
  body: string | null;
}

interface JobRow {
  id: string;
  seq: string;
  body: string;
}

const MEMBERS_SINCE = `
  SELECT id, seq, last_heartbeat_at, CASE WHEN body_change > $1 THEN body END AS body
  FROM members WHERE change > $1 AND seq > $2 ORDER BY seq LIMIT $3`;
const JOBS_SINCE = 'SELECT id, seq, body FROM jobs WHERE change > $1 AND seq > $2 ORDER BY seq LIMIT $3';
const MEMBER_IDS = 'SELECT id, seq FROM members WHERE seq > $1 ORDER BY seq LIMIT $2';

export class WarmRecords {
  readonly #pool: pg.Pool;
  readonly #listener: PgListener;
  #members = new RecordCopy<MemberRecord>();
  #jobs = new RecordCopy<Job>();
  /** The change number the copy is current to; -1 before the first read. */
  #seen = -1;
  /** When the records were handed to a core (performance.now()); null while following. */
  #givenAt: number | null = null;
  #timer: NodeJS.Timeout | null = null;
  #syncing: Promise<void> | null = null;
  #again = false;
  #stopped = false;

  constructor(pool: pg.Pool, url: string) {
    this.#pool = pool;
    this.#listener = new PgListener(url, TABLES_CHANGED, (change) => Number(change) > this.#seen && void this.sync(), () => void this.sync());
  }

  /** Listens, then reads everything: no change falls between the two. */
  async start(): Promise<void> {
    await this.#listener.start();
    await this.sync();
    this.#timer = setInterval(() => void this.#tick(), SYNC_MS);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearInterval(this.#timer);
    await this.#listener.close();
    await this.#syncing;
  }

  /** How many members the copy holds. */
  get size(): number {
    return this.#members.size;
  }

  /** The member as of the last sync; undefined if unknown, or while the records are handed over. */
  member(id: string): MemberRecord | undefined {
    return this.#members.get(id);
  }

  /** Reads what changed since the last sync; one sync runs at a time, and one more is queued behind it. */
  sync(): Promise<void> {
    if (this.#givenAt !== null || this.#stopped) return Promise.resolve();
    if (this.#syncing) {
      this.#again = true;
      return this.#syncing;
    }
    this.#syncing = this.#readChanges()
      .catch(() => {}) // the next hint or tick tries again, from the same number
      .finally(() => {
        this.#syncing = null;
        if (this.#again) {
          this.#again = false;
          void this.sync();
        }
      });
    return this.#syncing;
  }

  /**
   * Called under the newly won lease: the last sync, then every member and job as the database
   * holds them, each list in first-written order, as `PostgresStore.load` gives them.
   */
  async takeOver(): Promise<RegistrySnapshot> {
    this.#givenAt = performance.now(); // no sync starts from here: none may touch records the core owns
    await this.#syncing;
    await this.#readChanges();
    const snapshot = { members: this.#members.inOrder(), jobs: this.#jobs.inOrder() };
    this.#givenAt = performance.now();
    this.#members = new RecordCopy();
    this.#jobs = new RecordCopy();
    this.#seen = -1;
    return snapshot;
  }

  /** A standby again long after it handed its records over (its term never began): start over. */
  #tick(): Promise<void> {
    if (this.#givenAt !== null && performance.now() - this.#givenAt >= SYNC_MS) this.#givenAt = null;
    return this.sync();
  }

  async #readChanges(): Promise<void> {
    const seen = await inSnapshot(this.#pool, async (client) => {
      const current = Number((await client.query<{ n: string }>('SELECT n FROM rollcall_changes')).rows[0]!.n);
      if (current !== this.#seen) await this.#apply(client);
      return current;
    });
    this.#seen = seen;
  }

  /** Forgets the copy, so the next sync reads everything; fails this one. */
  #startOver(reason: string): never {
    this.#members = new RecordCopy();
    this.#jobs = new RecordCopy();
    this.#seen = -1;
    throw new Error(`standby copy out of step (${reason}); reading everything again`);
  }

  /** Applies the rows changed since `#seen`, in this transaction's snapshot. */
  async #apply(client: pg.PoolClient): Promise<void> {
    for await (const rows of pagesBySeq<MemberRow>(client, MEMBERS_SINCE, [this.#seen])) {
      for (const row of rows) this.#putMember(row);
    }
    for await (const rows of pagesBySeq<JobRow>(client, JOBS_SINCE, [this.#seen])) {
      for (const row of rows) this.#jobs.put(row.id, Number(row.seq), JSON.parse(row.body) as Job);
    }
    const count = Number((await client.query<{ n: string }>('SELECT count(*) AS n FROM members')).rows[0]!.n);
    if (count === this.#members.size) return;
    const ids = new Set<string>();
    for await (const rows of pagesBySeq<{ id: string; seq: string }>(client, MEMBER_IDS)) for (const row of rows) ids.add(row.id);
    this.#members.keepOnly(ids);
  }

  #putMember(row: MemberRow): void {
    if (row.body === null) {
      const held = this.#members.get(row.id);
      if (!held) return this.#startOver(`member ${row.id} changed but was never read`);
      held.lastHeartbeatAt = Number(row.last_heartbeat_at);
      return;
    }
    const member = JSON.parse(row.body) as MemberRecord;
    member.lastHeartbeatAt = Number(row.last_heartbeat_at);
    this.#members.put(row.id, Number(row.seq), member);
  }
}
