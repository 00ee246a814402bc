// The SQLite store's schema as a list of migrations. `PRAGMA user_version` holds how many have
// run; opening a file runs the missing ones, each in its own transaction with its version
// bump, so a crash mid-migration leaves the file at the last complete version. A later version
// appends to the list (e.g. `ALTER TABLE members ADD COLUMN …`) and never edits an entry.
import type Database from 'better-sqlite3';

export interface Migration {
  /** What it changes, for the error message when it fails. */
  name: string;
  sql: string;
}

export const migrations: readonly Migration[] = [
  {
    name: 'members, jobs and meta tables',
    sql: `
      CREATE TABLE members (
        id TEXT PRIMARY KEY,
        state TEXT NOT NULL,
        last_heartbeat_at INTEGER NOT NULL,
        body TEXT NOT NULL
      );
      CREATE INDEX members_by_state ON members (state);
      CREATE TABLE jobs (
        id TEXT PRIMARY KEY,
        state TEXT NOT NULL,
        member_id TEXT,
        body TEXT NOT NULL
      );
      CREATE INDEX jobs_by_state ON jobs (state);
      CREATE TABLE meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );
    `,
  },
  {
    // Reading 1 M JSON bodies was most of a restart (docs/performance.md, "Registry core at
    // 10k, 100k and 1M members"). The rows are copied in rowid order, rowids kept, so members
    // still load in first-insertion order.
    name: "members' fields as columns",
    sql: `
      CREATE TABLE members_v2 (
        id TEXT PRIMARY KEY,
        state TEXT NOT NULL,
        substate TEXT,
        last_heartbeat_at INTEGER NOT NULL,
        name TEXT NOT NULL,
        address TEXT NOT NULL,
        secret TEXT NOT NULL,
        session_token TEXT NOT NULL,
        registered_at INTEGER NOT NULL,
        load_factor REAL NOT NULL,
        dial_failures INTEGER NOT NULL,
        next_dial_at INTEGER NOT NULL,
        epoch INTEGER NOT NULL,
        max_concurrent_jobs INTEGER NOT NULL,
        current_jobs INTEGER NOT NULL,
        check_failures INTEGER NOT NULL,
        hold_until INTEGER NOT NULL,
        since INTEGER NOT NULL,
        left_gracefully INTEGER NOT NULL,
        draining INTEGER NOT NULL,
        default_name INTEGER,
        instance TEXT,
        taken_over INTEGER,
        address_identity INTEGER,
        address_taken INTEGER,
        body TEXT
      );
      INSERT INTO members_v2 (rowid, id, state, substate, last_heartbeat_at, name, address, secret, session_token,
          registered_at, load_factor, dial_failures, next_dial_at, epoch, max_concurrent_jobs, current_jobs, check_failures,
          hold_until, since, left_gracefully, draining, default_name, instance, taken_over, address_identity, address_taken, body)
        SELECT rowid, id, state, CASE json_type(body, '$.value') WHEN 'object' THEN body ->> '$.value.active' END,
          last_heartbeat_at, body ->> '$.name', body ->> '$.address', body ->> '$.secret', body ->> '$.sessionToken',
          body ->> '$.registeredAt', body ->> '$.loadFactor', body ->> '$.dialFailures', body ->> '$.nextDialAt',
          body ->> '$.ctx.epoch', body ->> '$.ctx.maxConcurrentJobs', body ->> '$.ctx.currentJobs', body ->> '$.ctx.checkFailures',
          body ->> '$.ctx.holdUntil', body ->> '$.ctx.since', body ->> '$.ctx.leftGracefully', body ->> '$.ctx.draining',
          body ->> '$.defaultName', body ->> '$.instance', body ->> '$.takenOver', body ->> '$.addressIdentity', body ->> '$.addressTaken',
          CASE WHEN body -> '$.capabilities' = '{}' AND body -> '$.labels' = '{}' AND body -> '$.resources' = '{}'
                    AND body -> '$.ctx.recoveries' = '[]' THEN NULL
               ELSE json_object('capabilities', body -> '$.capabilities', 'labels', body -> '$.labels',
                                'resources', body -> '$.resources', 'recoveries', body -> '$.ctx.recoveries') END
        FROM members ORDER BY rowid;
      DROP TABLE members;
      ALTER TABLE members_v2 RENAME TO members;
      CREATE INDEX members_by_state ON members (state);
    `,
  },
];

/** Brings the file up to `list.length`; returns the version it found. */
export function migrate(db: Database.Database, list: readonly Migration[]): number {
  const found = db.pragma('user_version', { simple: true }) as number;
  if (found > list.length) {
    throw new Error(`schema version ${found} is newer than this rollcall understands (${list.length}); use a newer rollcall`);
  }
  for (let version = found; version < list.length; version++) {
    const step = list[version]!;
    try {
      db.transaction(() => {
        db.exec(step.sql);
        db.pragma(`user_version = ${version + 1}`);
      }).immediate();
    } catch (error) {
      throw new Error(`schema migration ${version + 1} (${step.name}) failed: ${(error as Error).message}`, { cause: error });
    }
  }
  return found;
}
