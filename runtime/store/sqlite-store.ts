// The embedded Store (docs/behaviour.md §5): one SQLite file in WAL mode, through better-sqlite3. A
// member is a row of columns (sqlite-member-row.ts), a job a row of JSON with the few fields
// worth querying as columns; a member's `last_heartbeat_at` column is the authority for its
// heartbeat time, so the write-behind flush touches nothing else. See docs/store.md.
import Database from 'better-sqlite3';
import type { MemberRecord } from '../../machines/registry/member-table.ts';
import type { Job } from '../../machines/registry/registry.types.ts';
import type { RegistrySnapshot } from '../../machines/registry/registry.ts';
import { memberColumns, memberFromRow, memberRow, type MemberRow } from './sqlite-member-row.ts';
import { openDatabase } from './sqlite-open.ts';
import { migrations, type Migration } from './sqlite-schema.ts';
import type { HeartbeatTime, Store, StoreWrite } from './store.ts';

export interface SqliteStoreOptions {
  /** The schema steps to bring the file up to; the real list unless a test says otherwise. */
  migrations?: readonly Migration[];
}

const memberUpsert = `INSERT INTO members (${memberColumns.join(', ')}) VALUES (${memberColumns.map(() => '?').join(', ')})
  ON CONFLICT (id) DO UPDATE SET ${memberColumns.slice(1).map((c) => `${c} = excluded.${c}`).join(', ')}`;

function prepareStatements(db: Database.Database) {
  return {
    upsertMember: db.prepare<MemberRow>(memberUpsert),
    deleteMember: db.prepare<[string]>('DELETE FROM members WHERE id = ?'),
    upsertJob: db.prepare<[string, string, string | null, string]>(
      `INSERT INTO jobs (id, state, member_id, body) VALUES (?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET state = excluded.state, member_id = excluded.member_id, body = excluded.body`,
    ),
    setHeartbeat: db.prepare<[number, string]>('UPDATE members SET last_heartbeat_at = ? WHERE id = ?'),
    // rowid order is first-insertion order: an upsert keeps a row's rowid, a new row gets max + 1.
    selectMembers: db.prepare<[], MemberRow>(`SELECT ${memberColumns.join(', ')} FROM members ORDER BY rowid`).raw(),
    selectJobs: db.prepare<[], string>('SELECT body FROM jobs ORDER BY rowid').pluck(),
    getMeta: db.prepare<[string], string>('SELECT value FROM meta WHERE key = ?').pluck(),
    setMeta: db.prepare<[string, string]>(
      'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    ),
    syncFull: db.prepare('PRAGMA synchronous = FULL'),
    syncNormal: db.prepare('PRAGMA synchronous = NORMAL'),
  };
}

export class SqliteStore implements Store {
  readonly path: string;
  readonly #db: Database.Database;
  readonly #sql: ReturnType<typeof prepareStatements>;
  readonly #writeBatch: (batch: readonly StoreWrite[]) => void;
  readonly #writeBeats: (beats: readonly HeartbeatTime[]) => void;

  /** Opens (creating or migrating) the store at `path`; throws one clear line naming it. */
  static open(path: string, options: SqliteStoreOptions = {}): SqliteStore {
    return new SqliteStore(path, options);
  }

  constructor(path: string, options: SqliteStoreOptions = {}) {
    this.path = path;
    this.#db = openDatabase(path, options.migrations ?? migrations);
    const sql = prepareStatements(this.#db);
    this.#sql = sql;
    this.#writeBatch = this.#db.transaction((batch: readonly StoreWrite[]) => {
      for (const w of batch) {
        if (w.kind === 'member') sql.upsertMember.run(memberRow(w.member));
        else if (w.kind === 'member.removed') sql.deleteMember.run(w.memberId);
        else sql.upsertJob.run(w.job.id, w.job.state, w.job.memberId, JSON.stringify(w.job));
      }
    });
    this.#writeBeats = this.#db.transaction((beats: readonly HeartbeatTime[]) => {
      for (const beat of beats) sql.setHeartbeat.run(beat.lastHeartbeatAt, beat.memberId);
    });
  }

  load(): RegistrySnapshot {
    const members: MemberRecord[] = [];
    for (const row of this.#sql.selectMembers.iterate()) members.push(memberFromRow(row));
    const jobs = this.#sql.selectJobs.all().map((body) => JSON.parse(body) as Job);
    return { members, jobs };
  }

  /** One transaction, committed with `synchronous = FULL`: durable when this returns. */
  write(batch: readonly StoreWrite[]): void {
    if (batch.length > 0) this.#writeBatch(batch);
  }

  /**
   * One transaction at `synchronous = NORMAL`: in WAL mode the commit is not fsynced, so a
   * power cut (not a process crash) may lose the last flushes. That is acceptable for
   * heartbeat times only: a member restored with a slightly older heartbeat gets the restart
   * grace anyway. The next FULL commit fsyncs the WAL, these frames included.
   */
  writeHeartbeats(beats: readonly HeartbeatTime[]): void {
    if (beats.length === 0) return;
    this.#sql.syncNormal.run();
    try {
      this.#writeBeats(beats);
    } finally {
      this.#sql.syncFull.run();
    }
  }

  getMeta(key: string): string | undefined {
    return this.#sql.getMeta.get(key);
  }

  /** An autocommit at `synchronous = FULL`: durable when this returns. */
  setMeta(key: string, value: string): void {
    this.#sql.setMeta.run(key, value);
  }

  close(): void {
    if (this.#db.open) this.#db.close();
  }
}
